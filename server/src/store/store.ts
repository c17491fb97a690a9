// The one storage interface. Services talk only to this; no SQL (or Redis command) outside an adapter.
// Every backend passes the same contract suite: tests/contract/store.contract.ts.
//
// Hot-path writes (device state, telemetry, alarms, tickets, ticket events) arrive as one WriteBatch
// committed atomically (group commit); administrative writes are single calls. Times are epoch ms.
import type { MetricValue, Severity } from '../../../devices/lib/types';
import type { RuleStates } from '../pipeline/rules';
import type { z } from 'zod';
import type {
  DeviceStatusSchema,
  PrioritySchema,
  RoleSchema,
  SatisfactionSchema,
  SiteKindSchema,
  SlaDeadlineSchema,
  SlaStatusSchema,
  TicketSourceSchema,
  TicketStatusSchema,
} from '../contracts/dto';

import type { AuditEntry, AuditFilter, AuditRecord } from './audit';
import type { AlarmFilter, DeviceFilter, TicketFilter } from './filters';
import type { CallerRecord } from './callers';
export type { CallerCallback, CallerRecord, CallerVia } from './callers';
export type { AlarmFilter, DeviceFilter, ListCursor, TicketFilter } from './filters';
import type { SilenceFilter, SilenceRecord } from './silences';
import type { AttachmentStore, IdempotencyStore, PartUsed } from './field-work';
export type * from './field-work';
import type { DutyStore } from './duty';
export type { DutyRosterRecord, DutyStore } from './duty';
import type { PushStore } from './push';
import type { RoadClosureStore } from './road-closures';
import type { HandoverStore } from './handovers';
import type { TicketCountStore } from './ticket-count';
export type { HandoverFilter, HandoverRecord, HandoverStore } from './handovers';
import type { IntegrationStore } from './integrations';
export type { IntegrationRecord, IntegrationSource, IntegrationStore } from './integrations';
export type { ClosureGeometry, RoadClosureRecord, RoadClosureStore } from './road-closures';
export type { PushStore, PushSubscriptionRecord } from './push';
export type { AuditEntry, AuditFilter, AuditRecord } from './audit';
export type { SilenceFilter, SilenceMatch, SilenceRecord } from './silences';
import type { NotificationStore } from './notifications';
import type { TrackStore } from './track';
import type { TelemetryHistoryStore } from './telemetry-history';
export type { RetentionPolicy, TelemetryHistoryStore, TelemetryPoint } from './telemetry-history';
export type {
  ChannelRecord,
  ChannelType,
  DeliveryFilter,
  DeliveryRecord,
  NotificationStore,
} from './notifications';

// Enumerations are defined once, as the wire schemas in contracts/dto.ts.
export type Role = z.infer<typeof RoleSchema>;
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
export type TicketStatus = z.infer<typeof TicketStatusSchema>;
export type Priority = z.infer<typeof PrioritySchema>;
export type TicketSource = z.infer<typeof TicketSourceSchema>;
export type Satisfaction = z.infer<typeof SatisfactionSchema>;
export type SiteKind = z.infer<typeof SiteKindSchema>;

export interface UserRecord {
  username: string;
  passwordHash: string;
  role: Role;
  vanId?: string;
  createdAt: number;
  /** Disabled by an admin: no login, every token refused (api.md "Accounts, secrets and audit"). */
  disabledAt?: number;
}

export interface SessionRecord {
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  username: string;
  createdAt: number;
  expiresAt: number;
}

export interface DeviceRecord {
  id: string;
  type: string;
  name?: string;
  compoundId?: string;
  lat?: number;
  lng?: number;
  /** Registered attributes, e.g. { rating_a: 63 }. */
  attrs: Record<string, number>;
  /** The distribution box that feeds this device (api.md "Power-feed topology"). */
  poweredBy?: string;
  secretHash: string;
  createdAt: number;
  /** Taken out of service: its connections are refused; its history stays. */
  decommissionedAt?: number;
}

export interface DeviceStateRecord {
  deviceId: string;
  /** Last known value of every metric (merged partial updates). */
  state: Record<string, MetricValue>;
  status: DeviceStatus;
  lastSeen?: number;
  /** Rule timers, so `for` durations survive a restart. */
  rules: RuleStates;
}

export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface CompoundRecord {
  id: string;
  name: string;
  outline: GeoJsonPolygon;
  address?: string;
  createdAt: number;
}

/** A place on the map that is not a device: a red sail station (红帆驿站) or the vans' depot. */
export interface SiteRecord {
  id: string;
  kind: SiteKind;
  name: string;
  lat: number;
  lng: number;
  compoundId?: string;
  address?: string;
  phone?: string;
  createdAt: number;
}

export interface AlarmRecord {
  id: string;
  deviceId: string;
  rule: string;
  severity: Severity;
  active: boolean;
  count: number;
  raisedAt: number;
  lastSeenAt: number;
  clearedAt?: number;
  /** Values of the metrics the rule reads, at the last reading that held it. */
  lastValue: Record<string, MetricValue>;
  ackedAt?: number;
  ackedBy?: string;
  ticketId?: string;
  /** The power alarm of the box feeding this device: this alarm is part of that incident, no ticket. */
  causeAlarmId?: string;
  /** The silence it was raised under: no ticket, no push, until the silence ends. */
  silenceId?: string;
  /** Raised FLAP_COUNT times within FLAP_WINDOW_S: stays active until FLAP_QUIET_S healthy. */
  flapping?: boolean;
  /** A flapping alarm whose rule is healthy again: since when (it clears FLAP_QUIET_S later). */
  quietSince?: number;
}

export interface VanRecord {
  /** Also the van's MQTT device id (type `van`). */
  id: string;
  name: string;
  /** Where the van waits when idle (the depot), if known. */
  homeLat?: number;
  homeLng?: number;
  createdAt: number;
}

/** A deadline of the ticket that was missed. */
export type SlaDeadline = z.infer<typeof SlaDeadlineSchema>;
export type SlaStatus = z.infer<typeof SlaStatusSchema>;

export interface Reporter {
  name: string;
  phone: string;
}

/** What a ticket's etaS is based on: road time over the road network, or the straight line. */
export type EtaBasis = 'road' | 'straight';
/** A van's estimated arrival at a ticket, as set at dispatch. */
export interface Eta {
  etaS: number;
  etaBasis: EtaBasis;
}

export interface TicketRecord {
  id: string;
  status: TicketStatus;
  priority: Priority;
  source: TicketSource;
  category: string;
  description: string;
  deviceId?: string;
  alarmRule?: string;
  compoundId?: string;
  lat?: number;
  lng?: number;
  address?: string;
  reporter?: Reporter;
  /** Everyone who reported this problem, first first; absent on rows from before v1.1 (see callersOf). */
  callers?: CallerRecord[];
  vanId?: string;
  createdAt: number;
  updatedAt: number;
  dispatchedAt?: number;
  acceptedAt?: number;
  arrivedAt?: number;
  resolvedAt?: number;
  closedAt?: number;
  respondBy: number;
  resolveBy: number;
  callback?: { satisfaction: Satisfaction; note?: string };
  /** Worst state of the deadlines still running (absent = ok). */
  slaStatus?: SlaStatus;
  /** Deadlines missed so far, in the order they were missed. */
  slaBreaches?: SlaDeadline[];
  /** When the resident callback is due (set at resolve for tickets with a reporter). */
  callbackBy?: number;
  /** Times the same fault came back after the ticket closed and reopened it (absent = 0). */
  repeatCount?: number;
  /** Parts used in the repair, as reported at resolve. */
  parts?: PartUsed[];
  /** Labour time of the repair in whole minutes, as reported at resolve. */
  labourMin?: number;
  /** The escalation level reached while waiting for acceptance (absent = 0; pipeline/escalation.ts). */
  escalationLevel?: number;
  /** Where the escalation clock starts when not at createdAt: the last re-dispatch or reopen. */
  escalationFrom?: number;
  /** Road time, seconds, from the van to the ticket when it was dispatched (straight-line estimate without roads). */
  etaS?: number;
  /** What etaS is based on: 'road' (the road network) or 'straight' (the straight line). */
  etaBasis?: EtaBasis;
  /**
   * Revision, one higher with each stored change. A commit leaves out a ticket row whose revision is not
   * above the stored one (another node changed the ticket first); a row without one always writes.
   */
  rev?: number;
}

export interface TicketEventRecord {
  ticketId: string;
  at: number;
  type: string;
  /** username, or `system`, or `device:<id>`. */
  by: string;
  data: Record<string, unknown>;
}

export interface TelemetryRecord {
  deviceId: string;
  ts: number;
  data: Record<string, MetricValue>;
}

export interface WriteBatch {
  deviceStates: DeviceStateRecord[];
  telemetry: TelemetryRecord[];
  alarms: AlarmRecord[];
  tickets: TicketRecord[];
  ticketEvents: TicketEventRecord[];
}

/**
 * A claim the database holds for one row at a time (api.md "Cluster mode"): one active alarm per device
 * and rule, one open ticket per fault (device + rule), one busy ticket per van.
 */
export interface CommitOptions {
  /**
   * Time-driven work done under a lease: the batch commits only if no later holder of the lease has
   * committed (its epoch is not older than the one stored); otherwise StaleFenceError, nothing written.
   */
  fence?: { name: string; epoch: number };
}

/** What a commit left out: rows whose claim another stored row already holds. */
export interface CommitResult {
  /** Alarm rows not written (another alarm of the same device and rule is active). */
  alarms: string[];
  /**
   * Ticket rows not written (another ticket holds the fault or the van); their events in the same
   * batch are not written either.
   */
  tickets: string[];
}

export function noneRejected(r: CommitResult): boolean {
  return r.alarms.length === 0 && r.tickets.length === 0;
}

/** The lease a fenced commit names was taken over by a later holder since this one got it. */
export class StaleFenceError extends Error {
  constructor(name: string, epoch: number) {
    super(`lease ${name}: epoch ${epoch} is older than the stored one; this node no longer holds it`);
    this.name = 'StaleFenceError';
  }
}

/** Thrown by create* when the key exists. */
export class StoreConflictError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'StoreConflictError';
  }
}

export interface Store
  extends
    IdempotencyStore,
    AttachmentStore,
    NotificationStore,
    PushStore,
    DutyStore,
    RoadClosureStore,
    HandoverStore,
    TicketCountStore,
    IntegrationStore,
    TelemetryHistoryStore,
    TrackStore {
  readonly kind: string;
  close(): Promise<void>;
  /** Resolves when the store answers a trivial query; rejects when it is unreachable. */
  ping(): Promise<void>;

  createUser(user: UserRecord): Promise<void>;
  getUser(username: string): Promise<UserRecord | undefined>;
  /** Replaces every field of an existing user; false (nothing written) if there is none. */
  updateUser(user: UserRecord): Promise<boolean>;
  /** Removes every session of the user; returns how many. */
  deleteUserSessions(username: string): Promise<number>;
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes sessions that expired at or before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;

  createDevice(device: DeviceRecord): Promise<void>;
  /**
   * Creates every device in one transaction, all or nothing: if any id already exists (or repeats in
   * `devices`), rejects with StoreConflictError naming it and creates none. An empty list is a no-op.
   */
  createDevices(devices: DeviceRecord[]): Promise<void>;
  getDevice(id: string): Promise<DeviceRecord | undefined>;
  /** Replaces every field of an existing device (a new secret, decommissioning); false if there is none. */
  updateDevice(device: DeviceRecord): Promise<boolean>;
  listDevices(filter?: DeviceFilter): Promise<DeviceRecord[]>;
  listDeviceStates(): Promise<DeviceStateRecord[]>;
  /** The stored state of one device (cluster mode: what a node loads when the device connects to it). */
  getDeviceState(deviceId: string): Promise<DeviceStateRecord | undefined>;

  createCompound(compound: CompoundRecord): Promise<void>;
  getCompound(id: string): Promise<CompoundRecord | undefined>;
  listCompounds(): Promise<CompoundRecord[]>;

  createVan(van: VanRecord): Promise<void>;
  getVan(id: string): Promise<VanRecord | undefined>;
  /** Ordered by id. */
  listVans(): Promise<VanRecord[]>;

  createSite(site: SiteRecord): Promise<void>;
  getSite(id: string): Promise<SiteRecord | undefined>;
  /** Ordered by id. */
  listSites(): Promise<SiteRecord[]>;

  getAlarm(id: string): Promise<AlarmRecord | undefined>;
  /** Newest first. */
  listAlarms(filter?: AlarmFilter): Promise<AlarmRecord[]>;

  getTicket(id: string): Promise<TicketRecord | undefined>;
  /** In the order the events were appended. */
  getTimeline(ticketId: string): Promise<TicketEventRecord[]>;
  /** Newest first. */
  listTickets(filter?: TicketFilter): Promise<TicketRecord[]>;

  createSilence(silence: SilenceRecord): Promise<void>;
  getSilence(id: string): Promise<SilenceRecord | undefined>;
  /** Newest first. */
  listSilences(filter?: SilenceFilter): Promise<SilenceRecord[]>;
  /** Ends a silence early; false (and nothing changed) if it was already ended or does not exist. */
  endSilence(id: string, at: number, by: string): Promise<boolean>;

  /** Appends to the audit trail (never updated or deleted), in order. */
  appendAudit(entries: AuditRecord[]): Promise<void>;
  /** Newest first (by id). */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;

  /**
   * Applies the batch atomically: all of it or none of it, except the alarm and ticket rows that would
   * break a uniqueness claim held by another stored row — those (and the rejected tickets' events) are
   * left out and returned. Upserts are last-write-wins per key.
   */
  commit(batch: WriteBatch, opts?: CommitOptions): Promise<CommitResult>;
}

export function emptyBatch(): WriteBatch {
  return { deviceStates: [], telemetry: [], alarms: [], tickets: [], ticketEvents: [] };
}
