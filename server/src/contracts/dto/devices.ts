// Wire formats of devices, their alarms, telemetry history, commands and live device events
// (api.md /api/devices, /api/alarms, Socket.IO).
import { z } from 'zod';
import { SeveritySchema } from '../../../../devices/lib/types';
import { DEVICE_ID_RE } from '../topics';
import { DeviceStatusSchema, ErrorSchema, id, iso, lat, lng, MetricValueSchema } from './common';

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
  /** Part of an incident: the power alarm of the box feeding the device; no ticket of its own. */
  causeAlarmId: z.string().optional(),
  /** Raised under this silence: no ticket, no notification, until it ends. */
  silenceId: z.string().optional(),
  /** Raised FLAP_COUNT times within FLAP_WINDOW_S: kept active until FLAP_QUIET_S healthy. */
  flapping: z.boolean().optional(),
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
  /** The registered distribution box that feeds this device (power-feed topology). */
  poweredBy: z
    .string()
    .regex(DEVICE_ID_RE, 'poweredBy is the id of a registered distribution box')
    .optional(),
});
export const DeviceDto = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().optional(),
  compoundId: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  attrs: z.record(z.string(), z.number()),
  poweredBy: z.string().optional(),
  status: DeviceStatusSchema,
  state: z.record(z.string(), MetricValueSchema),
  lastSeen: iso.optional(),
  createdAt: iso,
  /** Taken out of service (DELETE /api/devices/{id}): listed only with `?all=true`. */
  decommissionedAt: iso.optional(),
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
/** Telemetry history caps: the longest range one request may ask for, and the most points per page. */
export const TELEMETRY_MAX_SPAN_DAYS = 400;
export const TELEMETRY_MAX_POINTS = 10_000;
export const TelemetryQuery = z.object({
  metric: z.string().min(1, 'give ?metric='),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(TELEMETRY_MAX_POINTS, `limit is at most ${TELEMETRY_MAX_POINTS} points; page with ?from=<next>`)
    .default(TELEMETRY_MAX_POINTS),
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
  /** More points follow: ask again with from=next (same to) for the next page. */
  next: iso.optional(),
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
  /** The type declares it disruptive (a breaker reset, a reboot). */
  disruptive: z.boolean(),
});
/** POST /api/devices/{id}/secret: the device's new MQTT credentials (shown once). */
export const DeviceSecretDto = z.object({ mqtt: DeviceCreatedDto.shape.mqtt });

export const AlarmQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  deviceId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The next page: the id of the last alarm of the previous one. */
  before: z.string().min(1).optional(),
});
export const DeviceQuery = z.object({
  type: z.string().optional(),
  compoundId: z.string().optional(),
  status: DeviceStatusSchema.optional(),
  /** `true`: decommissioned devices too. */
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
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

/** POST /api/alarms/ack: several alarms acknowledged at once. */
export const AckAlarmsBody = z.object({
  ids: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'ids: each alarm once'),
});
