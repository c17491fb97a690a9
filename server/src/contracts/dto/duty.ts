// Wire formats of the duty roster (shifts, who works each day's shift, the supervisor and manager on
// call) and of who is on duty now: api.md v1.1 "Escalation" — an escalation notifies those on call.
import { z } from 'zod';
import { iso } from './common';

const username = z.string().min(1).max(64);
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'is not a calendar day');

export const DutyShiftDto = z.object({
  id: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  /** HH:MM in the site's time zone; a shift that ends at or before it starts runs into the next day. */
  start: z.string(),
  end: z.string(),
});
export type DutyShiftDto = z.infer<typeof DutyShiftDto>;

export const DutyRosterEntryDto = z.object({
  /** The day the shift starts (site time zone). */
  date: z.string(),
  shiftId: z.string(),
  members: z.array(z.string()),
  supervisor: z.string().optional(),
  manager: z.string().optional(),
  updatedAt: iso,
  updatedBy: z.string(),
});
export type DutyRosterEntryDto = z.infer<typeof DutyRosterEntryDto>;

export const DutyRosterDto = z.object({
  timeZone: z.string(),
  shifts: z.array(DutyShiftDto),
  from: z.string(),
  to: z.string(),
  /** Only the day-shifts that have a roster, by day then shift. */
  entries: z.array(DutyRosterEntryDto),
});
export type DutyRosterDto = z.infer<typeof DutyRosterDto>;

/** `GET /api/duty/roster?from=&to=`: days (YYYY-MM-DD, both included); default the week (Mon–Sun) of today. */
export const DutyRosterQuery = z
  .object({ from: CalendarDay.optional(), to: CalendarDay.optional() })
  .strict()
  .refine((q) => (q.from === undefined) === (q.to === undefined), 'give both from and to, or neither');

/** `PUT /api/duty/roster/{date}/{shiftId}`: who works it; the supervisor and manager on call (null: none). */
export const PutDutyRosterBody = z
  .object({
    members: z
      .array(username)
      .max(50, 'at most 50 people on one shift')
      .refine((m) => new Set(m).size === m.length, 'names someone twice'),
    supervisor: username.nullable().optional(),
    manager: username.nullable().optional(),
  })
  .strict();
export type PutDutyRosterBody = z.infer<typeof PutDutyRosterBody>;

export const DutyNowDto = z.object({
  at: iso,
  timeZone: z.string(),
  /** The shift covering now, and the day it started; absent when no shift covers now. */
  shift: DutyShiftDto.optional(),
  date: z.string().optional(),
  members: z.array(z.string()),
  /** The supervisor on call now: an escalation to level 1 notifies them. */
  supervisor: z.string().optional(),
  /** The manager on call now: an escalation to level 2 notifies them too. */
  manager: z.string().optional(),
});
export type DutyNowDto = z.infer<typeof DutyNowDto>;

/** Socket.IO `ticket:escalated`: a ticket not accepted in time went up a level. */
export const TicketEscalatedEvent = z.object({
  ticketId: z.string(),
  level: z.number().int(),
  /** Usernames notified: the supervisor on call (and the manager at level 2). */
  notify: z.array(z.string()),
  at: iso,
});
export type TicketEscalatedEvent = z.infer<typeof TicketEscalatedEvent>;
