// The rows and columns of the report's tables, pure: what each column of the per-compound table
// reads from ReportFiguresDto and how it is written (a count, minutes, a rate, hours, yuan, the
// change in tickets); the rows (each compound, the tickets with no compound, the total); the
// breakdowns by source, category and priority with their shares; a method note in the UI language.
import type { MonthlyReportDto, ReportFiguresDto } from '../../../../../server/src/contracts/dto';
import { PrioritySchema, TicketSourceSchema } from '../../../../../server/src/contracts/dto/common';
import type { MessageKey } from '../../i18n/zh-CN';

export type ColumnKind = 'count' | 'minutes' | 'rate' | 'hours' | 'yuan' | 'change';

export interface CompoundRow {
  /** The compound's id; '' for the tickets with no compound, '*' for the total. */
  id: string;
  /** The compound's name; undefined for the unplaced and total rows (the page names them). */
  name: string | undefined;
  kind: 'compound' | 'unplaced' | 'total';
  figures: ReportFiguresDto;
  /** Tickets this month − last month; null where there is no comparison (the unplaced). */
  ticketsDelta: number | null;
}

/** A header over several columns (来源, 响应时长, …); columns without one span both header rows. */
export type ColumnGroup = 'source' | 'response' | 'resolution' | 'callbacks';

export interface Column {
  id: string;
  label: MessageKey;
  group?: ColumnGroup;
  kind: ColumnKind;
  /** Its share of the table's width, in % (fixed layout, so A4 fits; NAME_WIDTH is the rest). */
  width: number;
  /** The raw figure, as the JSON has it (seconds for durations): the page writes it in data-value. */
  value: (row: CompoundRow) => number | null;
}

const fig = (read: (f: ReportFiguresDto) => number | null) => (row: CompoundRow) => read(row.figures);

/** The per-compound table's columns after the compound's name, in reading order. */
export const COMPOUND_COLUMNS: readonly Column[] = [
  { id: 'tickets', width: 5.5, label: 'report.col.tickets', kind: 'count', value: fig((f) => f.tickets) },
  ...TicketSourceSchema.options.map((s): Column => ({
    id: `source.${s}`,
    width: 5.25,
    label: `report.src.${s}`,
    group: 'source',
    kind: 'count',
    value: fig((f) => f.bySource[s] ?? 0),
  })),
  {
    id: 'responseMedianS',
    width: 6,
    label: 'report.col.median',
    group: 'response',
    kind: 'minutes',
    value: fig((f) => f.responseTime.medianS),
  },
  {
    id: 'responseP90S',
    width: 5,
    label: 'report.col.p90',
    group: 'response',
    kind: 'minutes',
    value: fig((f) => f.responseTime.p90S),
  },
  {
    id: 'resolutionMedianS',
    width: 6,
    label: 'report.col.median',
    group: 'resolution',
    kind: 'minutes',
    value: fig((f) => f.resolutionTime.medianS),
  },
  {
    id: 'resolutionP90S',
    width: 5,
    label: 'report.col.p90',
    group: 'resolution',
    kind: 'minutes',
    value: fig((f) => f.resolutionTime.p90S),
  },
  {
    id: 'breaches',
    width: 6.5,
    label: 'report.col.breaches',
    kind: 'count',
    value: fig((f) => f.sla.breachedTickets),
  },
  {
    id: 'callbacksMade',
    width: 5,
    label: 'report.col.callbacksMade',
    group: 'callbacks',
    kind: 'count',
    value: fig((f) => f.callbacks.made),
  },
  {
    id: 'satisfactionRate',
    width: 6.5,
    label: 'report.col.satisfaction',
    group: 'callbacks',
    kind: 'rate',
    value: fig((f) => f.callbacks.satisfactionRate),
  },
  {
    id: 'repeatRepairs',
    width: 6,
    label: 'report.col.repeat',
    kind: 'count',
    value: fig((f) => f.repeatRepairs.reopens),
  },
  {
    id: 'labourHours',
    width: 5.5,
    label: 'report.col.labourHours',
    kind: 'hours',
    value: fig((f) => f.labour.hours),
  },
  {
    id: 'partsCostYuan',
    width: 7,
    label: 'report.col.partsCost',
    kind: 'yuan',
    value: fig((f) => f.parts.costYuan),
  },
  {
    id: 'ticketsChange',
    width: 5,
    label: 'report.col.ticketsChange',
    kind: 'change',
    value: (r) => r.ticketsDelta,
  },
];

/** The compound's name column, in % of the table's width. */
export const NAME_WIDTH = 100 - COMPOUND_COLUMNS.reduce((sum, c) => sum + c.width, 0);

/** The first header row: a single column (spanning both rows) or a group over `span` columns. */
export type HeaderCell = { column: Column } | { group: ColumnGroup; span: number };

export function headerCells(columns: readonly Column[]): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (const column of columns) {
    const last = cells.at(-1);
    if (!column.group) cells.push({ column });
    else if (last && 'group' in last && last.group === column.group) last.span++;
    else cells.push({ group: column.group, span: 1 });
  }
  return cells;
}

/** Every compound (as the server orders them), then the unplaced tickets if any, then the total. */
export function compoundRows(report: MonthlyReportDto): CompoundRow[] {
  return [
    ...report.compounds.map((c): CompoundRow => ({
      id: c.compoundId,
      name: c.name,
      kind: 'compound',
      figures: c,
      ticketsDelta: c.change.tickets.delta,
    })),
    ...(report.unplaced
      ? [{ id: '', name: undefined, kind: 'unplaced' as const, figures: report.unplaced, ticketsDelta: null }]
      : []),
    {
      id: '*',
      name: undefined,
      kind: 'total',
      figures: report.totals,
      ticketsDelta: report.totals.change.tickets.delta,
    },
  ];
}

/** Seconds as minutes to one decimal (the compound table's unit); null stays null. */
export function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

export interface BreakdownRow {
  key: string;
  n: number;
  /** n / total; null when the month has no tickets. */
  share: number | null;
}

/**
 * The counts as rows: in `order` when given (every key of it, 0 included), else by count high to
 * low then key; the share of each in the sum of all.
 */
export function breakdownRows(counts: Record<string, number>, order?: readonly string[]): BreakdownRow[] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const keys = order
    ? [...order]
    : Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
  return keys.map((key) => {
    const n = counts[key] ?? 0;
    return { key, n, share: total === 0 ? null : n / total };
  });
}

export const SOURCE_ORDER: readonly string[] = TicketSourceSchema.options;
export const PRIORITY_ORDER: readonly string[] = PrioritySchema.options;

/** A method note in the UI language (Chinese for zh-CN, English otherwise). */
export function methodText(m: { zh: string; en: string }, locale: string): string {
  return locale === 'zh-CN' ? m.zh : m.en;
}
