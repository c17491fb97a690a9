// Backup tests' helpers: a backup of a store from a newer schema than this build knows, and a
// fingerprint of a store read without starting a server on it (which would create or migrate one).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresBackup } from '../../server/src/store/pg/backup';
import { migrate as migratePg, PG_MIGRATIONS } from '../../server/src/store/pg/migrations';
import { MIGRATIONS } from '../../server/src/store/sqlite/migrations';
import { sqliteBackup } from '../../server/src/store/sqlite/backup';
import type { TestBackend } from './backends';
import { testDatabase } from './postgres-db';
import { tempDir } from './server';

const NEWER = 999;

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** A backup file (made by the backend's own backup) of a store at schema version 999. */
export async function newerSchemaBackup(backendName: string, file: string): Promise<string> {
  const create = 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)';
  const insert = `INSERT INTO schema_migrations VALUES (1, 0), (${NEWER}, 0)`;
  if (backendName === 'postgres') {
    const db = await testDatabase();
    try {
      await sql(db.url, `${create}; ${insert}`);
      await postgresBackup(db.url).backup(file, () => {});
    } finally {
      await db.drop();
    }
    return file;
  }
  const dir = tempDir();
  const dbFile = path.join(dir, 'redsail.db');
  const db = new Database(dbFile);
  db.exec(`${create}; ${insert}`);
  db.close();
  await sqliteBackup(dbFile).backup(file, () => {});
  rmSync(dir, { recursive: true, force: true });
  return file;
}

/** A backup (made by the backend's own backup) of an empty store one schema version behind this build. */
export async function olderSchemaBackup(backendName: string, file: string): Promise<{ version: number }> {
  if (backendName === 'postgres') {
    const db = await testDatabase();
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await migratePg(client, PG_MIGRATIONS.slice(0, -1));
      } finally {
        await client.end();
      }
      await postgresBackup(db.url).backup(file, () => {});
    } finally {
      await db.drop();
    }
    return { version: PG_MIGRATIONS.length - 1 };
  }
  const dir = tempDir();
  const dbFile = path.join(dir, 'redsail.db');
  const db = new Database(dbFile);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  for (const [i, sql] of MIGRATIONS.slice(0, -1).entries()) {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(i + 1);
  }
  db.close();
  await sqliteBackup(dbFile).backup(file, () => {});
  rmSync(dir, { recursive: true, force: true });
  return { version: MIGRATIONS.length - 1 };
}

/** The schema version of the store of `dataDir` (0 when there is none). */
export async function storeSchemaVersion(backend: TestBackend, dataDir: string): Promise<number> {
  const env = await backend.prepare(dataDir);
  const query = 'SELECT coalesce(max(version), 0) AS v FROM schema_migrations';
  if (env.DATABASE_URL) return (await sql<{ v: number }>(env.DATABASE_URL, query))[0]?.v ?? 0;
  const db = new Database(path.join(dataDir, 'redsail.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(query).get() as { v: number }).v;
  } finally {
    db.close();
  }
}

/**
 * The store of `dataDir` as a comparable value, 'empty' when there is none: the SQLite file's hash, or
 * (PostgreSQL) a hash of its tickets, devices and users.
 */
export async function storeFingerprint(backend: TestBackend, dataDir: string): Promise<string> {
  const env = await backend.prepare(dataDir);
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    const [found] = await sql<{ t: string | null }>(
      url,
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    if (found?.t == null) return 'empty';
    const rows = await sql<{ h: string }>(
      url,
      `SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY id) FROM tickets t), '') ||
        coalesce((SELECT string_agg(d::text, '|' ORDER BY id) FROM devices d), '') ||
        coalesce((SELECT string_agg(u::text, '|' ORDER BY username) FROM users u), '')) AS h`,
    );
    return rows[0]?.h ?? 'empty';
  }
  const file = path.join(dataDir, 'redsail.db');
  if (!existsSync(file) || statSync(file).size === 0) return 'empty';
  const hash = createHash('sha256').update(readFileSync(file));
  if (existsSync(`${file}-wal`)) hash.update(readFileSync(`${file}-wal`));
  return hash.digest('hex');
}
