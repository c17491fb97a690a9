// The Store backend a server runs on, chosen from configuration (api.md "Running"): the embedded
// SQLite file in DATA_DIR unless DATABASE_URL names a PostgreSQL database. Every backend passes the
// contract suite in tests/contract/.
import path from 'node:path';
import { ConfigError, type Config } from '../config/config';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export type StoreConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>;

/** Opens the configured backend; `now` is the clock sessions expire by. */
export function openStore(config: StoreConfig, now: () => number): Store {
  if (config.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL is set, but the PostgreSQL store is not available in this version: unset DATABASE_URL to keep the data in DATA_DIR.',
    );
  }
  return openSqliteStore({ file: path.join(config.DATA_DIR, 'redsail.db'), now });
}
