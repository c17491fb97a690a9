// Opening a connection to the store file: the pragmas every connection needs, and the migrations for the
// connection that opens the store first.
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { prepareStoreFile, restrictStoreFiles } from './private-files';

export const BUSY_TIMEOUT_MS = 5_000;

/** Opens `file`; with `migrations`, creates or upgrades the schema first. Throws on failure. */
export function openDatabase(file: string, migrations: boolean): Database.Database {
  if (file !== ':memory:') prepareStoreFile(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (migrations) migrate(db, file);
    if (file !== ':memory:') restrictStoreFiles(file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
