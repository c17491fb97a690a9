// Shift handovers (store/handovers.ts) on PostgreSQL (migration 10): the snapshot as jsonb; newest first
// with keyset paging; the sign-off a conditional update (acked_at IS NULL): one winner across nodes.
import type pg from 'pg';
import type { HandoverRecord, HandoverStore } from '../handovers';
import { fromRow, selectFrom, type Table } from './table-sql';

const HANDOVERS: Table<HandoverRecord> = {
  name: 'handovers',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    from: ['from_user', 'text'],
    note: ['note', 'text'],
    snapshot: ['snapshot', 'jsonb'],
    createdAt: ['created_at', 'bigint'],
    ackedBy: ['acked_by', 'text'],
    ackedAt: ['acked_at', 'bigint'],
    ackNote: ['ack_note', 'text'],
  },
};

type Run = <T>(work: () => Promise<T>) => Promise<T>;
type Create = <R>(t: Table<R>, what: string, record: R) => Promise<void>;

export function pgHandovers(pool: pg.Pool, run: Run, create: Create): HandoverStore {
  const select = selectFrom(HANDOVERS);
  const rows = async (text: string, values: unknown[]) =>
    (await pool.query<Record<string, unknown>>(text, values)).rows.map((r) => fromRow<HandoverRecord>(r));
  return {
    createHandover: (h) => create(HANDOVERS, `handover ${h.id}`, h),
    getHandover: (id) => run(async () => (await rows(`${select} WHERE id = $1`, [id]))[0]),
    listHandovers: (f = {}) =>
      run(() => {
        const where: string[] = [];
        const values: unknown[] = [];
        if (f.pending === true) where.push('acked_at IS NULL');
        if (f.pending === false) where.push('acked_at IS NOT NULL');
        if (f.before) {
          const at = `$${values.push(f.before.at)}`;
          where.push(`(created_at < ${at} OR (created_at = ${at} AND id < $${values.push(f.before.id)}))`);
        }
        const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
        const limit = `$${values.push(f.limit === undefined ? null : Math.max(0, Math.floor(f.limit)))}`;
        return rows(`${select}${clause} ORDER BY created_at DESC, id DESC LIMIT ${limit}`, values);
      }),
    ackHandover: (id, at, by, note) =>
      run(
        async () =>
          ((
            await pool.query(
              'UPDATE handovers SET acked_at = $1, acked_by = $2, ack_note = $3 WHERE id = $4 AND acked_at IS NULL',
              [at, by, note ?? null, id],
            )
          ).rowCount ?? 0) > 0,
      ),
  };
}
