// Wire formats of the HTTP API and Socket.IO (api.md), one zod schema each; TS types are inferred.
// The OpenAPI document (/api/openapi.json) is generated from these same schemas.
import { z } from 'zod';
import { CATEGORY_IDS } from '../../../devices/lib/categories';
import { SeveritySchema } from '../../../devices/lib/types';
import { DEVICE_ID_RE } from './topics';

const iso = z.iso.datetime().describe('ISO-8601 time');
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'use 1–64 letters, digits, _ . : or -');
export const lat = z.number().min(-90).max(90);
export const lng = z.number().min(-180).max(180);

export const RoleSchema = z.enum(['admin', 'dispatcher', 'technician', 'viewer']);
export const TicketStatusSchema = z.enum([
  'new',
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
  'closed',
  'cancelled',
]);
export const PrioritySchema = z.enum(['P1', 'P2', 'P3', 'P4']);
export const TicketSourceSchema = z.enum(['alarm', 'hotline', 'grid', 'inspection']);
/** Ticket categories: the list is devices/lib/categories.ts. */
export const CategorySchema = z.enum(CATEGORY_IDS);
export const SatisfactionSchema = z.enum(['satisfied', 'neutral', 'unsatisfied']);
export const DeviceStatusSchema = z.enum(['online', 'offline', 'unknown']);
/** A ticket deadline: on site by respondBy, resolved by resolveBy, resident called back by callbackBy. */
export const SlaDeadlineSchema = z.enum(['respond', 'resolve', 'callback']);
export const SlaStatusSchema = z.enum(['ok', 'at_risk', 'breached']);
export const MetricValueSchema = z.union([z.number(), z.string(), z.boolean()]);

// ---- errors
export const ErrorSchema = z.object({ error: z.string(), message: z.string() });
export type ErrorDto = z.infer<typeof ErrorSchema>;

// ---- auth and users
export const LoginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const UserDto = z.object({
  username: z.string(),
  role: RoleSchema,
  vanId: z.string().optional(),
  createdAt: iso,
});
export type UserDto = z.infer<typeof UserDto>;
export const LoginResponse = z.object({
  token: z.string(),
  user: UserDto.pick({ username: true, role: true, vanId: true }),
});
export const CreateUserBody = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,32}$/, 'use 2–32 lowercase letters, digits, _ . or -'),
    password: z.string().min(8, 'the password needs at least 8 characters').max(256),
    role: RoleSchema,
    vanId: id.optional(),
  })
  .refine((u) => u.role !== 'technician' || u.vanId !== undefined, {
    message: 'a technician belongs to one van: give vanId',
    path: ['vanId'],
  })
  .refine((u) => u.role === 'technician' || u.vanId === undefined, {
    message: 'only technicians carry a vanId',
    path: ['vanId'],
  });

// ---- compounds
export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(z.array(z.tuple([lng, lat])).min(4, 'a ring needs at least 4 positions (closed)'))
    .min(1, 'a polygon needs an outer ring'),
});
export const CreateCompoundBody = z.object({
  id,
  name: z.string().min(1).max(100),
  outline: PolygonSchema,
  address: z.string().max(200).optional(),
});
export const CompoundDto = CreateCompoundBody.extend({
  createdAt: iso,
  counts: z.object({
    devices: z.number().int(),
    online: z.number().int(),
    offline: z.number().int(),
    activeAlarms: z.number().int(),
    openTickets: z.number().int(),
  }),
});
export type CompoundDto = z.infer<typeof CompoundDto>;

// ---- alarms
export const AlarmDto = z.object({
  id: z.string(),
  deviceId: z.string(),
  rule: z.string(),
  severity: SeveritySchema,
  active: z.boolean(),
  count: z.number().int(),
  raisedAt: iso,
  lastSeenAt: iso,
  clearedAt: iso.optional(),
  lastValue: z.record(z.string(), MetricValueSchema),
  ackedAt: iso.optional(),
  ackedBy: z.string().optional(),
  ticketId: z.string().optional(),
});
export type AlarmDto = z.infer<typeof AlarmDto>;

// ---- devices
export const CreateDeviceBody = z.object({
  id: z.string().regex(DEVICE_ID_RE, 'a device id is 1–64 letters, digits, _ or -'),
  // A van is registered with its van record through POST /api/vans, not as a bare device.
  type: z
    .string()
    .min(1)
    .refine((t) => t !== 'van', 'register a van with POST /api/vans'),
  name: z.string().min(1).max(100).optional(),
  compoundId: id.optional(),
  lat: lat.optional(),
  lng: lng.optional(),
  rating_a: z.number().positive().max(2000).optional(),
});
export const DeviceDto = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().optional(),
  compoundId: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  attrs: z.record(z.string(), z.number()),
  status: DeviceStatusSchema,
  state: z.record(z.string(), MetricValueSchema),
  lastSeen: iso.optional(),
  createdAt: iso,
});
export type DeviceDto = z.infer<typeof DeviceDto>;
export const DeviceDetailDto = DeviceDto.extend({ alarms: z.array(AlarmDto) });
export const DeviceCreatedDto = DeviceDto.extend({
  mqtt: z.object({ username: z.string(), password: z.string(), clientId: z.string() }),
});
/** Bulk registration, POST /api/devices/import: JSON, or CSV with a header row of the same field names. */
export const IMPORT_MAX_ROWS = 10_000;
export const ImportDevicesBody = z.object({
  devices: z.array(CreateDeviceBody).min(1).max(IMPORT_MAX_ROWS),
});
export const DevicesImportedDto = z.object({
  count: z.number().int(),
  devices: z.array(DeviceCreatedDto.pick({ id: true, type: true, mqtt: true })),
});
export const ImportRowErrorDto = z.object({
  row: z.number().int().describe('1-based position of the device in the list (CSV: not counting the header)'),
  line: z.number().int().optional().describe('CSV only: the line of the file on which the row starts'),
  id: z.string().optional(),
  errors: z.array(z.string()),
});
export type ImportRowErrorDto = z.infer<typeof ImportRowErrorDto>;
export const ImportRejectedDto = ErrorSchema.extend({ rows: z.array(ImportRowErrorDto) });
export const TelemetryQuery = z.object({
  metric: z.string().min(1, 'give ?metric='),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export const TelemetryDto = z.object({
  deviceId: z.string(),
  metric: z.string(),
  from: iso,
  to: iso,
  points: z.array(
    z.object({
      ts: iso,
      value: MetricValueSchema,
      min: z.number().optional(),
      max: z.number().optional(),
      count: z.number().optional(),
    }),
  ),
});
export const CommandBody = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a command name is lowercase snake_case'),
  args: z.record(z.string(), z.unknown()).default({}),
});
export const CommandSentDto = z.object({
  id: z.string(),
  deviceId: z.string(),
  name: z.string(),
  sentAt: iso,
  /** Whether the device was connected when the command was published (QoS 1); false: it will not get it. */
  connected: z.boolean(),
});

// ---- tickets
/** Mainland mobile (1[3-9] + 9 digits) or a landline with its area code (0537-4412345). */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
/** A phone number as typed (spaces and brackets dropped), then checked against PHONE_RE. */
export const PhoneSchema = z
  .string()
  .transform((p) => p.replace(/[\s()]/g, ''))
  .pipe(
    z.string().regex(PHONE_RE, 'a mainland mobile (13812345678) or a landline with area code (0537-4412345)'),
  );
export const ReporterSchema = z.object({
  name: z.string().trim().min(1, 'give the caller’s name').max(50),
  phone: PhoneSchema,
});
export const CreateTicketBody = z.object({
  category: CategorySchema,
  description: z.string().min(1).max(2000),
  priority: PrioritySchema.optional(),
  source: z.enum(['hotline', 'grid', 'inspection']).default('hotline'),
  compoundId: id.optional(),
  deviceId: z.string().regex(DEVICE_ID_RE).optional(),
  lat: lat.optional(),
  lng: lng.optional(),
  address: z.string().max(200).optional(),
  reporter: ReporterSchema.optional(),
});
/** A further report of a problem that already has a ticket (POST /api/tickets/{id}/link). */
export const LinkReportBody = z.object({
  description: z.string().min(1).max(2000),
  reporter: ReporterSchema.optional(),
  address: z.string().max(200).optional(),
  source: z.enum(['hotline', 'grid', 'inspection']).default('hotline'),
});
const reason = z.string().min(1, 'say why').max(1000);
export const TicketEventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dispatch'), vanId: id }),
  z.object({ type: z.literal('accept') }),
  z.object({ type: z.literal('decline'), reason }),
  z.object({ type: z.literal('depart') }),
  z.object({ type: z.literal('arrive') }),
  z.object({ type: z.literal('resolve'), note: z.string().min(1, 'describe the repair').max(2000) }),
  z.object({
    type: z.literal('callback'),
    satisfaction: SatisfactionSchema,
    note: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('close'), reason }),
  z.object({ type: z.literal('reopen'), reason }),
  z.object({ type: z.literal('cancel'), reason }),
  z.object({ type: z.literal('note'), text: z.string().min(1).max(2000) }),
]);
export type TicketEventBody = z.infer<typeof TicketEventBody>;
export type TicketEventType = TicketEventBody['type'];

export const TimelineEntryDto = z.object({
  at: iso,
  type: z.string(),
  by: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const TicketDto = z.object({
  id: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  source: TicketSourceSchema,
  category: z.string(),
  description: z.string(),
  deviceId: z.string().optional(),
  alarmRule: z.string().optional(),
  compoundId: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  address: z.string().optional(),
  reporter: ReporterSchema.optional(),
  vanId: z.string().optional(),
  createdAt: iso,
  updatedAt: iso,
  dispatchedAt: iso.optional(),
  acceptedAt: iso.optional(),
  arrivedAt: iso.optional(),
  resolvedAt: iso.optional(),
  closedAt: iso.optional(),
  respondBy: iso,
  resolveBy: iso,
  callback: z.object({ satisfaction: SatisfactionSchema, note: z.string().optional() }).optional(),
  /** Worst state of the running deadlines; absent = on time. */
  slaStatus: SlaStatusSchema.optional(),
  slaBreaches: z.array(SlaDeadlineSchema).optional(),
  callbackBy: iso.optional(),
});
export type TicketDto = z.infer<typeof TicketDto>;
export const TicketDetailDto = TicketDto.extend({ timeline: z.array(TimelineEntryDto) });
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));
export const TicketQuery = z.object({
  status: csv(TicketStatusSchema).optional(),
  priority: PrioritySchema.optional(),
  source: TicketSourceSchema.optional(),
  deviceId: z.string().optional(),
  compoundId: z.string().optional(),
  vanId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const AlarmQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  deviceId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const DeviceQuery = z.object({
  type: z.string().optional(),
  compoundId: z.string().optional(),
  status: DeviceStatusSchema.optional(),
});

// ---- live
export const DeviceStatusEvent = z.object({
  id: z.string(),
  status: DeviceStatusSchema,
  lastSeen: iso.optional(),
});
export const DeviceStateEvent = z.object({ id: z.string(), state: z.record(z.string(), MetricValueSchema) });
export const CommandAckEvent = z.object({
  deviceId: z.string(),
  id: z.string(),
  ok: z.boolean(),
  message: z.string().optional(),
  at: iso,
});

// ---- vans
export const VanStatusSchema = z.enum(['offline', 'idle', 'assigned', 'en_route', 'on_site']);
export const CreateVanBody = z.object({
  id: z.string().regex(DEVICE_ID_RE, 'a van id is 1–64 letters, digits, _ or -'),
  name: z.string().min(1).max(50),
  homeLat: lat.optional(),
  homeLng: lng.optional(),
});
export const VanDto = z.object({
  id: z.string(),
  name: z.string(),
  status: VanStatusSchema,
  lat: z.number().optional(),
  lng: z.number().optional(),
  heading: z.number().optional(),
  speed_kmh: z.number().optional(),
  ticketId: z.string().optional(),
  lastSeen: iso.optional(),
});
export type VanDto = z.infer<typeof VanDto>;
export const VanCreatedDto = VanDto.extend({
  mqtt: z.object({ username: z.string(), password: z.string(), clientId: z.string() }),
});
/** One entry of the batched `van:positions` event. */
export const VanPosition = z.object({
  id: z.string(),
  lat: z.number(),
  lng: z.number(),
  heading: z.number().optional(),
  speed_kmh: z.number().optional(),
  status: VanStatusSchema,
  ts: iso,
});
export type VanPosition = z.infer<typeof VanPosition>;
export const CandidateDto = z.object({
  vanId: z.string(),
  name: z.string(),
  status: VanStatusSchema,
  distanceM: z.number(),
  etaS: z.number(),
  ticketId: z.string().optional(),
});
export const StatsQuery = z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() });

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);
/** Durations in seconds; mean and p90 are null when count is 0 (p90: nearest rank). */
export const DurationStatsDto = z.object({
  count,
  meanS: z.number().nullable(),
  p90S: z.number().nullable(),
});
export const CompoundStatsDto = z.object({
  compoundId: z.string(),
  name: z.string().optional(),
  total: count,
  /** Not closed or cancelled. */
  open: count,
  meanResponseS: z.number().nullable(),
  breachRate: rate,
  satisfactionRate: rate.nullable(),
});
export const VanStatsDto = z.object({
  vanId: z.string(),
  total: count,
  /** Tickets that reached resolved (resolvedAt set), closed ones included. */
  resolved: count,
  meanResponseS: z.number().nullable(),
  meanResolutionS: z.number().nullable(),
});
/** GET /api/stats: KPIs over the tickets created in [from, to]. */
export const StatsDto = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  generatedAt: z.iso.datetime(),
  total: count,
  /** Every status, priority and source is present, 0 when none. */
  byStatus: z.record(TicketStatusSchema, count),
  byPriority: z.record(PrioritySchema, count),
  bySource: z.record(TicketSourceSchema, count),
  /** Only the categories that occur. */
  byCategory: z.record(z.string(), count),
  /** arrivedAt − createdAt, over tickets that have arrivedAt. */
  responseTime: DurationStatsDto,
  /** resolvedAt − createdAt, over tickets that have resolvedAt. */
  resolutionTime: DurationStatsDto,
  sla: z.object({
    /** Tickets with at least one breach. */
    breachedTickets: count,
    /** breachedTickets / total; 0 when total is 0. */
    breachRate: rate,
    /** Tickets that missed each deadline. */
    breaches: z.record(SlaDeadlineSchema, count),
  }),
  callback: z.object({
    count,
    satisfied: count,
    neutral: count,
    unsatisfied: count,
    /** satisfied / count; null when there was no callback. */
    satisfactionRate: rate.nullable(),
  }),
  /** Tickets without a compoundId are not listed here. */
  perCompound: z.array(CompoundStatsDto),
  /** Tickets without a vanId are not listed here. */
  perVan: z.array(VanStatsDto),
});
export type StatsDto = z.infer<typeof StatsDto>;

// ---- sites (beyond api.md): red sail stations (红帆驿站) inside compounds, and the depot where vans wait
export const SiteKindSchema = z.enum(['station', 'depot']);
export const CreateSiteBody = z.object({
  id,
  kind: SiteKindSchema,
  name: z.string().trim().min(1, 'give the site a name').max(100),
  lat,
  lng,
  /** Must name an existing compound (400 otherwise). */
  compoundId: id.optional(),
  address: z.string().max(200).optional(),
  phone: PhoneSchema.optional(),
});
export const SiteDto = CreateSiteBody.extend({ createdAt: iso });
export type SiteDto = z.infer<typeof SiteDto>;
