// Row shapes of the SQLite tables (snake_case, NULL for an absent optional field, JSON as TEXT) and the
// two-way mapping to the Store records. An absent optional field is NULL in a row and ABSENT (no key) in
// a record: see omitNulls.
import type {
  AlarmRecord,
  CompoundRecord,
  DeviceRecord,
  DeviceStateRecord,
  SessionRecord,
  SiteRecord,
  TicketEventRecord,
  UserRecord,
  VanRecord,
} from '../store';

/** A record type with every optional field made required-but-nullable: the mapper must name each field. */
export type Nullable<R> = {
  [K in keyof R]-?: undefined extends R[K] ? Exclude<R[K], undefined> | null : R[K];
};

/** Drops the keys whose value is null, so an absent optional field comes back absent (not null/undefined). */
export function omitNulls<R>(fields: Nullable<R>): R {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null) out[key] = value;
  return out as R;
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : fromJson<T>(text);
}

export interface UserRow {
  username: string;
  password_hash: string;
  role: UserRecord['role'];
  van_id: string | null;
  created_at: number;
  disabled_at: number | null;
}
export const userToRow = (u: UserRecord): UserRow => ({
  username: u.username,
  password_hash: u.passwordHash,
  role: u.role,
  van_id: u.vanId ?? null,
  created_at: u.createdAt,
  disabled_at: u.disabledAt ?? null,
});
export const userFromRow = (r: UserRow): UserRecord =>
  omitNulls<UserRecord>({
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    vanId: r.van_id,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  });

export interface SessionRow {
  token_hash: string;
  username: string;
  created_at: number;
  expires_at: number;
}
export const sessionToRow = (s: SessionRecord): SessionRow => ({
  token_hash: s.tokenHash,
  username: s.username,
  created_at: s.createdAt,
  expires_at: s.expiresAt,
});
export const sessionFromRow = (r: SessionRow): SessionRecord => ({
  tokenHash: r.token_hash,
  username: r.username,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export interface DeviceRow {
  id: string;
  type: string;
  name: string | null;
  compound_id: string | null;
  lat: number | null;
  lng: number | null;
  attrs: string;
  secret_hash: string;
  created_at: number;
  powered_by: string | null;
  decommissioned_at: number | null;
}
export const deviceToRow = (d: DeviceRecord): DeviceRow => ({
  id: d.id,
  type: d.type,
  name: d.name ?? null,
  compound_id: d.compoundId ?? null,
  lat: d.lat ?? null,
  lng: d.lng ?? null,
  attrs: JSON.stringify(d.attrs),
  secret_hash: d.secretHash,
  created_at: d.createdAt,
  powered_by: d.poweredBy ?? null,
  decommissioned_at: d.decommissionedAt ?? null,
});
export const deviceFromRow = (r: DeviceRow): DeviceRecord =>
  omitNulls<DeviceRecord>({
    id: r.id,
    type: r.type,
    name: r.name,
    compoundId: r.compound_id,
    lat: r.lat,
    lng: r.lng,
    attrs: fromJson<DeviceRecord['attrs']>(r.attrs),
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    poweredBy: r.powered_by,
    decommissionedAt: r.decommissioned_at,
  });

export interface DeviceStateRow {
  device_id: string;
  state: string;
  status: DeviceStateRecord['status'];
  last_seen: number | null;
  rules: string;
}
// Rule timers rarely change between readings and the engine then hands back the same object: its
// JSON is kept with it instead of being written again for every reading.
const rulesJson = new WeakMap<DeviceStateRecord['rules'], string>();
function rulesToJson(rules: DeviceStateRecord['rules']): string {
  let json = rulesJson.get(rules);
  if (json === undefined) rulesJson.set(rules, (json = JSON.stringify(rules)));
  return json;
}
export const deviceStateToRow = (s: DeviceStateRecord): DeviceStateRow => ({
  device_id: s.deviceId,
  state: JSON.stringify(s.state),
  status: s.status,
  last_seen: s.lastSeen ?? null,
  rules: rulesToJson(s.rules),
});
export const deviceStateFromRow = (r: DeviceStateRow): DeviceStateRecord =>
  omitNulls<DeviceStateRecord>({
    deviceId: r.device_id,
    state: fromJson<DeviceStateRecord['state']>(r.state),
    status: r.status,
    lastSeen: r.last_seen,
    rules: fromJson<DeviceStateRecord['rules']>(r.rules),
  });

export interface CompoundRow {
  id: string;
  name: string;
  outline: string;
  address: string | null;
  created_at: number;
}
export const compoundToRow = (c: CompoundRecord): CompoundRow => ({
  id: c.id,
  name: c.name,
  outline: JSON.stringify(c.outline),
  address: c.address ?? null,
  created_at: c.createdAt,
});
export const compoundFromRow = (r: CompoundRow): CompoundRecord =>
  omitNulls<CompoundRecord>({
    id: r.id,
    name: r.name,
    outline: fromJson<CompoundRecord['outline']>(r.outline),
    address: r.address,
    createdAt: r.created_at,
  });

export interface VanRow {
  id: string;
  name: string;
  home_lat: number | null;
  home_lng: number | null;
  created_at: number;
}
export const vanToRow = (v: VanRecord): VanRow => ({
  id: v.id,
  name: v.name,
  home_lat: v.homeLat ?? null,
  home_lng: v.homeLng ?? null,
  created_at: v.createdAt,
});
export const vanFromRow = (r: VanRow): VanRecord =>
  omitNulls<VanRecord>({
    id: r.id,
    name: r.name,
    homeLat: r.home_lat,
    homeLng: r.home_lng,
    createdAt: r.created_at,
  });

export interface SiteRow {
  id: string;
  kind: SiteRecord['kind'];
  name: string;
  lat: number;
  lng: number;
  compound_id: string | null;
  address: string | null;
  phone: string | null;
  created_at: number;
}
export const siteToRow = (x: SiteRecord): SiteRow => ({
  id: x.id,
  kind: x.kind,
  name: x.name,
  lat: x.lat,
  lng: x.lng,
  compound_id: x.compoundId ?? null,
  address: x.address ?? null,
  phone: x.phone ?? null,
  created_at: x.createdAt,
});
export const siteFromRow = (r: SiteRow): SiteRecord =>
  omitNulls<SiteRecord>({
    id: r.id,
    kind: r.kind,
    name: r.name,
    lat: r.lat,
    lng: r.lng,
    compoundId: r.compound_id,
    address: r.address,
    phone: r.phone,
    createdAt: r.created_at,
  });

export interface AlarmRow {
  id: string;
  device_id: string;
  rule: string;
  severity: AlarmRecord['severity'];
  active: 0 | 1;
  count: number;
  raised_at: number;
  last_seen_at: number;
  cleared_at: number | null;
  last_value: string;
  acked_at: number | null;
  acked_by: string | null;
  ticket_id: string | null;
  cause_alarm_id: string | null;
  silence_id: string | null;
  flapping: 0 | 1;
  quiet_since: number | null;
}
export const alarmToRow = (a: AlarmRecord): AlarmRow => ({
  id: a.id,
  device_id: a.deviceId,
  rule: a.rule,
  severity: a.severity,
  active: a.active ? 1 : 0,
  count: a.count,
  raised_at: a.raisedAt,
  last_seen_at: a.lastSeenAt,
  cleared_at: a.clearedAt ?? null,
  last_value: JSON.stringify(a.lastValue),
  acked_at: a.ackedAt ?? null,
  acked_by: a.ackedBy ?? null,
  ticket_id: a.ticketId ?? null,
  cause_alarm_id: a.causeAlarmId ?? null,
  silence_id: a.silenceId ?? null,
  flapping: a.flapping === true ? 1 : 0,
  quiet_since: a.quietSince ?? null,
});
export const alarmFromRow = (r: AlarmRow): AlarmRecord =>
  omitNulls<AlarmRecord>({
    id: r.id,
    deviceId: r.device_id,
    rule: r.rule,
    severity: r.severity,
    active: r.active === 1,
    count: r.count,
    raisedAt: r.raised_at,
    lastSeenAt: r.last_seen_at,
    clearedAt: r.cleared_at,
    lastValue: fromJson<AlarmRecord['lastValue']>(r.last_value),
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
    ticketId: r.ticket_id,
    causeAlarmId: r.cause_alarm_id,
    silenceId: r.silence_id,
    flapping: r.flapping === 1 ? true : null,
    quietSince: r.quiet_since,
  });

export interface TicketEventRow {
  ticket_id: string;
  at: number;
  type: string;
  by: string;
  data: string;
}
export const ticketEventToRow = (e: TicketEventRecord): TicketEventRow => ({
  ticket_id: e.ticketId,
  at: e.at,
  type: e.type,
  by: e.by,
  data: JSON.stringify(e.data),
});
export const ticketEventFromRow = (r: TicketEventRow): TicketEventRecord => ({
  ticketId: r.ticket_id,
  at: r.at,
  type: r.type,
  by: r.by,
  data: fromJson<TicketEventRecord['data']>(r.data),
});
