// Integrations (store/integrations.ts) on PostgreSQL (migration 10): the API key as a hash,
// revocation once, and the last use (only ever moved forward).
import type pg from 'pg';
import type { IntegrationRecord, IntegrationStore } from '../integrations';
import { fromRow, selectFrom, type Table } from './table-sql';

const INTEGRATIONS: Table<IntegrationRecord> = {
  name: 'integrations',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    name: ['name', 'text'],
    source: ['source', 'text'],
    secretHash: ['secret_hash', 'text'],
    createdBy: ['created_by', 'text'],
    createdAt: ['created_at', 'bigint'],
    revokedAt: ['revoked_at', 'bigint'],
    revokedBy: ['revoked_by', 'text'],
    lastUsedAt: ['last_used_at', 'bigint'],
  },
};

type Run = <T>(work: () => Promise<T>) => Promise<T>;
type Create = <R>(t: Table<R>, what: string, record: R) => Promise<void>;

export function pgIntegrations(pool: pg.Pool, run: Run, create: Create): IntegrationStore {
  const select = selectFrom(INTEGRATIONS);
  const rows = async (text: string, values: unknown[]) =>
    (await pool.query<Record<string, unknown>>(text, values)).rows.map((r) => fromRow<IntegrationRecord>(r));
  return {
    createIntegration: (i) => create(INTEGRATIONS, `integration ${i.id}`, i),
    getIntegration: (id) => run(async () => (await rows(`${select} WHERE id = $1`, [id]))[0]),
    listIntegrations: () => run(() => rows(`${select} ORDER BY created_at, id`, [])),
    revokeIntegration: (id, at, by) =>
      run(
        async () =>
          ((
            await pool.query(
              'UPDATE integrations SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL',
              [at, by, id],
            )
          ).rowCount ?? 0) > 0,
      ),
    touchIntegration: (id, at) =>
      run(async () => {
        await pool.query(
          'UPDATE integrations SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)',
          [at, id],
        );
      }),
  };
}
