// The PostgreSQL tables as data: for each Store record, the column of every field and its SQL type.
// From that one definition come the SELECT lists (columns aliased to the record's field names, so a
// row IS the record once its NULLs are dropped), single-row inserts and the multi-row upserts of the
// group commit (one statement per table and batch: `INSERT … SELECT * FROM unnest($1::text[], …)`).
import type {
  AlarmRecord,
  CompoundRecord,
  DeviceRecord,
  DeviceStateRecord,
  SessionRecord,
  SiteRecord,
  TicketEventRecord,
  TicketRecord,
  UserRecord,
  VanRecord,
} from '../store';

export type SqlType = 'text' | 'bigint' | 'integer' | 'double precision' | 'boolean' | 'jsonb';

/** Every field of R (optional ones too) names its column and type: a new field cannot be forgotten. */
export type Columns<R> = { readonly [K in keyof R & string]-?: readonly [column: string, type: SqlType] };

export interface Table<R> {
  readonly name: string;
  readonly key: keyof R & string;
  readonly columns: Columns<R>;
}

const q = (identifier: string): string => `"${identifier}"`;
const entries = <R>(t: Table<R>): [string, readonly [string, SqlType]][] =>
  Object.entries<readonly [string, SqlType]>(t.columns);

/** `SELECT "col" AS "field", … FROM table`. */
export function selectFrom<R>(t: Table<R>): string {
  const list = entries(t).map(([field, [column]]) => `${q(column)} AS ${q(field)}`);
  return `SELECT ${list.join(', ')} FROM ${t.name}`;
}

/** A row selected with selectFrom → the record: NULL columns become absent fields. */
export function fromRow<R>(row: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (const key in row) if (row[key] !== null) out[key] = row[key];
  return out as R;
}

function toParam(type: SqlType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  // JSON is sent as text: node-postgres would turn a JS array into a PostgreSQL array literal.
  return type === 'jsonb' ? JSON.stringify(value) : value;
}

/** `INSERT INTO table (…) VALUES ($1::type, …)` and its parameters for one record. */
export function insertOne<R>(t: Table<R>, record: R): { text: string; values: unknown[] } {
  const cols = entries(t);
  const fields = record as Record<string, unknown>;
  return {
    text:
      `INSERT INTO ${t.name} (${cols.map(([, [c]]) => q(c)).join(', ')}) ` +
      `VALUES (${cols.map(([, [, type]], i) => `$${i + 1}::${type}`).join(', ')})`,
    values: cols.map(([field, [, type]]) => toParam(type, fields[field])),
  };
}

/** The records with one per key, the last write of each (ON CONFLICT cannot touch a row twice). */
export function lastPerKey<R>(t: Table<R>, records: readonly R[]): R[] {
  const byKey = new Map<unknown, R>();
  for (const r of records) {
    const key = r[t.key];
    byKey.delete(key); // keeps the order of the last writes
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

/**
 * One statement writing every record: insert, or replace every non-key column of the existing row
 * (last write wins). `records` must have distinct keys (lastPerKey).
 */
export function upsertMany<R>(t: Table<R>, records: readonly R[]): { text: string; values: unknown[] } {
  const cols = entries(t);
  const key = t.columns[t.key][0];
  const set = cols
    .filter(([, [c]]) => c !== key)
    .map(([, [c]]) => `${q(c)} = EXCLUDED.${q(c)}`)
    .join(', ');
  return {
    text:
      `INSERT INTO ${t.name} (${cols.map(([, [c]]) => q(c)).join(', ')}) ` +
      `SELECT * FROM unnest(${cols.map(([, [, type]], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
      `ON CONFLICT (${q(key)}) DO UPDATE SET ${set}`,
    values: cols.map(([field, [, type]]) =>
      records.map((r) => toParam(type, (r as Record<string, unknown>)[field])),
    ),
  };
}

export const USERS: Table<UserRecord> = {
  name: 'users',
  key: 'username',
  columns: {
    username: ['username', 'text'],
    passwordHash: ['password_hash', 'text'],
    role: ['role', 'text'],
    vanId: ['van_id', 'text'],
    createdAt: ['created_at', 'bigint'],
  },
};

export const SESSIONS: Table<SessionRecord> = {
  name: 'sessions',
  key: 'tokenHash',
  columns: {
    tokenHash: ['token_hash', 'text'],
    username: ['username', 'text'],
    createdAt: ['created_at', 'bigint'],
    expiresAt: ['expires_at', 'bigint'],
  },
};

export const DEVICES: Table<DeviceRecord> = {
  name: 'devices',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    type: ['type', 'text'],
    name: ['name', 'text'],
    compoundId: ['compound_id', 'text'],
    lat: ['lat', 'double precision'],
    lng: ['lng', 'double precision'],
    attrs: ['attrs', 'jsonb'],
    secretHash: ['secret_hash', 'text'],
    createdAt: ['created_at', 'bigint'],
  },
};

export const DEVICE_STATES: Table<DeviceStateRecord> = {
  name: 'device_state',
  key: 'deviceId',
  columns: {
    deviceId: ['device_id', 'text'],
    state: ['state', 'jsonb'],
    status: ['status', 'text'],
    lastSeen: ['last_seen', 'bigint'],
    rules: ['rules', 'jsonb'],
  },
};

export const COMPOUNDS: Table<CompoundRecord> = {
  name: 'compounds',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    name: ['name', 'text'],
    outline: ['outline', 'jsonb'],
    address: ['address', 'text'],
    createdAt: ['created_at', 'bigint'],
  },
};

export const VANS: Table<VanRecord> = {
  name: 'vans',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    name: ['name', 'text'],
    homeLat: ['home_lat', 'double precision'],
    homeLng: ['home_lng', 'double precision'],
    createdAt: ['created_at', 'bigint'],
  },
};

export const SITES: Table<SiteRecord> = {
  name: 'sites',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    kind: ['kind', 'text'],
    name: ['name', 'text'],
    lat: ['lat', 'double precision'],
    lng: ['lng', 'double precision'],
    compoundId: ['compound_id', 'text'],
    address: ['address', 'text'],
    phone: ['phone', 'text'],
    createdAt: ['created_at', 'bigint'],
  },
};

export const ALARMS: Table<AlarmRecord> = {
  name: 'alarms',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    deviceId: ['device_id', 'text'],
    rule: ['rule', 'text'],
    severity: ['severity', 'text'],
    active: ['active', 'boolean'],
    count: ['count', 'integer'],
    raisedAt: ['raised_at', 'bigint'],
    lastSeenAt: ['last_seen_at', 'bigint'],
    clearedAt: ['cleared_at', 'bigint'],
    lastValue: ['last_value', 'jsonb'],
    ackedAt: ['acked_at', 'bigint'],
    ackedBy: ['acked_by', 'text'],
    ticketId: ['ticket_id', 'text'],
  },
};

export const TICKETS: Table<TicketRecord> = {
  name: 'tickets',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    status: ['status', 'text'],
    priority: ['priority', 'text'],
    source: ['source', 'text'],
    category: ['category', 'text'],
    description: ['description', 'text'],
    deviceId: ['device_id', 'text'],
    alarmRule: ['alarm_rule', 'text'],
    compoundId: ['compound_id', 'text'],
    lat: ['lat', 'double precision'],
    lng: ['lng', 'double precision'],
    address: ['address', 'text'],
    reporter: ['reporter', 'jsonb'],
    vanId: ['van_id', 'text'],
    createdAt: ['created_at', 'bigint'],
    updatedAt: ['updated_at', 'bigint'],
    dispatchedAt: ['dispatched_at', 'bigint'],
    acceptedAt: ['accepted_at', 'bigint'],
    arrivedAt: ['arrived_at', 'bigint'],
    resolvedAt: ['resolved_at', 'bigint'],
    closedAt: ['closed_at', 'bigint'],
    respondBy: ['respond_by', 'bigint'],
    resolveBy: ['resolve_by', 'bigint'],
    callback: ['callback', 'jsonb'],
    slaStatus: ['sla_status', 'text'],
    slaBreaches: ['sla_breaches', 'jsonb'],
    callbackBy: ['callback_by', 'bigint'],
  },
};

/** Appended, never upserted: the key is the identity column, which no record carries. */
export const TICKET_EVENTS: Table<TicketEventRecord> = {
  name: 'ticket_events',
  key: 'ticketId',
  columns: {
    ticketId: ['ticket_id', 'text'],
    at: ['at', 'bigint'],
    type: ['type', 'text'],
    by: ['by', 'text'],
    data: ['data', 'jsonb'],
  },
};

/** Appends every record in one statement, in the order given (identity columns follow it). */
export function insertMany<R>(t: Table<R>, records: readonly R[]): { text: string; values: unknown[] } {
  const cols = entries(t);
  const names = cols.map(([, [c]]) => q(c)).join(', ');
  return {
    text:
      `INSERT INTO ${t.name} (${names}) SELECT ${names} ` +
      `FROM unnest(${cols.map(([, [, type]], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
      `WITH ORDINALITY AS u (${names}, ord) ORDER BY ord`,
    values: cols.map(([field, [, type]]) =>
      records.map((r) => toParam(type, (r as Record<string, unknown>)[field])),
    ),
  };
}
