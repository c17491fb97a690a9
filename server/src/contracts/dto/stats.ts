// Wire format of the manager's KPIs (GET /api/stats).
import { z } from 'zod';
import { PrioritySchema, SlaDeadlineSchema, TicketSourceSchema, TicketStatusSchema } from './common';

export const StatsQuery = z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() });

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);
/** Repeat repairs (api.md v1.1): a fault returning soon after its ticket closed reopened that ticket. */
export const RepeatRepairsDto = z.object({
  /** Reopens by repeat_fault within [from, to], of any ticket (however old). */
  reopens: count,
  /** Tickets of the period (created in [from, to]) that a returning fault reopened at least once. */
  tickets: count,
});
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
  repeatRepairs: RepeatRepairsDto,
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
  repeatRepairs: RepeatRepairsDto,
  /**
   * Tickets without a compoundId are not listed here; a compound whose only figures are reopens of
   * older tickets is listed with total 0.
   */
  perCompound: z.array(CompoundStatsDto),
  /** Tickets without a vanId are not listed here. */
  perVan: z.array(VanStatsDto),
});
export type StatsDto = z.infer<typeof StatsDto>;
