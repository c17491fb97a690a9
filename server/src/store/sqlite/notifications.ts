// Notification channel rows and their delivery log (api.md "Field work and notifications", Channels):
// compound ids as JSON, a delivery claimed once per channel and key (UNIQUE), listed newest first.
import type Database from 'better-sqlite3';
import type { ChannelRecord, DeliveryFilter, DeliveryRecord } from '../store';
import { fromJsonOrNull, omitNulls } from './rows';

interface ChannelRow {
  id: string;
  type: string;
  name: string;
  url: string;
  secret: string | null;
  min_priority: string;
  compound_ids: string | null;
  created_by: string;
  created_at: number;
}

interface DeliveryRow {
  id: string;
  channel_id: string;
  key: string;
  at: number;
  event: string;
  ticket_id: string | null;
  level: number | null;
  attempts: number;
  ok: number;
  status: number | null;
  error: string | null;
  done_at: number | null;
}

const channelToRow = (c: ChannelRecord): ChannelRow => ({
  id: c.id,
  type: c.type,
  name: c.name,
  url: c.url,
  secret: c.secret ?? null,
  min_priority: c.minPriority,
  compound_ids: c.compoundIds === undefined ? null : JSON.stringify(c.compoundIds),
  created_by: c.createdBy,
  created_at: c.createdAt,
});

const channelFromRow = (r: ChannelRow): ChannelRecord =>
  omitNulls<ChannelRecord>({
    id: r.id,
    type: r.type as ChannelRecord['type'],
    name: r.name,
    url: r.url,
    secret: r.secret,
    minPriority: r.min_priority as ChannelRecord['minPriority'],
    compoundIds: fromJsonOrNull<string[]>(r.compound_ids),
    createdBy: r.created_by,
    createdAt: r.created_at,
  });

const deliveryToRow = (d: DeliveryRecord): DeliveryRow => ({
  id: d.id,
  channel_id: d.channelId,
  key: d.key,
  at: d.at,
  event: d.event,
  ticket_id: d.ticketId ?? null,
  level: d.level ?? null,
  attempts: d.attempts,
  ok: d.ok ? 1 : 0,
  status: d.status ?? null,
  error: d.error ?? null,
  done_at: d.doneAt ?? null,
});

const deliveryFromRow = (r: DeliveryRow): DeliveryRecord =>
  omitNulls<DeliveryRecord>({
    id: r.id,
    channelId: r.channel_id,
    key: r.key,
    at: r.at,
    event: r.event,
    ticketId: r.ticket_id,
    level: r.level,
    attempts: r.attempts,
    ok: r.ok === 1,
    status: r.status,
    error: r.error,
    doneAt: r.done_at,
  });

const cols = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
const params = (names: readonly string[]) => names.map((c) => `@${c}`).join(', ');
const CHANNEL_COLUMNS = [
  'id',
  'type',
  'name',
  'url',
  'secret',
  'min_priority',
  'compound_ids',
  'created_by',
  'created_at',
] as const satisfies readonly (keyof ChannelRow)[];
const DELIVERY_COLUMNS = [
  'id',
  'channel_id',
  'key',
  'at',
  'event',
  'ticket_id',
  'level',
  'attempts',
  'ok',
  'status',
  'error',
  'done_at',
] as const satisfies readonly (keyof DeliveryRow)[];
const CHANNELS = `SELECT ${cols(CHANNEL_COLUMNS)} FROM notification_channels`;
const DELIVERIES = `SELECT ${cols(DELIVERY_COLUMNS)} FROM notification_deliveries`;

export function notificationStatements(db: Database.Database) {
  const insertChannel = db.prepare<[ChannelRow]>(
    `INSERT INTO notification_channels (${cols(CHANNEL_COLUMNS)}) VALUES (${params(CHANNEL_COLUMNS)})`,
  );
  const getChannel = db.prepare<[string], ChannelRow>(`${CHANNELS} WHERE id = ?`);
  const listChannels = db.prepare<[], ChannelRow>(`${CHANNELS} ORDER BY created_at, id`);
  const deleteDeliveries = db.prepare<[string]>('DELETE FROM notification_deliveries WHERE channel_id = ?');
  const deleteChannel = db.prepare<[string]>('DELETE FROM notification_channels WHERE id = ?');
  const remove = db.transaction((id: string) => {
    deleteDeliveries.run(id);
    return deleteChannel.run(id).changes > 0;
  });
  const claim = db.prepare<[DeliveryRow]>(
    `INSERT INTO notification_deliveries (${cols(DELIVERY_COLUMNS)}) VALUES (${params(DELIVERY_COLUMNS)})
     ON CONFLICT (channel_id, key) DO NOTHING`,
  );
  const update = db.prepare<[DeliveryRow]>(
    `UPDATE notification_deliveries SET attempts = @attempts, ok = @ok, status = @status, error = @error,
     done_at = @done_at WHERE id = @id`,
  );
  const newest = db.prepare<[string, number], DeliveryRow>(
    `${DELIVERIES} WHERE channel_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );
  // A `before` id that does not exist selects nothing (the row value compares with NULL).
  const older = db.prepare<[{ c: string; b: string; n: number }], DeliveryRow>(
    `${DELIVERIES} WHERE channel_id = @c
     AND (at, id) < (SELECT at, id FROM notification_deliveries WHERE id = @b AND channel_id = @c)
     ORDER BY at DESC, id DESC LIMIT @n`,
  );
  return {
    insertChannel: (c: ChannelRecord) => void insertChannel.run(channelToRow(c)),
    getChannel: (id: string) => {
      const row = getChannel.get(id);
      return row === undefined ? undefined : channelFromRow(row);
    },
    listChannels: () => listChannels.all().map(channelFromRow),
    deleteChannel: (id: string) => remove.immediate(id),
    claim: (d: DeliveryRecord) => claim.run(deliveryToRow(d)).changes > 0,
    update: (d: DeliveryRecord) => update.run(deliveryToRow(d)).changes > 0,
    list: (channelId: string, f: DeliveryFilter) => {
      const limit = f.limit === undefined ? -1 : Math.max(0, Math.floor(f.limit));
      const rows =
        f.before === undefined
          ? newest.all(channelId, limit)
          : older.all({ c: channelId, b: f.before, n: limit });
      return rows.map(deliveryFromRow);
    },
  };
}
