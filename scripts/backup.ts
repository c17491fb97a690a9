// `npm run backup -- <file>`: an online backup of the configured store (DATA_DIR's SQLite file, or
// DATABASE_URL's database with pg_dump) into <file>, mode 0600, checked before it is in place; the
// server may keep running. Progress and the summary go to stderr. docs/backup.md.
import path from 'node:path';
import { ConfigError, loadConfig } from '../server/src/config/config';
import { storeBackup } from '../server/src/store/backup';
import { BackupError } from '../server/src/store/backup-files';
import { keyNotice } from './lib/backup-key';

const say = (msg: string) => process.stderr.write(`${msg}\n`);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0]?.startsWith('-')) {
    say('usage: npm run backup -- <file>');
    return 2;
  }
  const file = path.resolve(args[0] ?? '');
  const config = loadConfig(process.env);
  const store = storeBackup(config);
  const started = Date.now();
  say(`backing up ${store.where} to ${file}`);
  const { schemaVersion } = await store.backup(file, (m) => say(`  ${m}`));
  say(
    `backup done in ${((Date.now() - started) / 1000).toFixed(1)} s: schema version ${schemaVersion}, checked`,
  );
  say(keyNotice(config));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError || err instanceof ConfigError) say(`backup failed: ${err.message}`);
    else say(`backup failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
