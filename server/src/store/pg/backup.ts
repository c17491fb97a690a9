// Backup and restore of the PostgreSQL store (docs/backup.md) with Debian's pg_dump and pg_restore: a
// custom-format dump (pg_dump's own snapshot keeps it consistent while the servers write), checked with
// `pg_restore --list`; a restore in one transaction, so a damaged file changes nothing. The password
// of DATABASE_URL goes to the tools in PGPASSWORD, never on their command line.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { BackupError, type StoreBackup, writeWhole } from '../backup-files';
import { PG_MIGRATIONS } from './migrations';

const run = promisify(execFile);

/** The URL without its password, and the environment that carries it. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env };
}

async function tool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(bin, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new BackupError(`${bin} was not found: install postgresql-client`);
    throw new BackupError(
      `${bin} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(0, 5).join('\n')}`,
    );
  }
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((err: unknown) => {
    const u = new URL(url); // host, port and database only: the URL may carry a password
    throw new BackupError(
      `PostgreSQL database ${u.pathname.slice(1)} at ${u.hostname}:${u.port || '5432'} is not reachable: ${(err as Error).message} (restore needs an existing, empty database: createdb)`,
    );
  });
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The dump's schema version, read from its schema_migrations data; a BackupError if it is no sound dump. */
async function inspect(file: string): Promise<number> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist`);
  const env = process.env;
  const list = await tool('pg_restore', ['--list', file], env);
  if (!/TABLE DATA \S+ schema_migrations /.test(list)) {
    throw new BackupError(`${file} is not a dump of a Redsail store (no schema_migrations data)`);
  }
  const sql = await tool('pg_restore', ['--data-only', '--table=schema_migrations', '--file=-', file], env);
  const copy = /COPY \S*schema_migrations \([^)]*\) FROM stdin;\n([\s\S]*?)\n\\\./.exec(sql);
  const versions = (copy?.[1] ?? '').split('\n').map((line) => Number(line.split('\t')[0]));
  if (versions.length === 0 || versions.some((v) => !Number.isInteger(v))) {
    throw new BackupError(`${file} has no readable schema version`);
  }
  return Math.max(...versions);
}

/** The backup of the database at `url` (DATABASE_URL). */
export function postgresBackup(url: string): StoreBackup {
  const { dbname, env } = connection(url);
  const u = new URL(url);
  return {
    where: `PostgreSQL ${u.hostname}:${u.port || '5432'}${u.pathname}`,
    async backup(file, progress) {
      progress('pg_dump running');
      const schemaVersion = await writeWhole(file, async (partial) => {
        await tool(
          'pg_dump',
          ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${dbname}`],
          env,
        );
        return inspect(partial);
      });
      return { schemaVersion };
    },
    inspect,
    knownVersion: PG_MIGRATIONS.length,
    async inUse() {
      const rows = await query<{ n: number }>(
        url,
        "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
      );
      return (rows[0]?.n ?? 0) > 0;
    },
    async hasStore() {
      const rows = await query<{ t: string | null }>(
        url,
        "SELECT to_regclass('schema_migrations')::text AS t",
      );
      return rows[0]?.t != null;
    },
    async restore(file) {
      await tool(
        'pg_restore',
        // --clean drops what a previous store left (restore refuses that unless --force).
        [
          '--clean',
          '--if-exists',
          '--no-owner',
          '--single-transaction',
          '--exit-on-error',
          `--dbname=${dbname}`,
          file,
        ],
        env,
      );
    },
  };
}
