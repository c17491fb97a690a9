// Takes the store's write lock from outside the server, so its commits wait (or fail, and are retried
// by the write queue) until the returned release is called. SQLite: BEGIN IMMEDIATE on the store file,
// beside the server's own WAL connections. PostgreSQL: a transaction holding `tables` in EXCLUSIVE
// mode (reads go on, writes to them wait). The release may be called more than once.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { testBackend } from './backends';

export async function holdStoreWriteLock(dataDir: string, tables: string): Promise<() => Promise<void>> {
  const backend = testBackend();
  if (backend.name === 'postgres') {
    const { DATABASE_URL } = await backend.prepare(dataDir);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${tables} IN EXCLUSIVE MODE`);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await client.query('ROLLBACK');
      await client.end();
    };
  }
  const db = new Database(path.join(dataDir, 'redsail.db'));
  db.exec('BEGIN IMMEDIATE');
  return () => {
    if (db.open) {
      db.exec('ROLLBACK');
      db.close();
    }
    return Promise.resolve();
  };
}
