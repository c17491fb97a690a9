// What the manager page draws: one bar chart per breakdown of /api/stats. Pure: labels come
// through the functions passed in, so the same stats give the same charts in either language.
import {
  PrioritySchema,
  TicketSourceSchema,
  TicketStatusSchema,
} from '../../../../../server/src/contracts/dto';
import type { Priority, TicketSource, TicketStatus } from '../../api/types';
import type { MessageKey } from '../../i18n/zh-CN';
import type { StatsDto, VanStatsDto } from './stats-dto';

export type ValueKind = 'count' | 'rate' | 'duration';

export interface BarItem {
  /** data-key: the value on the wire (a priority, a compound id, …). */
  key: string;
  label: string;
  /** null: no figure (e.g. no ticket reached the site); drawn as an empty row. */
  value: number | null;
  /** A class setting --prio (priority colours of app.css); otherwise the calm default. */
  tone?: string;
}

export interface ChartSpec {
  /** data-chart */
  id: string;
  title: MessageKey;
  kind: ValueKind;
  items: BarItem[];
}

export interface ChartLabels {
  t: (key: MessageKey) => string;
  category: (category: string) => string;
  /** A van's display name (its id when unknown). */
  van: (vanId: string) => string;
}

// The orders of the wire enumerations, defined once in the API's schemas.
const PRIORITIES: readonly Priority[] = PrioritySchema.options;
const STATUSES: readonly TicketStatus[] = TicketStatusSchema.options;
const SOURCES: readonly TicketSource[] = TicketSourceSchema.options;

const vanItems = (vans: readonly VanStatsDto[], l: ChartLabels, f: (v: VanStatsDto) => number | null) =>
  vans.map((v): BarItem => ({ key: v.vanId, label: l.van(v.vanId), value: f(v) }));

export function buildCharts(stats: StatsDto, l: ChartLabels): ChartSpec[] {
  const compounds = stats.perCompound;
  const compoundLabel = (c: (typeof compounds)[number]) => c.name ?? c.compoundId;
  return [
    {
      id: 'priority',
      title: 'manager.chart.priority',
      kind: 'count',
      items: PRIORITIES.map((p) => ({
        key: p,
        label: l.t(`priority.${p}`),
        value: stats.byPriority[p],
        tone: `prio-${p}`,
      })),
    },
    {
      id: 'status',
      title: 'manager.chart.status',
      kind: 'count',
      items: STATUSES.map((s) => ({ key: s, label: l.t(`status.${s}`), value: stats.byStatus[s] })),
    },
    {
      id: 'source',
      title: 'manager.chart.source',
      kind: 'count',
      items: SOURCES.map((s) => ({ key: s, label: l.t(`source.${s}`), value: stats.bySource[s] })),
    },
    {
      id: 'category',
      title: 'manager.chart.category',
      kind: 'count',
      items: Object.entries(stats.byCategory).map(([c, n]) => ({ key: c, label: l.category(c), value: n })),
    },
    {
      id: 'compound-tickets',
      title: 'manager.chart.compoundTickets',
      kind: 'count',
      items: compounds.map((c) => ({ key: c.compoundId, label: compoundLabel(c), value: c.total })),
    },
    {
      id: 'compound-breach',
      title: 'manager.chart.compoundBreach',
      kind: 'rate',
      items: compounds.map((c) => ({ key: c.compoundId, label: compoundLabel(c), value: c.breachRate })),
    },
    {
      id: 'van-response',
      title: 'manager.chart.vanResponse',
      kind: 'duration',
      items: vanItems(stats.perVan, l, (v) => v.meanResponseS),
    },
    {
      id: 'van-resolution',
      title: 'manager.chart.vanResolution',
      kind: 'duration',
      items: vanItems(stats.perVan, l, (v) => v.meanResolutionS),
    },
  ];
}

/** The full-length value of the axis: rates always span 0..1, others the largest value (at least 1). */
export function scaleMax(kind: ValueKind, items: readonly BarItem[]): number {
  if (kind === 'rate') return 1;
  return Math.max(1, ...items.map((i) => i.value ?? 0));
}

/** A bar's length as a share of the axis, 0..1. */
export function barFraction(value: number | null, max: number): number {
  if (value === null || !Number.isFinite(value) || max <= 0) return 0;
  return Math.min(1, Math.max(0, value / max));
}

/** Cuts a label to `width` units (a CJK character counts two), ending in "…" (one unit) when cut. */
export function truncateLabel(label: string, width: number): string {
  const units = (ch: string) => (/[\u2E80-\uFFEF]/u.test(ch) ? 2 : 1);
  const chars = [...label];
  if (chars.reduce((n, ch) => n + units(ch), 0) <= width) return label;
  let used = 0;
  let out = '';
  for (const ch of chars) {
    if (used + units(ch) > width - 1) break;
    used += units(ch);
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
