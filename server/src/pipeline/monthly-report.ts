// The monthly subsidy report's figures (issue 19), from the folded facts of the month's tickets
// (report-fold.ts): per compound, for the tickets without one, in total, and the change against the
// previous month computed the same way. Pure; the same rules as GET /api/stats (pipeline/stats.ts)
// for the figures both have: durations over the tickets that have them, p90 by nearest rank, rates
// 0 (breach) or null (satisfaction) over nothing.
import {
  PrioritySchema,
  REPORT_CHANGE_KEYS,
  TicketSourceSchema,
  type ReportFiguresDto,
} from '../contracts/dto';
import type { z } from 'zod';
import type { ReportChangeDto, ReportDurationDto } from '../contracts/dto';
import type { TicketFacts } from './report-fold';
import { mean, nearestRank } from './stats';

export type ReportFigures = ReportFiguresDto;
export type ReportDuration = z.infer<typeof ReportDurationDto>;
export type ReportChange = z.infer<typeof ReportChangeDto>;
export type ReportChanges = Record<(typeof REPORT_CHANGE_KEYS)[number], ReportChange>;

export function durations(xs: readonly number[]): ReportDuration {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianS: nearestRank(sorted, 1, 2),
    p90S: nearestRank(sorted, 9, 10),
    meanS: mean(sorted),
  };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The figures of a group of tickets; `reopens` are the repeat-fault reopens within the month of any
 * ticket of the group's kind (an older ticket's too), as GET /api/stats counts them.
 */
export function figuresOf(facts: readonly TicketFacts[], reopens: number): ReportFigures {
  const bySource = zeros(TicketSourceSchema.options);
  const byPriority = zeros(PrioritySchema.options);
  const byCategory = new Map<string, number>();
  const breaches = { respond: 0, resolve: 0, callback: 0 };
  const cb = { made: 0, tickets: 0, satisfied: 0, neutral: 0, unsatisfied: 0 };
  const response: number[] = [];
  const resolution: number[] = [];
  let resolved = 0;
  let closed = 0;
  let cancelled = 0;
  let breachedTickets = 0;
  let reports = 0;
  let repeatTickets = 0;
  let labourMin = 0;
  let repairs = 0;
  let fen = 0;
  let lines = 0;
  let uncosted = 0;
  for (const f of facts) {
    bySource[f.source] += 1;
    byPriority[f.priority] += 1;
    byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1);
    reports += 1 + f.links;
    if (f.status === 'closed') closed += 1;
    if (f.status === 'cancelled') cancelled += 1;
    if (f.arrivedAt !== undefined) response.push((f.arrivedAt - f.createdAt) / 1000);
    if (f.resolvedAt !== undefined) {
      resolved += 1;
      resolution.push((f.resolvedAt - f.createdAt) / 1000);
    }
    if (f.breaches.length > 0) breachedTickets += 1;
    for (const d of f.breaches) breaches[d] += 1;
    cb.made += f.callbacksMade;
    if (f.outcome !== undefined) {
      cb.tickets += 1;
      cb[f.outcome] += 1;
    }
    if (f.repeatReopens.length > 0) repeatTickets += 1;
    labourMin += f.labourMin;
    repairs += f.repairs;
    fen += f.partsFen;
    lines += f.partLines;
    uncosted += f.uncostedLines;
  }
  const n = facts.length;
  return {
    tickets: n,
    reports,
    bySource,
    byPriority,
    // Built from a Map so a category named like an Object.prototype key stays an ordinary key.
    byCategory: Object.fromEntries([...byCategory].sort(([a], [b]) => (a < b ? -1 : 1))),
    resolved,
    closed,
    cancelled,
    open: n - closed - cancelled,
    responseTime: durations(response),
    resolutionTime: durations(resolution),
    sla: { breachedTickets, breachRate: n === 0 ? 0 : breachedTickets / n, breaches },
    callbacks: { ...cb, satisfactionRate: cb.tickets === 0 ? null : cb.satisfied / cb.tickets },
    repeatRepairs: { reopens, tickets: repeatTickets },
    labour: { minutes: labourMin, hours: Math.round((labourMin / 60) * 100) / 100, repairs },
    parts: { costYuan: fen / 100, lines, uncostedLines: uncosted },
  };
}

/** The value of each compared figure; null where the month has none. */
function compared(f: ReportFigures): Record<(typeof REPORT_CHANGE_KEYS)[number], number | null> {
  return {
    tickets: f.tickets,
    responseMedianS: f.responseTime.medianS,
    resolutionMedianS: f.resolutionTime.medianS,
    breachRate: f.tickets === 0 ? null : f.sla.breachRate,
    satisfactionRate: f.callbacks.satisfactionRate,
    labourHours: f.labour.hours,
    partsCostYuan: f.parts.costYuan,
  };
}

/** This month against the previous one, figure by figure. */
export function changeOf(current: ReportFigures, previous: ReportFigures): ReportChanges {
  const c = compared(current);
  const p = compared(previous);
  const out = {} as ReportChanges;
  for (const k of REPORT_CHANGE_KEYS) {
    const delta = c[k] === null || p[k] === null ? null : Math.round((c[k] - p[k]) * 1e6) / 1e6;
    out[k] = { previous: p[k], current: c[k], delta };
  }
  return out;
}

export interface MonthFacts {
  facts: readonly TicketFacts[];
  /** Repeat-fault reopens within the month, of any ticket, with that ticket's compound. */
  reopens: readonly { compoundId?: string }[];
}

export interface MonthlyFigures {
  totals: ReportFigures & { change: ReportChanges };
  compounds: (ReportFigures & { compoundId: string; name: string; change: ReportChanges })[];
  unplaced?: ReportFigures;
  provisional: number;
}

const byCompound = <T extends { compoundId?: string }>(xs: readonly T[], id: string) =>
  xs.filter((x) => x.compoundId === id);

/** Totals, each compound (with a ticket in either month, or a reopen in this one) and the unplaced. */
export function monthlyFigures(
  current: MonthFacts,
  previous: MonthFacts,
  names: ReadonlyMap<string, string>,
): MonthlyFigures {
  const ids = new Set<string>();
  for (const x of [...current.facts, ...previous.facts, ...current.reopens])
    if (x.compoundId !== undefined) ids.add(x.compoundId);
  const figures = (m: MonthFacts, id: string) =>
    figuresOf(byCompound(m.facts, id), byCompound(m.reopens, id).length);
  const totals = figuresOf(current.facts, current.reopens.length);
  const compounds = [...ids].sort().map((compoundId) => {
    const f = figures(current, compoundId);
    return {
      ...f,
      compoundId,
      name: names.get(compoundId) ?? compoundId,
      change: changeOf(f, figures(previous, compoundId)),
    };
  });
  const loose = current.facts.filter((f) => f.compoundId === undefined);
  const looseReopens = current.reopens.filter((r) => r.compoundId === undefined).length;
  return {
    totals: { ...totals, change: changeOf(totals, figuresOf(previous.facts, previous.reopens.length)) },
    compounds,
    ...(loose.length > 0 && { unplaced: figuresOf(loose, looseReopens) }),
    provisional: current.facts.filter((f) => f.status === 'open').length,
  };
}
