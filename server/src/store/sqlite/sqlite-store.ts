// The default Store backend: one embedded SQLite file through better-sqlite3 (synchronous). Reads and
// administrative writes run their SQL synchronously and hand back a settled promise; the group commit
// and the compaction run on the commit worker (commit-worker.ts) unless commitIn is 'thread'. Callers
// see the same async interface as any other backend. Contract: tests/contract/store.contract.ts.
import Database from 'better-sqlite3';
import {
  StoreConflictError,
  type CommitOptions,
  type CommitResult,
  type DeviceRecord,
  type RetentionPolicy,
  type Store,
  type WriteBatch,
} from '../store';
import { prepareCommit, toCommitRows, type CommitRows } from './commit';
import { CommitWorker } from './commit-client';
import { openDatabase } from './open';
import {
  alarmFromRow,
  compoundFromRow,
  compoundToRow,
  deviceFromRow,
  deviceStateFromRow,
  deviceToRow,
  sessionFromRow,
  sessionToRow,
  siteFromRow,
  siteToRow,
  ticketEventFromRow,
  userFromRow,
  userToRow,
  vanFromRow,
  vanToRow,
} from './rows';
import { auditStatements } from './audit';
import { attachmentStatements, attachmentsDirFor, idempotencyStatements } from './field-work';
import { notificationStatements } from './notifications';
import { pushStatements } from './push';
import { silenceStatements } from './silences';
import { dutyStatements } from './duty';
import { roadClosureStatements } from './road-closures';
import { handoverStatements } from './handovers';
import { ticketCounter } from './ticket-count';
import { integrationStatements } from './integrations';
import { prepareStatements } from './statements';
import { prepareTrack } from './track';
import { checkRetentionPolicy, DEFAULT_COMPACT_CHUNK_ROWS, prepareTelemetry } from './telemetry';
import { alarmConditions, ticketConditions, ticketFromRow } from './tickets';

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. */
  file: string;
  /** Raw telemetry rows folded per compaction transaction (default 5,000). */
  compactChunkRows?: number;
  /** The clock getSession compares expiresAt with (default wall time); pass the app's injected clock. */
  now?: () => number;
  /**
   * Where the group commit and the compaction run: `worker` (default for a file) on a worker thread with
   * its own connection, so they never block the event loop; `thread` on the caller's thread (always for
   * `:memory:`, which a second connection cannot share).
   */
  commitIn?: 'worker' | 'thread';
}

/** Runs a synchronous operation; its result or its exception becomes a settled promise. */
function settle<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}

/** An insert for create*: a duplicate key becomes StoreConflictError. */
function insertOnce(what: string, insert: () => unknown): Promise<void> {
  return settle(() => {
    try {
      insert();
    } catch (error) {
      throw isUniqueViolation(error) ? new StoreConflictError(what) : error;
    }
  });
}

/** Opens (creating and migrating as needed) the SQLite store in `file`. Synchronous; throws on failure. */
export function openSqliteStore(opts: SqliteStoreOptions): Store {
  const db = openDatabase(opts.file, true);
  const s = prepareStatements(db);
  const silences = silenceStatements(db);
  const duty = dutyStatements(db);
  const closures = roadClosureStatements(db);
  const handovers = handoverStatements(db);
  const countTickets = ticketCounter(db);
  const integrations = integrationStatements(db);
  const notify = notificationStatements(db);
  const audit = auditStatements(db);
  const keys = idempotencyStatements(db);
  const attachments = attachmentStatements(db, attachmentsDirFor(opts.file));
  const push = pushStatements(db);
  const compactChunkRows = opts.compactChunkRows ?? DEFAULT_COMPACT_CHUNK_ROWS;
  const telemetry = prepareTelemetry(db, compactChunkRows);
  const track = prepareTrack(db);
  const isOpen = () => db.open;
  const now = opts.now ?? Date.now;

  const inWorker = opts.file !== ':memory:' && (opts.commitIn ?? 'worker') === 'worker';
  const worker = inWorker ? new CommitWorker({ file: opts.file, compactChunkRows }) : undefined;
  const commitRows = ((): ((rows: CommitRows) => Promise<CommitResult>) => {
    if (worker) return (rows) => worker.commit(rows);
    const local = prepareCommit(db);
    return (rows) => settle(() => local(rows));
  })();
  const commit = (batch: WriteBatch, options?: CommitOptions): Promise<CommitResult> => {
    if (!db.open) return Promise.reject(new Error('the store is closed'));
    return settle(() => toCommitRows(batch, options)).then(commitRows);
  };
  const compact = (policy: RetentionPolicy) => {
    if (!db.open) return Promise.reject(new Error('the store is closed'));
    if (worker) return settle(() => checkRetentionPolicy(policy)).then(() => worker.compact(policy));
    return telemetry.compact(policy, isOpen);
  };

  // Bulk registration: one transaction; the first duplicate id rolls it all back.
  const insertDevices = db.transaction((devices: DeviceRecord[]) => {
    for (const d of devices) {
      try {
        s.insertDevice.run(deviceToRow(d));
      } catch (error) {
        throw isUniqueViolation(error) ? new StoreConflictError(`device ${d.id}`) : error;
      }
    }
  });

  return {
    kind: 'sqlite',
    close: async () => {
      await worker?.close();
      if (db.open) db.close();
    },

    ping: () => settle(() => void s.countUsers.get()),

    createUser: (u) => insertOnce(`user ${u.username}`, () => s.insertUser.run(userToRow(u))),
    getUser: (username) => settle(() => optional(s.getUser.get(username), userFromRow)),
    updateUser: (u) => settle(() => s.updateUser.run(userToRow(u)).changes > 0),
    deleteUserSessions: (username) => settle(() => s.deleteUserSessions.run(username).changes),
    listUsers: () => settle(() => s.listUsers.all().map(userFromRow)),
    countUsers: () => settle(() => s.countUsers.get() ?? 0),
    createSession: (x) => insertOnce('session', () => s.insertSession.run(sessionToRow(x))),
    getSession: (hash) => settle(() => optional(s.getSession.get(hash, now()), sessionFromRow)),
    deleteSession: (hash) => settle(() => void s.deleteSession.run(hash)),
    deleteExpiredSessions: (now) => settle(() => s.deleteExpiredSessions.run(now).changes),

    createDevice: (d) => insertOnce(`device ${d.id}`, () => s.insertDevice.run(deviceToRow(d))),
    createDevices: (devices) => settle(() => insertDevices.immediate(devices)),
    getDevice: (id) => settle(() => optional(s.getDevice.get(id), deviceFromRow)),
    updateDevice: (d) => settle(() => s.updateDevice.run(deviceToRow(d)).changes > 0),
    listDevices: (f = {}) =>
      settle(() => {
        const where: [string, string][] = [];
        if (f.type !== undefined) where.push(['type = ?', f.type]);
        if (f.compoundId !== undefined) where.push(['compound_id = ?', f.compoundId]);
        return s.listDevices.all(where).map(deviceFromRow);
      }),
    listDeviceStates: () => settle(() => s.listDeviceStates.all().map(deviceStateFromRow)),
    getDeviceState: (id) => settle(() => optional(s.getDeviceState.get(id), deviceStateFromRow)),

    createCompound: (c) => insertOnce(`compound ${c.id}`, () => s.insertCompound.run(compoundToRow(c))),
    getCompound: (id) => settle(() => optional(s.getCompound.get(id), compoundFromRow)),
    listCompounds: () => settle(() => s.listCompounds.all().map(compoundFromRow)),

    createVan: (v) => insertOnce(`van ${v.id}`, () => s.insertVan.run(vanToRow(v))),
    getVan: (id) => settle(() => optional(s.getVan.get(id), vanFromRow)),
    listVans: () => settle(() => s.listVans.all().map(vanFromRow)),

    createSite: (x) => insertOnce(`site ${x.id}`, () => s.insertSite.run(siteToRow(x))),
    getSite: (id) => settle(() => optional(s.getSite.get(id), siteFromRow)),
    listSites: () => settle(() => s.listSites.all().map(siteFromRow)),

    getAlarm: (id) => settle(() => optional(s.getAlarm.get(id), alarmFromRow)),
    listAlarms: (f = {}) => settle(() => s.listAlarms.all(alarmConditions(f), f.limit).map(alarmFromRow)),

    createSilence: (x) => insertOnce(`silence ${x.id}`, () => silences.insert(x)),
    getSilence: (id) => settle(() => silences.get(id)),
    listSilences: (f = {}) => settle(() => silences.list(f)),
    endSilence: (id, at, by) => settle(() => silences.end(id, at, by)),

    listDutyRoster: (from, to) => settle(() => duty.list(from, to)),
    putDutyRoster: (entry) => settle(() => duty.put(entry)),
    deleteDutyRoster: (date, shiftId) => settle(() => duty.remove(date, shiftId)),
    createRoadClosure: (c) => insertOnce(`road closure ${c.id}`, () => closures.insert(c)),
    getRoadClosure: (id) => settle(() => closures.get(id)),
    listRoadClosures: (at, limit) => settle(() => closures.inForce(at, limit)),
    endRoadClosure: (id, at, by) => settle(() => closures.end(id, at, by)),
    createHandover: (h) => insertOnce(`handover ${h.id}`, () => handovers.insert(h)),
    getHandover: (id) => settle(() => handovers.get(id)),
    listHandovers: (f = {}) => settle(() => handovers.list(f)),
    ackHandover: (id, at, by, note) => settle(() => handovers.ack(id, at, by, note)),
    createIntegration: (i) => insertOnce(`integration ${i.id}`, () => integrations.insert(i)),
    getIntegration: (id) => settle(() => integrations.get(id)),
    listIntegrations: () => settle(() => integrations.list()),
    revokeIntegration: (id, at, by) => settle(() => integrations.revoke(id, at, by)),
    touchIntegration: (id, at) => settle(() => integrations.touch(id, at)),
    createChannel: (c) => insertOnce(`channel ${c.id}`, () => notify.insertChannel(c)),
    getChannel: (id) => settle(() => notify.getChannel(id)),
    listChannels: () => settle(() => notify.listChannels()),
    deleteChannel: (id) => settle(() => notify.deleteChannel(id)),
    claimDelivery: (d) => settle(() => notify.claim(d)),
    updateDelivery: (d) => settle(() => notify.update(d)),
    listDeliveries: (channelId, f = {}) => settle(() => notify.list(channelId, f)),

    appendAudit: (entries) => settle(() => audit.append(entries)),
    listAudit: (f = {}) => settle(() => audit.list(f)),

    claimIdempotencyKey: (r) => settle(() => keys.claim(r)),
    completeIdempotencyKey: (username, key, res) => settle(() => keys.complete(username, key, res)),
    releaseIdempotencyKey: (username, key) => settle(() => keys.release(username, key)),
    deleteExpiredIdempotencyKeys: (at) => settle(() => keys.purge(at)),

    createAttachment: (r, bytes) => insertOnce(`attachment ${r.id}`, () => attachments.insert(r, bytes)),
    getAttachment: (id) => settle(() => attachments.get(id)),
    readAttachment: (id) => settle(() => attachments.read(id)),
    listAttachments: (ticketIds) => settle(() => attachments.list(ticketIds)),
    keepSetting: (key, value) => settle(() => push.keepSetting(key, value)),
    putPushSubscription: (x) => settle(() => push.put(x)),
    listPushSubscriptions: (usernames) => settle(() => push.list(usernames)),
    deletePushSubscription: (endpoint, username) => settle(() => push.delete(endpoint, username)),
    deleteUserPushSubscriptions: (username) => settle(() => push.deleteUser(username)),

    getTicket: (id) => settle(() => optional(s.getTicket.get(id), ticketFromRow)),
    getTimeline: (ticketId) => settle(() => s.getTimeline.all(ticketId).map(ticketEventFromRow)),
    countTickets: (f) => settle(() => countTickets(f)),
    listTickets: (f = {}) => settle(() => s.listTickets.all(ticketConditions(f), f.limit).map(ticketFromRow)),

    queryTelemetry: (deviceId, metric, from, to, limit) =>
      settle(() => telemetry.query(deviceId, metric, from, to, limit)),
    queryTrack: (deviceId, from, to, max) => settle(() => track.query(deviceId, from, to, max)),
    commit,
    compactTelemetry: compact,
  };
}

function optional<Row, R>(row: Row | undefined, map: (row: Row) => R): R | undefined {
  return row === undefined ? undefined : map(row);
}
