// Backup and restore of the configured store, one implementation per backend behind one shape
// (scripts/backup.ts, scripts/restore.ts, docs/backup.md): SQLite's online backup API for the file in
// DATA_DIR, pg_dump / pg_restore for DATABASE_URL.
import path from 'node:path';
import type { Config } from '../config/config';
import { postgresBackup } from './pg/backup';
import { sqliteBackup } from './sqlite/backup';

export interface StoreBackup {
  /** The store, as told to the operator (a file, or a database's host and name). */
  where: string;
  /** An online, consistent copy of the store into `file` (mode 0600), checked before it is in place. */
  backup(file: string, progress: (message: string) => void): Promise<{ schemaVersion: number }>;
  /** Checks `file` is a sound backup; its schema version. Throws a BackupError if not. */
  inspect(file: string): Promise<number>;
  /** The newest schema version this build knows (a backup of a newer one is refused). */
  knownVersion: number;
  /** Whether a server (or another client) uses the store now. */
  inUse(): Promise<boolean>;
  /** Whether the target holds a store already. */
  hasStore(): Promise<boolean>;
  /** Puts the (inspected) backup in place of whatever is there; nothing changes if it fails. */
  restore(file: string): Promise<void>;
}

export function storeBackup(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>): StoreBackup {
  if (config.DATABASE_URL) return postgresBackup(config.DATABASE_URL);
  return sqliteBackup(path.join(config.DATA_DIR, 'redsail.db'));
}
