// The Store backend a server runs on, chosen from configuration (api.md "Running"): the embedded
// SQLite file in DATA_DIR unless DATABASE_URL names a PostgreSQL database. Every backend passes the
// contract suite in tests/contract/.
import path from 'node:path';
import pg from 'pg';
import { ConfigError, type Config } from '../config/config';
import { openPgStore, PgSchemaTooNewError } from './pg';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export type StoreConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>;

/** Opens the configured backend; `now` is the clock sessions expire by. */
export async function openStore(config: StoreConfig, now: () => number): Promise<Store> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, now);
  return openSqliteStore({ file: path.join(config.DATA_DIR, 'redsail.db'), now });
}

// SQLSTATE classes that mean "cannot get a working session": connection exception (08), invalid
// authorization (28), invalid catalog name — no such database (3D), insufficient resources (53),
// operator intervention — shutting down or starting up (57).
const UNREACHABLE_CLASSES = ['08', '28', '3D', '53', '57'];

async function openPostgres(url: string, now: () => number): Promise<Store> {
  try {
    return await openPgStore({ url, now });
  } catch (error) {
    if (error instanceof PgSchemaTooNewError) throw new ConfigError(error.message);
    if (error instanceof pg.DatabaseError && !UNREACHABLE_CLASSES.includes(error.code?.slice(0, 2) ?? '')) {
      throw error;
    }
    // Host and port only: the URL may carry a password.
    const u = new URL(url);
    throw new ConfigError(
      `PostgreSQL at ${u.hostname}:${u.port || '5432'} is not reachable: ${reason(error)}; check DATABASE_URL`,
    );
  }
}

/** A connection error's message; Node's AggregateError (one attempt per address) has none of its own. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (error.message) return error.message;
  if (error instanceof AggregateError && error.errors[0] instanceof Error && error.errors[0].message) {
    return error.errors[0].message;
  }
  return code ?? error.name;
}
