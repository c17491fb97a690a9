// The per-compound and per-van tables: one column list drives the table on screen, its sorting
// and its CSV, so the file always has the figures the page shows (raw: seconds, rates 0..1).
import type { MessageKey } from '../../i18n/zh-CN';
import type { CsvValue } from './csv';
import type { CompoundStatsDto, VanStatsDto } from './stats-dto';

export type ColumnKind = 'text' | 'count' | 'duration' | 'rate';
export type Cell = string | number | null;

export interface Column<R> {
  /** data-col, and the sort key. */
  key: string;
  header: MessageKey;
  /** The CSV header when it must name a unit the screen shows by formatting (seconds). */
  csvHeader?: MessageKey;
  kind: ColumnKind;
  value: (row: R) => Cell;
}

export type CompoundRow = CompoundStatsDto;
/** A van's figures with its name from GET /api/vans (absent when unknown). */
export type VanRow = VanStatsDto & { name?: string };

export const COMPOUND_COLUMNS: readonly Column<CompoundRow>[] = [
  { key: 'compoundId', header: 'manager.col.compoundId', kind: 'text', value: (r) => r.compoundId },
  { key: 'name', header: 'manager.col.compoundName', kind: 'text', value: (r) => r.name ?? null },
  { key: 'total', header: 'manager.col.total', kind: 'count', value: (r) => r.total },
  { key: 'open', header: 'manager.col.open', kind: 'count', value: (r) => r.open },
  {
    key: 'meanResponseS',
    header: 'manager.col.meanResponse',
    csvHeader: 'manager.csv.meanResponseS',
    kind: 'duration',
    value: (r) => r.meanResponseS,
  },
  { key: 'breachRate', header: 'manager.col.breachRate', kind: 'rate', value: (r) => r.breachRate },
  {
    key: 'satisfactionRate',
    header: 'manager.col.satisfactionRate',
    kind: 'rate',
    value: (r) => r.satisfactionRate,
  },
];

export const VAN_COLUMNS: readonly Column<VanRow>[] = [
  { key: 'vanId', header: 'manager.col.vanId', kind: 'text', value: (r) => r.vanId },
  { key: 'name', header: 'manager.col.vanName', kind: 'text', value: (r) => r.name ?? null },
  { key: 'total', header: 'manager.col.total', kind: 'count', value: (r) => r.total },
  { key: 'resolved', header: 'manager.col.resolved', kind: 'count', value: (r) => r.resolved },
  {
    key: 'meanResponseS',
    header: 'manager.col.meanResponse',
    csvHeader: 'manager.csv.meanResponseS',
    kind: 'duration',
    value: (r) => r.meanResponseS,
  },
  {
    key: 'meanResolutionS',
    header: 'manager.col.meanResolution',
    csvHeader: 'manager.csv.meanResolutionS',
    kind: 'duration',
    value: (r) => r.meanResolutionS,
  },
];

export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: string;
  dir: SortDir;
}

/** A click on a header: the same column flips; a new one starts high-to-low for figures, A–Z for text. */
export function nextSort<R>(current: Sort | undefined, column: Column<R>): Sort {
  if (current?.key === column.key) return { key: column.key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key: column.key, dir: column.kind === 'text' ? 'asc' : 'desc' };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Rows in `sort` order (stable); empty cells last in either direction. No sort: as given. */
export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], sort: Sort | undefined): R[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!sort || !column) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: column.value(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === '';
      const bEmpty = b.v === null || b.v === '';
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.i - b.i : aEmpty ? 1 : -1;
      const d =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
      return d === 0 ? a.i - b.i : sign * d;
    })
    .map((x) => x.row);
}

/** The header (in the UI language, through `label`) and the raw rows for toCsv. */
export function csvTable<R>(
  columns: readonly Column<R>[],
  rows: readonly R[],
  label: (key: MessageKey) => string,
): { header: string[]; rows: CsvValue[][] } {
  return {
    header: columns.map((c) => label(c.csvHeader ?? c.header)),
    rows: rows.map((r) => columns.map((c) => c.value(r))),
  };
}
