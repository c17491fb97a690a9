// Every statement of the SQLite store, prepared once when the store opens. Filtered listings have one
// statement per combination of filters actually used, prepared on first use and then reused.
import type Database from 'better-sqlite3';
import type {
  AlarmRow,
  CompoundRow,
  DeviceRow,
  DeviceStateRow,
  SessionRow,
  SiteRow,
  TicketEventRow,
  UserRow,
  VanRow,
} from './rows';
import type { TicketRow } from './tickets';

import { FilteredQuery } from './filtered-query';

type Db = Database.Database;

/** The column names of a row type; the object literal must name every column exactly once. */
function columns<Row>(spec: Record<keyof Row & string, true>): string[] {
  return Object.keys(spec);
}

const quote = (column: string): string => `"${column}"`;

/** Replaces every non-key column of the row with that key (no row: nothing written). */
function updateSql(table: string, cols: string[], key: string): string {
  const set = cols
    .filter((c) => c !== key)
    .map((c) => `${quote(c)} = @${c}`)
    .join(', ');
  return `UPDATE ${table} SET ${set} WHERE ${quote(key)} = @${key}`;
}

function insertSql(table: string, cols: string[]): string {
  return `INSERT INTO ${table} (${cols.map(quote).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

/** Insert, or replace every non-key column of the existing row (last write wins, no delete/cascade). */
/** Insert or update by key; a `sticky` column, once set, is kept when a later write has it unset. */
function upsertSql(table: string, cols: string[], key: string, sticky: string[] = []): string {
  const set = cols
    .filter((c) => c !== key)
    .map((c) =>
      sticky.includes(c)
        ? `${quote(c)} = coalesce(excluded.${quote(c)}, ${table}.${quote(c)})`
        : `${quote(c)} = excluded.${quote(c)}`,
    )
    .join(', ');
  return `${insertSql(table, cols)} ON CONFLICT (${quote(key)}) DO UPDATE SET ${set}`;
}

const USER = columns<UserRow>({
  username: true,
  password_hash: true,
  role: true,
  van_id: true,
  created_at: true,
  disabled_at: true,
});
const SESSION = columns<SessionRow>({ token_hash: true, username: true, created_at: true, expires_at: true });
const DEVICE = columns<DeviceRow>({
  id: true,
  type: true,
  name: true,
  compound_id: true,
  lat: true,
  lng: true,
  attrs: true,
  secret_hash: true,
  created_at: true,
  powered_by: true,
  decommissioned_at: true,
});
const DEVICE_STATE = columns<DeviceStateRow>({
  device_id: true,
  state: true,
  status: true,
  last_seen: true,
  rules: true,
});
const COMPOUND = columns<CompoundRow>({
  id: true,
  name: true,
  outline: true,
  address: true,
  created_at: true,
});
const VAN = columns<VanRow>({ id: true, name: true, home_lat: true, home_lng: true, created_at: true });
const SITE = columns<SiteRow>({
  id: true,
  kind: true,
  name: true,
  lat: true,
  lng: true,
  compound_id: true,
  address: true,
  phone: true,
  created_at: true,
});
const ALARM = columns<AlarmRow>({
  id: true,
  device_id: true,
  rule: true,
  severity: true,
  active: true,
  count: true,
  raised_at: true,
  last_seen_at: true,
  cleared_at: true,
  last_value: true,
  acked_at: true,
  acked_by: true,
  ticket_id: true,
  cause_alarm_id: true,
  silence_id: true,
  flapping: true,
  quiet_since: true,
});
const TICKET = columns<TicketRow>({
  id: true,
  status: true,
  priority: true,
  source: true,
  category: true,
  description: true,
  device_id: true,
  alarm_rule: true,
  compound_id: true,
  lat: true,
  lng: true,
  address: true,
  reporter: true,
  callers: true,
  van_id: true,
  created_at: true,
  updated_at: true,
  dispatched_at: true,
  accepted_at: true,
  arrived_at: true,
  resolved_at: true,
  closed_at: true,
  respond_by: true,
  resolve_by: true,
  callback: true,
  sla_status: true,
  sla_breaches: true,
  callback_by: true,
  rev: true,
  repeat_count: true,
  parts: true,
  labour_min: true,
  escalation_level: true,
  escalation_from: true,
  eta_s: true,
  eta_basis: true,
});
const TICKET_EVENT = columns<TicketEventRow>({ ticket_id: true, at: true, type: true, by: true, data: true });

const select = (cols: string[], table: string): string =>
  `SELECT ${cols.map(quote).join(', ')} FROM ${table}`;

export function prepareStatements(db: Db) {
  return {
    insertUser: db.prepare<[UserRow]>(insertSql('users', USER)),
    getUser: db.prepare<[string], UserRow>(`${select(USER, 'users')} WHERE username = ?`),
    updateUser: db.prepare<[UserRow]>(updateSql('users', USER, 'username')),
    deleteUserSessions: db.prepare<[string]>('DELETE FROM sessions WHERE username = ?'),
    listUsers: db.prepare<[], UserRow>(`${select(USER, 'users')} ORDER BY username`),
    countUsers: db.prepare<[], number>('SELECT count(*) FROM users').pluck(),

    insertSession: db.prepare<[SessionRow]>(insertSql('sessions', SESSION)),
    getSession: db.prepare<[string, number], SessionRow>(
      `${select(SESSION, 'sessions')} WHERE token_hash = ? AND expires_at > ?`,
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),

    insertDevice: db.prepare<[DeviceRow]>(insertSql('devices', DEVICE)),
    getDevice: db.prepare<[string], DeviceRow>(`${select(DEVICE, 'devices')} WHERE id = ?`),
    updateDevice: db.prepare<[DeviceRow]>(updateSql('devices', DEVICE, 'id')),
    listDevices: new FilteredQuery<DeviceRow>(db, select(DEVICE, 'devices'), 'id'),
    upsertDeviceState: db.prepare<[DeviceStateRow]>(upsertSql('device_state', DEVICE_STATE, 'device_id')),
    listDeviceStates: db.prepare<[], DeviceStateRow>(
      `${select(DEVICE_STATE, 'device_state')} ORDER BY device_id`,
    ),
    getDeviceState: db.prepare<[string], DeviceStateRow>(
      `${select(DEVICE_STATE, 'device_state')} WHERE device_id = ?`,
    ),

    insertCompound: db.prepare<[CompoundRow]>(insertSql('compounds', COMPOUND)),
    getCompound: db.prepare<[string], CompoundRow>(`${select(COMPOUND, 'compounds')} WHERE id = ?`),
    listCompounds: db.prepare<[], CompoundRow>(`${select(COMPOUND, 'compounds')} ORDER BY id`),

    insertVan: db.prepare<[VanRow]>(insertSql('vans', VAN)),
    getVan: db.prepare<[string], VanRow>(`${select(VAN, 'vans')} WHERE id = ?`),
    listVans: db.prepare<[], VanRow>(`${select(VAN, 'vans')} ORDER BY id`),

    insertSite: db.prepare<[SiteRow]>(insertSql('sites', SITE)),
    getSite: db.prepare<[string], SiteRow>(`${select(SITE, 'sites')} WHERE id = ?`),
    listSites: db.prepare<[], SiteRow>(`${select(SITE, 'sites')} ORDER BY id`),

    // An ack (made on any node) and the alarm's ticket are never lost to a later write that lacks them.
    upsertAlarm: db.prepare<[AlarmRow]>(
      upsertSql('alarms', ALARM, 'id', ['acked_at', 'acked_by', 'ticket_id', 'cause_alarm_id', 'silence_id']),
    ),
    getAlarm: db.prepare<[string], AlarmRow>(`${select(ALARM, 'alarms')} WHERE id = ?`),
    listAlarms: new FilteredQuery<AlarmRow>(db, select(ALARM, 'alarms'), 'raised_at DESC, id DESC'),

    // A row with a revision writes only over an older one (store.ts, TicketRecord.rev).
    upsertTicket: db.prepare<[TicketRow]>(
      `${upsertSql('tickets', TICKET, 'id')} WHERE excluded.rev IS NULL OR tickets.rev IS NULL OR excluded.rev > tickets.rev`,
    ),
    getTicket: db.prepare<[string], TicketRow>(`${select(TICKET, 'tickets')} WHERE id = ?`),
    listTickets: new FilteredQuery<TicketRow>(db, select(TICKET, 'tickets'), 'created_at DESC, id DESC'),
    insertTicketEvent: db.prepare<[TicketEventRow]>(insertSql('ticket_events', TICKET_EVENT)),
    getTimeline: db.prepare<[string], TicketEventRow>(
      `${select(TICKET_EVENT, 'ticket_events')} WHERE ticket_id = ? ORDER BY id`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
