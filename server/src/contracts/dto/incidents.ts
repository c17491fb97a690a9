// Wire formats of incidents (one root cause and the alarms it explains) and silences (maintenance
// windows): api.md "Incidents, silences, flapping, verified repairs".
import { z } from 'zod';
import { DEVICE_ID_RE } from '../topics';
import { AlarmDto } from './devices';
import { id, iso } from './common';

// ---- incidents
export const IncidentAffectedDto = z.object({
  deviceId: z.string(),
  alarmId: z.string(),
  rule: z.string(),
  /** Still dark (the alarm is active). */
  active: z.boolean(),
  raisedAt: iso,
  clearedAt: iso.optional(),
  /** Set once the device got a ticket of its own (still dark INCIDENT_RESTORE_GRACE_S after the cause cleared). */
  ticketId: z.string().optional(),
});
export const IncidentDto = z.object({
  /** The root alarm's id. */
  id: z.string(),
  rootAlarm: AlarmDto,
  compoundId: z.string().optional(),
  /** The one work order of the incident: the root alarm's ticket. */
  ticketId: z.string().optional(),
  affected: z.array(IncidentAffectedDto),
  startedAt: iso,
  endedAt: iso.optional(),
});
export type IncidentDto = z.infer<typeof IncidentDto>;
/**
 * Why an active alarm has no ticket of its own (yet) — what the console shows as "no ticket of its own
 * because…" — or why it got one late (the `why` of its ticket's `created` timeline entry).
 */
export const GateWhyDto = z.discriminatedUnion('code', [
  /** Its feeder's power alarm explains it: the feeder's ticket is the one work order. */
  z.object({
    code: z.literal('power_cut'),
    feederId: z.string(),
    causeAlarmId: z.string(),
    causeRule: z.string(),
  }),
  /** A dark rule of a fed device: waits until `until` (INCIDENT_HOLD_S) for its feeder's power alarm. */
  z.object({ code: z.literal('awaiting_cause'), feederId: z.string(), until: iso }),
  /** A silence covers it until `until`. */
  z.object({ code: z.literal('silenced'), silenceId: z.string(), until: iso }),
  /** Its cause cleared: still dark at `until` (INCIDENT_RESTORE_GRACE_S), it gets a ticket. */
  z.object({
    code: z.literal('power_restored'),
    feederId: z.string(),
    causeAlarmId: z.string(),
    until: iso.optional(),
  }),
  /** Got its ticket: no cause came within the hold. */
  z.object({ code: z.literal('no_cause'), feederId: z.string() }),
  /** Got its ticket: still dark after the power came back. */
  z.object({ code: z.literal('still_dark'), feederId: z.string(), causeAlarmId: z.string() }),
  /** Got its ticket: the silence it was raised under ended. */
  z.object({ code: z.literal('silence_ended'), silenceId: z.string() }),
  /** Nothing explains or holds it. */
  z.object({ code: z.literal('own_fault') }),
]);
export type GateWhyDto = z.infer<typeof GateWhyDto>;
/** An active alarm without a ticket of its own, and why (GET /api/incidents/withheld). */
export const WithheldAlarmDto = z.object({ alarm: AlarmDto, why: GateWhyDto });
export type WithheldAlarmDto = z.infer<typeof WithheldAlarmDto>;

export const IncidentQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  compoundId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// ---- silences
export const SilenceMatchSchema = z
  .object({
    deviceId: z.string().regex(DEVICE_ID_RE).optional(),
    compoundId: id.optional(),
    type: z.string().min(1).max(64).optional(),
    rule: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), {
    message: 'a silence must match something: give deviceId, compoundId, type or rule',
  });
export const CreateSilenceBody = z
  .object({
    match: SilenceMatchSchema,
    /** How long from startsAt (or now); or give endsAt. */
    durationMin: z.number().int().min(1).optional(),
    endsAt: z.iso.datetime().optional(),
    /** A planned window that starts later (default: now). */
    startsAt: z.iso.datetime().optional(),
    reason: z.string().trim().min(1, 'say why (e.g. planned maintenance of the boxes)').max(500),
    /** The silence ends when this ticket closes. */
    ticketId: id.optional(),
  })
  .refine((b) => (b.durationMin === undefined) !== (b.endsAt === undefined), {
    message: 'give either durationMin or endsAt',
  });
export const SilenceDto = z.object({
  id: z.string(),
  match: SilenceMatchSchema,
  startsAt: iso,
  endsAt: iso,
  reason: z.string(),
  ticketId: z.string().optional(),
  createdBy: z.string(),
  createdAt: iso,
  endedAt: iso.optional(),
  endedBy: z.string().optional(),
  /** In force now. */
  active: z.boolean(),
});
export type SilenceDto = z.infer<typeof SilenceDto>;
export const SilenceListQuery = z.object({
  /** Recent ones too (ended or run out), not only those in force. */
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
/** What a silence would match, before it is created (POST /api/silences/preview). */
export const SilencePreviewBody = z.object({ match: SilenceMatchSchema });
export const SilencePreviewDto = z.object({
  /** Registered devices the match covers. */
  deviceCount: z.number().int(),
  /** The first of them (at most 50), by id. */
  devices: z.array(z.object({ id: z.string(), type: z.string(), name: z.string().optional() })),
  /** Their alarms active now (these keep their tickets; alarms raised later open none). */
  activeAlarms: z.array(AlarmDto),
});
export type SilencePreviewDto = z.infer<typeof SilencePreviewDto>;
