// Backup and restore of the configured store, one implementation per backend behind one shape
// (scripts/backup.ts, scripts/restore.ts, docs/backup.md): SQLite's online backup API for the file in
// DATA_DIR, pg_dump / pg_restore for DATABASE_URL.
import path from 'node:path';
import type { Config } from '../config/config';
import { postgresBackup } from './pg/backup';
import { sqliteBackup } from './sqlite/backup';
import type { StoreBackup } from './backup-files';

export type { StoreBackup } from './backup-files';

export function storeBackup(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>): StoreBackup {
  if (config.DATABASE_URL) return postgresBackup(config.DATABASE_URL);
  return sqliteBackup(path.join(config.DATA_DIR, 'redsail.db'));
}
