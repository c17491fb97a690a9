// Wire formats of the dispatchers' shift handover (交接班, api.md v1.1 "Reports, intake and handover"):
// the outgoing dispatcher's note, the snapshot the server takes at that moment (open tickets, active
// incidents, vans, the duty shift), and the incoming dispatcher's sign-off.
import { z } from 'zod';
import { iso, PrioritySchema, SlaStatusSchema, TicketStatusSchema } from './common';

/** The longest note, in characters. */
export const HANDOVER_NOTE_MAX = 4000;
/** The most open tickets a snapshot lists one by one; the rest are counted in `truncated`. */
export const HANDOVER_TICKETS_MAX = 200;

export const CreateHandoverBody = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'write what the next shift must know: open work, things to watch')
    .max(HANDOVER_NOTE_MAX, `keep the note to at most ${HANDOVER_NOTE_MAX} characters`),
  /** The shift being handed over (a DUTY_SHIFTS id); by default the one on duty now. */
  shiftId: z.string().min(1).max(64).optional(),
});
export type CreateHandoverBody = z.infer<typeof CreateHandoverBody>;

export const AckHandoverBody = z.object({
  note: z
    .string()
    .trim()
    .max(HANDOVER_NOTE_MAX, `keep the note to at most ${HANDOVER_NOTE_MAX} characters`)
    .optional(),
});
export type AckHandoverBody = z.infer<typeof AckHandoverBody>;

export const HandoverListQuery = z.object({
  /** The id of the last handover of the previous page: continue after it. */
  before: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** true: only those not yet signed off. */
  pending: z
    .enum(['true', 'false'], { error: 'pending must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type HandoverListQuery = z.infer<typeof HandoverListQuery>;

const count = z.number().int().min(0);

/** One open ticket as the handover sheet lists it. */
export const HandoverTicketDto = z.object({
  id: z.string(),
  priority: PrioritySchema,
  status: TicketStatusSchema,
  category: z.string(),
  compoundId: z.string().optional(),
  compoundName: z.string().optional(),
  address: z.string().optional(),
  vanId: z.string().optional(),
  createdAt: iso,
  respondBy: iso,
  resolveBy: iso,
  slaStatus: SlaStatusSchema.optional(),
  callbackBy: iso.optional(),
});
export type HandoverTicketDto = z.infer<typeof HandoverTicketDto>;

export const HandoverIncidentDto = z.object({
  /** The root (power) alarm. */
  alarmId: z.string(),
  deviceId: z.string(),
  compoundId: z.string().optional(),
  compoundName: z.string().optional(),
  since: iso,
  /** Alarms it explains. */
  affected: count,
});
export type HandoverIncidentDto = z.infer<typeof HandoverIncidentDto>;

export const HandoverVanDto = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['offline', 'idle', 'assigned', 'en_route', 'on_site']),
  ticketId: z.string().optional(),
});

export const HandoverShiftDto = z.object({
  /** The day the shift starts (site time zone). */
  date: z.string(),
  shiftId: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  start: z.string(),
  end: z.string(),
  members: z.array(z.string()),
  supervisor: z.string().optional(),
});
export type HandoverShiftDto = z.infer<typeof HandoverShiftDto>;

export const HandoverCountsDto = z.object({
  open: count,
  byStatus: z.record(z.string(), count),
  byPriority: z.object({ P1: count, P2: count, P3: count, P4: count }),
  slaAtRisk: count,
  slaBreached: count,
  /** Resolved, the resident not yet called back. */
  awaitingCallback: count,
  /** P1/P2 tickets no van has. */
  unassignedUrgent: count,
  activeIncidents: count,
});
export type HandoverCountsDto = z.infer<typeof HandoverCountsDto>;

/** The handover sheet, taken by the server when the handover is written; it never changes after. */
export const HandoverSnapshotDto = z.object({
  takenAt: iso,
  timeZone: z.string(),
  counts: HandoverCountsDto,
  /** Most urgent first (breached, at risk, then priority, then oldest), at most HANDOVER_TICKETS_MAX. */
  tickets: z.array(HandoverTicketDto),
  /** Open tickets left out of `tickets`. */
  truncated: count,
  incidents: z.array(HandoverIncidentDto),
  vans: z.array(HandoverVanDto),
  /** The shift handed over, and the next one as the roster has it. */
  ending: HandoverShiftDto.optional(),
  next: HandoverShiftDto.optional(),
});
export type HandoverSnapshotDto = z.infer<typeof HandoverSnapshotDto>;

export const HandoverDto = z.object({
  id: z.string(),
  /** The outgoing dispatcher. */
  from: z.string(),
  note: z.string(),
  createdAt: iso,
  snapshot: HandoverSnapshotDto,
  /** The incoming dispatcher who signed it off; absent while pending. */
  ackedBy: z.string().optional(),
  ackedAt: iso.optional(),
  ackNote: z.string().optional(),
});
export type HandoverDto = z.infer<typeof HandoverDto>;
