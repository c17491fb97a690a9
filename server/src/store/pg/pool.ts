// The connection pool of the PostgreSQL store: int8 (BIGINT, count(*)) parsed as a JS number (epoch ms
// and counts stay far below 2^53), idle-client errors kept from becoming unhandled 'error' events, and
// the transaction helper every multi-statement write goes through. The store logs nothing: errors are
// returned to the caller as rejected promises.
import pg from 'pg';

const INT8_OID = 20;
const ignore = (): void => undefined;

// Per pool, not global: other users of pg in the same process keep the default parsers.
const types = new pg.TypeOverrides();
types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));

export interface PoolOptions {
  url: string;
  /** Connections kept at most (default 10). */
  max?: number;
}

export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'redsail',
  });
  // An idle client that loses its connection (server restart, network) emits 'error' on the pool; the
  // next query gets a fresh connection or rejects, so there is nothing to do here but not crash.
  pool.on('error', ignore);
  return pool;
}

/** PostgreSQL's unique_violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION;
}

/**
 * Runs `work` on one pooled client, outside any transaction. While checked out, a lost connection is
 * an 'error' event on the client (the pool listens only to idle ones): the running query rejects with
 * it, so the event itself needs no handling. A client whose connection failed is not given back.
 */
export async function withClient<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, broken: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  client.on('error', ignore);
  let failed: Error | undefined;
  try {
    return await work(client, (error) => {
      failed = error instanceof Error ? error : new Error(String(error));
    });
  } finally {
    client.removeListener('error', ignore);
    client.release(failed);
  }
}

/** Runs `work` in one transaction on one pooled client: COMMIT on success, ROLLBACK on any error. */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client, broken) => {
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection itself is gone.
      await client.query('ROLLBACK').catch(broken);
      throw error;
    }
  });
}
