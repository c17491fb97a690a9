// Notification channels and their delivery log on PostgreSQL (migration 4): a delivery is claimed once
// per channel and key by the table's UNIQUE constraint, so across nodes one claim wins.
import type pg from 'pg';
import type { ChannelRecord, DeliveryFilter, DeliveryRecord, NotificationStore } from '../store';
import { inTransaction } from './pool';
import { fromRow, insertOne, selectFrom, type Table } from './table-sql';

const CHANNELS: Table<ChannelRecord> = {
  name: 'notification_channels',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    type: ['type', 'text'],
    name: ['name', 'text'],
    url: ['url', 'text'],
    secret: ['secret', 'text'],
    minPriority: ['min_priority', 'text'],
    compoundIds: ['compound_ids', 'jsonb'],
    createdBy: ['created_by', 'text'],
    createdAt: ['created_at', 'bigint'],
  },
};

const DELIVERIES: Table<DeliveryRecord> = {
  name: 'notification_deliveries',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    channelId: ['channel_id', 'text'],
    key: ['key', 'text'],
    at: ['at', 'bigint'],
    event: ['event', 'text'],
    ticketId: ['ticket_id', 'text'],
    level: ['level', 'integer'],
    attempts: ['attempts', 'integer'],
    ok: ['ok', 'boolean'],
    status: ['status', 'integer'],
    error: ['error', 'text'],
    doneAt: ['done_at', 'bigint'],
  },
};

type Create = (t: Table<ChannelRecord>, what: string, record: ChannelRecord) => Promise<void>;

/** The NotificationStore part of the PostgreSQL store; `run` guards every call against a closed store. */
export function pgNotifications(
  pool: pg.Pool,
  run: <T>(work: () => Promise<T>) => Promise<T>,
  create: Create,
): NotificationStore {
  const rows = async <R>(text: string, values: unknown[] = []): Promise<R[]> =>
    (await pool.query<Record<string, unknown>>(text, values)).rows.map((r) => fromRow<R>(r));
  const changed = async (text: string, values: unknown[]) =>
    ((await pool.query(text, values)).rowCount ?? 0) > 0;
  return {
    createChannel: (c) => create(CHANNELS, `channel ${c.id}`, c),
    getChannel: (id) =>
      run(async () => (await rows<ChannelRecord>(`${selectFrom(CHANNELS)} WHERE id = $1`, [id]))[0]),
    listChannels: () => run(() => rows<ChannelRecord>(`${selectFrom(CHANNELS)} ORDER BY created_at, id`)),
    deleteChannel: (id) =>
      run(() =>
        inTransaction(pool, async (client) => {
          await client.query('DELETE FROM notification_deliveries WHERE channel_id = $1', [id]);
          return (
            ((await client.query('DELETE FROM notification_channels WHERE id = $1', [id])).rowCount ?? 0) > 0
          );
        }),
      ),
    claimDelivery: (d) =>
      run(() => {
        const q = insertOne(DELIVERIES, d);
        return changed(`${q.text} ON CONFLICT (channel_id, key) DO NOTHING`, q.values);
      }),
    updateDelivery: (d) =>
      run(() =>
        changed(
          'UPDATE notification_deliveries SET attempts = $1, ok = $2, status = $3, error = $4, done_at = $5 WHERE id = $6',
          [d.attempts, d.ok, d.status ?? null, d.error ?? null, d.doneAt ?? null, d.id],
        ),
      ),
    listDeliveries: (channelId, f: DeliveryFilter = {}) =>
      run(() => {
        const values: unknown[] = [channelId];
        let where = 'channel_id = $1';
        if (f.before !== undefined) {
          values.push(f.before);
          where +=
            ' AND (at, id) < (SELECT at, id FROM notification_deliveries WHERE id = $2 AND channel_id = $1)';
        }
        const limit = f.limit === undefined ? null : Math.max(0, Math.floor(f.limit));
        values.push(limit);
        return rows<DeliveryRecord>(
          `${selectFrom(DELIVERIES)} WHERE ${where} ORDER BY at DESC, id DESC LIMIT $${values.length}`,
          values,
        );
      }),
  };
}
