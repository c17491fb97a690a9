// The PostgreSQL tables as data: for each Store record, the column of every field and its SQL type.
// The statements are generated from these (table-sql.ts); the schema itself is migrations.ts.
import type {
  AlarmRecord,
  CompoundRecord,
  DeviceRecord,
  DeviceStateRecord,
  DutyRosterRecord,
  SessionRecord,
  SilenceRecord,
  SiteRecord,
  TicketEventRecord,
  TicketRecord,
  UserRecord,
  VanRecord,
} from '../store';

import type { Table } from './table-sql';

export const USERS: Table<UserRecord> = {
  name: 'users',
  key: 'username',
  columns: {
    username: ['username', 'text'],
    passwordHash: ['password_hash', 'text'],
    role: ['role', 'text'],
    vanId: ['van_id', 'text'],
    createdAt: ['created_at', 'bigint'],
    disabledAt: ['disabled_at', 'bigint'],
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
    poweredBy: ['powered_by', 'text'],
    decommissionedAt: ['decommissioned_at', 'bigint'],
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
    causeAlarmId: ['cause_alarm_id', 'text'],
    silenceId: ['silence_id', 'text'],
    flapping: ['flapping', 'boolean'],
    quietSince: ['quiet_since', 'bigint'],
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
    callers: ['callers', 'jsonb'],
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
    rev: ['rev', 'bigint'],
    repeatCount: ['repeat_count', 'integer'],
    parts: ['parts', 'jsonb'],
    labourMin: ['labour_min', 'integer'],
    escalationLevel: ['escalation_level', 'integer'],
    escalationFrom: ['escalation_from', 'bigint'],
    etaS: ['eta_s', 'integer'],
    etaBasis: ['eta_basis', 'text'],
  },
};

export const SILENCES: Table<SilenceRecord> = {
  name: 'silences',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    match: ['match', 'jsonb'],
    startsAt: ['starts_at', 'bigint'],
    endsAt: ['ends_at', 'bigint'],
    reason: ['reason', 'text'],
    ticketId: ['ticket_id', 'text'],
    createdBy: ['created_by', 'text'],
    createdAt: ['created_at', 'bigint'],
    endedAt: ['ended_at', 'bigint'],
    endedBy: ['ended_by', 'text'],
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

/** Keyed by (date, shift_id): `key` names the first; statements give both (pg/duty.ts). */
export const DUTY_ROSTER: Table<DutyRosterRecord> = {
  name: 'duty_roster',
  key: 'date',
  columns: {
    date: ['date', 'text'],
    shiftId: ['shift_id', 'text'],
    members: ['members', 'jsonb'],
    supervisor: ['supervisor', 'text'],
    manager: ['manager', 'text'],
    updatedAt: ['updated_at', 'bigint'],
    updatedBy: ['updated_by', 'text'],
  },
};
