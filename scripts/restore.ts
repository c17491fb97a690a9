// `npm run restore -- [--force] [--key <file>] [--no-key] <file>`: puts a backup made by `npm run
// backup` in place as the configured store (DATA_DIR's SQLite file, or DATABASE_URL's database). The
// file is checked first (integrity, a Redsail store, a schema this build knows; an older one is migrated
// by the next start); a store in use by a server is refused, and one already there unless --force;
// a refused restore changes nothing. docs/backup.md.
import path from 'node:path';
import { ConfigError, loadConfig } from '../server/src/config/config';
import { storeBackup } from '../server/src/store/backup';
import { BackupError } from '../server/src/store/backup-files';
import { planKey } from './lib/backup-key';

const say = (msg: string) => process.stderr.write(`${msg}\n`);
const USAGE = 'usage: npm run restore -- [--force] [--key <device-secret.key>] [--no-key] <backup file>';

function parseArgs(
  argv: string[],
): { file: string; force: boolean; noKey: boolean; keyFile?: string } | undefined {
  let file: string | undefined;
  let keyFile: string | undefined;
  let force = false;
  let noKey = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--force') force = true;
    else if (a === '--no-key') noKey = true;
    else if (a === '--key' && argv[i + 1] !== undefined) keyFile = path.resolve(argv[++i] ?? '');
    else if (!a.startsWith('-') && file === undefined) file = path.resolve(a);
    else return undefined;
  }
  if (file === undefined) return undefined;
  return { file, force, noKey, ...(keyFile !== undefined && { keyFile }) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    say(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const store = storeBackup(config);
  const version = await store.inspect(args.file);
  if (version > store.knownVersion) {
    throw new BackupError(
      `${args.file} is from a newer Redsail (schema version ${version}; this build knows up to ${store.knownVersion}): restore it with that version or newer`,
    );
  }
  const key = planKey(config, args);
  if (await store.inUse())
    throw new BackupError(`${store.where} is in use by a running server: stop it first`);
  if ((await store.hasStore()) && !args.force)
    throw new BackupError(`${store.where} holds a store already: --force replaces it`);
  await store.restore(args.file);
  say(`restored ${args.file} into ${store.where} (schema version ${version})`);
  if (version < store.knownVersion) say(`the next start migrates it to schema version ${store.knownVersion}`);
  say(key.place());
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError || err instanceof ConfigError) say(`restore refused: ${err.message}`);
    else say(`restore failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
