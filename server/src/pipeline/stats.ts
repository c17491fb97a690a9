// KPIs for GET /api/stats (api.md): volumes, response and resolution times, SLA breaches, callback
// satisfaction, repeat repairs, per compound and per van. Pure: the caller selects the tickets
// (createdAt in [from, to]) and passes them in, with the repeat-fault reopens of any ticket; every
// number here is derived from those alone.
import type { z } from 'zod';
import {
  PrioritySchema,
  TicketSourceSchema,
  TicketStatusSchema,
  type CompoundStatsDto,
  type DurationStatsDto,
  type RepeatRepairsDto,
  type StatsDto,
  type VanStatsDto,
} from '../contracts/dto';
import type { SlaDeadline, TicketRecord } from '../store/store';
import { isOpen } from './lifecycle';
import type { RepeatReopen } from './repairs';

// The shapes are the wire schemas' (contracts/dto.ts), except that the three instants are epoch ms here.
export type DurationStats = z.infer<typeof DurationStatsDto>;
export type CompoundStats = z.infer<typeof CompoundStatsDto>;
export type VanStats = z.infer<typeof VanStatsDto>;
export type RepeatRepairs = z.infer<typeof RepeatRepairsDto>;

/** JSON-friendly: plain numbers (times epoch ms, durations seconds, rates 0..1), arrays sorted by id. */
export type Stats = Omit<StatsDto, 'from' | 'to' | 'generatedAt'> & {
  from: number;
  to: number;
  generatedAt: number;
};

export interface StatsOptions {
  from: number;
  to: number;
  now: number;
  /** compound id → name, to label perCompound. */
  compounds?: ReadonlyMap<string, string>;
  /** Repeat-fault reopens of any ticket; those within [from, to] count. */
  reopens?: readonly RepeatReopen[];
}

const responseS = (t: TicketRecord) =>
  t.arrivedAt === undefined ? undefined : (t.arrivedAt - t.createdAt) / 1000;
const resolutionS = (t: TicketRecord) =>
  t.resolvedAt === undefined ? undefined : (t.resolvedAt - t.createdAt) / 1000;
const breached = (t: TicketRecord) => (t.slaBreaches?.length ?? 0) > 0;

function values(tickets: readonly TicketRecord[], f: (t: TicketRecord) => number | undefined): number[] {
  const out: number[] = [];
  for (const t of tickets) {
    const v = f(t);
    if (v !== undefined) out.push(v);
  }
  return out;
}

export const mean = (xs: readonly number[]) =>
  xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;

/** Nearest rank of sorted values: the smallest with at least num/den of them at or below it. */
export function nearestRank(sorted: readonly number[], num: number, den: number): number | null {
  // In integers: q·n can land a hair above an integer and ceil one rank too far.
  return sorted[Math.ceil((num * sorted.length) / den) - 1] ?? null;
}
const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function durations(xs: readonly number[]): DurationStats {
  const sorted = [...xs].sort((a, b) => a - b);
  return { count: sorted.length, meanS: mean(sorted), p90S: nearestRank(sorted, 9, 10) };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function repeatRepairs(tickets: readonly TicketRecord[], reopens: readonly RepeatReopen[]): RepeatRepairs {
  return { reopens: reopens.length, tickets: tickets.filter((t) => (t.repeatCount ?? 0) > 0).length };
}

function satisfactionRate(tickets: readonly TicketRecord[]): number | null {
  const withCallback = tickets.filter((t) => t.callback !== undefined);
  if (withCallback.length === 0) return null;
  return withCallback.filter((t) => t.callback?.satisfaction === 'satisfied').length / withCallback.length;
}

export function computeStats(tickets: readonly TicketRecord[], opts: StatsOptions): Stats {
  const byStatus = zeros(TicketStatusSchema.options);
  const byPriority = zeros(PrioritySchema.options);
  const bySource = zeros(TicketSourceSchema.options);
  const byCategory = new Map<string, number>();
  const breaches: Record<SlaDeadline, number> = { respond: 0, resolve: 0, callback: 0 };
  const callback = { count: 0, satisfied: 0, neutral: 0, unsatisfied: 0 };
  let breachedTickets = 0;

  for (const t of tickets) {
    byStatus[t.status] += 1;
    byPriority[t.priority] += 1;
    bySource[t.source] += 1;
    byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
    if (breached(t)) breachedTickets += 1;
    for (const kind of new Set(t.slaBreaches ?? [])) breaches[kind] += 1;
    if (t.callback) {
      callback.count += 1;
      callback[t.callback.satisfaction] += 1;
    }
  }

  const reopens = (opts.reopens ?? []).filter((r) => r.at >= opts.from && r.at <= opts.to);
  const created = new Map(groupBy(tickets, (t) => t.compoundId));
  const reopened = new Map(groupBy(reopens, (r) => r.compoundId));
  const compoundIds = [...new Set([...created.keys(), ...reopened.keys()])].sort();
  const perCompound = compoundIds.map((compoundId): CompoundStats => {
    const ts = created.get(compoundId) ?? [];
    const name = opts.compounds?.get(compoundId);
    return {
      compoundId,
      ...(name === undefined ? {} : { name }),
      total: ts.length,
      open: ts.filter((t) => isOpen(t.status)).length,
      meanResponseS: mean(values(ts, responseS)),
      breachRate: rate(ts.filter(breached).length, ts.length),
      satisfactionRate: satisfactionRate(ts),
      repeatRepairs: repeatRepairs(ts, reopened.get(compoundId) ?? []),
    };
  });

  const perVan = groupBy(tickets, (t) => t.vanId).map(([vanId, ts]): VanStats => ({
    vanId,
    total: ts.length,
    resolved: ts.filter((t) => t.resolvedAt !== undefined).length,
    meanResponseS: mean(values(ts, responseS)),
    meanResolutionS: mean(values(ts, resolutionS)),
  }));

  return {
    from: opts.from,
    to: opts.to,
    generatedAt: opts.now,
    total: tickets.length,
    byStatus,
    byPriority,
    bySource,
    // Built from a Map so a category named like an Object.prototype key stays an ordinary key.
    byCategory: Object.fromEntries([...byCategory].sort(([a], [b]) => (a < b ? -1 : 1))),
    responseTime: durations(values(tickets, responseS)),
    resolutionTime: durations(values(tickets, resolutionS)),
    sla: { breachedTickets, breachRate: rate(breachedTickets, tickets.length), breaches },
    callback: {
      ...callback,
      satisfactionRate: callback.count === 0 ? null : callback.satisfied / callback.count,
    },
    repeatRepairs: repeatRepairs(tickets, reopens),
    perCompound,
    perVan,
  };
}
