// Wire format of the monthly subsidy report (api.md v1.1 "Reports, intake and handover"):
// GET /api/reports/monthly?month=YYYY-MM&format=json|xlsx. Every figure is over the tickets created in
// the month (in SITE_TZ), rebuilt from their timelines as recorded up to `generatedAt`; the same
// range in GET /api/stats gives the same numbers for the figures both have.
import { z } from 'zod';
import { iso, PrioritySchema, SlaDeadlineSchema, TicketSourceSchema } from './common';
import { RepeatRepairsDto } from './stats';

export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'give the month as YYYY-MM, e.g. 2026-11');
export const MonthlyReportQuery = z.object({
  month: MonthSchema,
  format: z.enum(['json', 'xlsx']).default('json'),
  /** The language of the workbook's sheet names, headings and the method notes' column. */
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);
/** Seconds; null when count is 0. Median and p90 by nearest rank, as GET /api/stats's p90. */
export const ReportDurationDto = z.object({
  count,
  medianS: z.number().nullable(),
  p90S: z.number().nullable(),
  meanS: z.number().nullable(),
});

/** The figures of one compound, of the tickets without a compound, or of the whole month. */
export const ReportFiguresDto = z.object({
  /** Tickets created in the month. */
  tickets: count,
  /** Reports received for them: the first one of each ticket plus every further report joined to it. */
  reports: count,
  /** Every source and priority is present, 0 when none. */
  bySource: z.record(TicketSourceSchema, count),
  byPriority: z.record(PrioritySchema, count),
  /** Only the categories that occur. */
  byCategory: z.record(z.string(), count),
  /** Where those tickets stand at generatedAt. */
  resolved: count,
  closed: count,
  cancelled: count,
  open: count,
  /** On site (the first `arrive` since the last reopen) − created, over the tickets with an arrival. */
  responseTime: ReportDurationDto,
  /** Resolved (the last `resolve`) − created, over the tickets with one. */
  resolutionTime: ReportDurationDto,
  sla: z.object({
    breachedTickets: count,
    breachRate: rate,
    breaches: z.record(SlaDeadlineSchema, count),
  }),
  callbacks: z.object({
    /** Callback entries recorded: one per caller called back. */
    made: count,
    /** Tickets closed by their callback (equals GET /api/stats callback.count). */
    tickets: count,
    /** The tickets' outcome: the worst satisfaction among their callers' callbacks. */
    satisfied: count,
    neutral: count,
    unsatisfied: count,
    /** satisfied / tickets; null when no ticket was closed by a callback. */
    satisfactionRate: rate.nullable(),
  }),
  repeatRepairs: RepeatRepairsDto,
  /** Labour reported at each `resolve` (every repair visit, a reopened ticket's earlier ones too). */
  labour: z.object({ minutes: count, hours: z.number().min(0), repairs: count }),
  /** Parts reported at each `resolve`: qty × unitCostYuan, in yuan to the fen. */
  parts: z.object({ costYuan: z.number().min(0), lines: count, uncostedLines: count }),
});
export type ReportFiguresDto = z.infer<typeof ReportFiguresDto>;

/** One figure this month against last month: null where either month has no value. */
export const ReportChangeDto = z.object({
  previous: z.number().nullable(),
  current: z.number().nullable(),
  delta: z.number().nullable(),
});
export const REPORT_CHANGE_KEYS = [
  'tickets',
  'responseMedianS',
  'resolutionMedianS',
  'breachRate',
  'satisfactionRate',
  'labourHours',
  'partsCostYuan',
] as const;
export const ReportChangesDto = z.object(
  Object.fromEntries(REPORT_CHANGE_KEYS.map((k) => [k, ReportChangeDto])) as Record<
    (typeof REPORT_CHANGE_KEYS)[number],
    typeof ReportChangeDto
  >,
);

export const ReportCompoundDto = ReportFiguresDto.extend({
  compoundId: z.string(),
  name: z.string(),
  change: ReportChangesDto,
});

/** How one figure is computed, for the reader of the report. */
export const ReportMethodDto = z.object({ figure: z.string(), zh: z.string(), en: z.string() });

export const MonthlyReportDto = z.object({
  month: MonthSchema,
  /** [from, to] of the month in the site's time zone; `to` is the last millisecond. */
  from: iso,
  to: iso,
  /** The site's time zone (SITE_TZ) the month is counted in. */
  timeZone: z.string(),
  generatedAt: iso,
  /** The company the report is made by (ORG_NAME), for the header. */
  org: z.string(),
  totals: ReportFiguresDto.extend({ change: ReportChangesDto }),
  /** Compounds with at least one ticket in either month, by id. */
  compounds: z.array(ReportCompoundDto),
  /** The tickets with no compound (absent when there are none). */
  unplaced: ReportFiguresDto.optional(),
  previousMonth: MonthSchema,
  /** Tickets of the month still open at generatedAt: their figures may still change. */
  provisional: count,
  /** What was read: the month's tickets, their timeline entries, and the audit entries of the month. */
  basis: z.object({ tickets: count, timelineEntries: count, auditEntries: count }),
  methods: z.array(ReportMethodDto),
});
export type MonthlyReportDto = z.infer<typeof MonthlyReportDto>;
