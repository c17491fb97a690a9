// The PostgreSQL Store backend (DATABASE_URL): node-postgres with a connection pool, the schema of
// migrations.ts, the group commit of commit.ts. Every method returns a promise; errors (a lost
// connection included) reject it, and the store logs nothing. Contract: tests/contract/store.contract.ts.
import type pg from 'pg';
import {
  StoreConflictError,
  type AlarmRecord,
  type DeviceRecord,
  type DeviceStateRecord,
  type SilenceRecord,
  type Store,
  type TicketRecord,
} from '../store';
import { appendAudit, listAudit } from './audit';
import { deleteDutyRoster, listDutyRoster, putDutyRoster } from './duty';
import { commitBatch } from './commit';
import { pgAttachments, pgIdempotency } from './field-work';
import { alarmWhere, orderAndLimit, silenceWhere, ticketWhere } from './filters';
import { migrate } from './migrations';
import { pgNotifications } from './notifications';
import { pgPushStore } from './push';
import { pgRoadClosures } from './road-closures';
import { pgHandovers } from './handovers';
import { pgIntegrations } from './integrations';
import { createPool, inTransaction, isUniqueViolation, withClient } from './pool';
import { fromRow, insertOne, selectFrom, updateOne, type Table } from './table-sql';
import {
  ALARMS,
  COMPOUNDS,
  DEVICE_STATES,
  DEVICES,
  SESSIONS,
  SILENCES,
  SITES,
  TICKET_EVENTS,
  TICKETS,
  USERS,
  VANS,
} from './tables';
import { compactTelemetry, queryTelemetry } from './telemetry';
import { queryTrack } from './track';

export interface PgStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The clock getSession compares expiresAt with (default wall time); pass the app's injected clock. */
  now?: () => number;
  pool?: { max?: number };
}

/** Connects, creates or upgrades the schema, and resolves with the store; rejects if any of it fails. */
export async function openPgStore(opts: PgStoreOptions): Promise<Store> {
  const pool = createPool({ url: opts.url, ...opts.pool });
  try {
    await withClient(pool, (client) => migrate(client));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pgStore(pool, opts.now ?? Date.now);
}

function pgStore(pool: pg.Pool, now: () => number): Store {
  let closing: Promise<void> | undefined;
  const open = (): void => {
    if (closing) throw new Error('the store is closed');
  };
  /** Every call goes through here: after close() it rejects instead of touching the pool. */
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    open();
    return work();
  };
  const rows = async <R>(text: string, values: unknown[] = []): Promise<R[]> =>
    (await pool.query<Record<string, unknown>>(text, values)).rows.map((r) => fromRow<R>(r));
  const one = async <R>(text: string, values: unknown[]): Promise<R | undefined> =>
    (await rows<R>(text, values))[0];
  const byKey = <R>(t: Table<R>, key: string): Promise<R | undefined> =>
    run(() => one<R>(`${selectFrom(t)} WHERE "${t.columns[t.key][0]}" = $1`, [key]));
  const all = <R>(t: Table<R>, orderBy: string): Promise<R[]> =>
    run(() => rows<R>(`${selectFrom(t)} ORDER BY ${orderBy}`));
  const create = <R>(t: Table<R>, what: string, record: R): Promise<void> =>
    run(async () => {
      try {
        await pool.query(insertOne(t, record));
      } catch (error) {
        throw isUniqueViolation(error) ? new StoreConflictError(what) : error;
      }
    });

  const update = <R>(t: Table<R>, record: R): Promise<boolean> =>
    run(async () => ((await pool.query(updateOne(t, record))).rowCount ?? 0) > 0);

  const keys = pgIdempotency(pool);
  const files = pgAttachments(pool);
  return {
    kind: 'postgres',
    close: () => (closing ??= pool.end()),
    ping: () => run(async () => void (await pool.query('SELECT 1'))),

    createUser: (u) => create(USERS, `user ${u.username}`, u),
    getUser: (username) => byKey(USERS, username),
    updateUser: (u) => update(USERS, u),
    deleteUserSessions: (username) =>
      run(
        async () => (await pool.query('DELETE FROM sessions WHERE username = $1', [username])).rowCount ?? 0,
      ),
    listUsers: () => all(USERS, 'username'),
    countUsers: () =>
      run(async () => (await pool.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]?.n ?? 0),
    createSession: (s) => create(SESSIONS, 'session', s),
    getSession: (hash) =>
      run(() => one(`${selectFrom(SESSIONS)} WHERE token_hash = $1 AND expires_at > $2`, [hash, now()])),
    deleteSession: (hash) =>
      run(async () => void (await pool.query('DELETE FROM sessions WHERE token_hash = $1', [hash]))),
    deleteExpiredSessions: (at) =>
      run(async () => (await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [at])).rowCount ?? 0),

    createDevice: (d) => create(DEVICES, `device ${d.id}`, d),
    createDevices: (devices) => run(() => insertDevices(pool, devices)),
    getDevice: (id) => byKey(DEVICES, id),
    updateDevice: (d) => update(DEVICES, d),
    listDevices: (f = {}) =>
      run(() => {
        const where: string[] = [];
        const values: unknown[] = [];
        if (f.type !== undefined) where.push(`type = $${values.push(f.type)}`);
        if (f.compoundId !== undefined) where.push(`compound_id = $${values.push(f.compoundId)}`);
        const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
        return rows<DeviceRecord>(`${selectFrom(DEVICES)}${clause} ORDER BY id`, values);
      }),
    listDeviceStates: () => all(DEVICE_STATES, 'device_id'),
    getDeviceState: (id) => byKey<DeviceStateRecord>(DEVICE_STATES, id),

    createCompound: (c) => create(COMPOUNDS, `compound ${c.id}`, c),
    getCompound: (id) => byKey(COMPOUNDS, id),
    listCompounds: () => all(COMPOUNDS, 'id'),

    createVan: (v) => create(VANS, `van ${v.id}`, v),
    getVan: (id) => byKey(VANS, id),
    listVans: () => all(VANS, 'id'),

    createSite: (x) => create(SITES, `site ${x.id}`, x),
    getSite: (id) => byKey(SITES, id),
    listSites: () => all(SITES, 'id'),

    getAlarm: (id) => byKey(ALARMS, id),
    listAlarms: (f = {}) =>
      run(() => {
        const w = orderAndLimit(alarmWhere(f), 'raised_at DESC, id DESC', f.limit);
        return rows<AlarmRecord>(`${selectFrom(ALARMS)}${w.sql}`, w.values);
      }),

    createSilence: (x) => create(SILENCES, `silence ${x.id}`, x),
    getSilence: (id) => byKey(SILENCES, id),
    listSilences: (f = {}) =>
      run(() => {
        const w = orderAndLimit(silenceWhere(f), 'created_at DESC, id DESC', f.limit);
        return rows<SilenceRecord>(`${selectFrom(SILENCES)}${w.sql}`, w.values);
      }),
    endSilence: (id, at, by) =>
      run(
        async () =>
          ((
            await pool.query(
              'UPDATE silences SET ended_at = $1, ended_by = $2 WHERE id = $3 AND ended_at IS NULL',
              [at, by, id],
            )
          ).rowCount ?? 0) > 0,
      ),

    listDutyRoster: (from, to) => run(() => listDutyRoster(pool, from, to)),
    putDutyRoster: (entry) => run(() => putDutyRoster(pool, entry)),
    deleteDutyRoster: (date, shiftId) => run(() => deleteDutyRoster(pool, date, shiftId)),
    ...pgNotifications(pool, run, create),
    ...pgPushStore(pool, run),
    ...pgRoadClosures(pool, run, create),
    ...pgHandovers(pool, run, create),
    ...pgIntegrations(pool, run, create),

    appendAudit: (entries) => run(() => appendAudit(pool, entries)),
    listAudit: (f = {}) => run(() => listAudit(pool, f)),

    claimIdempotencyKey: (r) => run(() => keys.claimIdempotencyKey(r)),
    completeIdempotencyKey: (u, k, res) => run(() => keys.completeIdempotencyKey(u, k, res)),
    releaseIdempotencyKey: (u, k) => run(() => keys.releaseIdempotencyKey(u, k)),
    deleteExpiredIdempotencyKeys: (at) => run(() => keys.deleteExpiredIdempotencyKeys(at)),

    createAttachment: (r, bytes) => run(() => files.createAttachment(r, bytes)),
    getAttachment: (id) => run(() => files.getAttachment(id)),
    readAttachment: (id) => run(() => files.readAttachment(id)),
    listAttachments: (ids) => run(() => files.listAttachments(ids)),

    getTicket: (id) => byKey(TICKETS, id),
    getTimeline: (ticketId) =>
      run(() => rows(`${selectFrom(TICKET_EVENTS)} WHERE ticket_id = $1 ORDER BY id`, [ticketId])),
    countTickets: (f) =>
      run(async () => {
        const w = ticketWhere({ ...f, before: undefined });
        return Number(
          (await one<{ n: string }>(`SELECT count(*) AS n FROM tickets${w.sql}`, w.values))?.n ?? 0,
        );
      }),
    listTickets: (f = {}) =>
      run(() => {
        const w = orderAndLimit(ticketWhere(f), 'created_at DESC, id DESC', f.limit);
        return rows<TicketRecord>(`${selectFrom(TICKETS)}${w.sql}`, w.values);
      }),

    queryTelemetry: (deviceId, metric, from, to, limit) =>
      run(() => queryTelemetry(pool, deviceId, metric, from, to, limit)),
    queryTrack: (deviceId, from, to, max) => run(() => queryTrack(pool, deviceId, from, to, max)),
    commit: (batch, options) => run(() => commitBatch(pool, batch, options?.fence)),
    compactTelemetry: (policy) => run(() => compactTelemetry(pool, policy)),
  };
}

/** All devices or none, in one transaction; the first id that exists (or repeats) is named. */
async function insertDevices(pool: pg.Pool, devices: readonly DeviceRecord[]): Promise<void> {
  if (devices.length === 0) return;
  await inTransaction(pool, async (client) => {
    for (const d of devices) {
      try {
        await client.query(insertOne(DEVICES, d));
      } catch (error) {
        throw isUniqueViolation(error) ? new StoreConflictError(`device ${d.id}`) : error;
      }
    }
  });
}
