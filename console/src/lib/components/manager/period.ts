// The periods the manager page reports on, as whole days in Asia/Shanghai (UTC+8, no daylight
// saving): [first midnight, last midnight + 1 day − 1 ms], both ends inclusive like /api/stats.
export const PERIODS = ['today', 'yesterday', '7d', '30d', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export type PresetPeriod = Exclude<Period, 'custom'>;

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** Epoch ms, both inclusive. */
export interface Range {
  from: number;
  to: number;
}

export function startOfShanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

/** The Shanghai calendar date of an instant: 2026-11-25. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI).toISOString().slice(0, 10);
}

/** Midnight (Shanghai) starting the day `date` (YYYY-MM-DD); undefined for anything else. */
export function parseShanghaiDate(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00+08:00`);
  // Date.parse rolls 2026-02-30 over to March; only a date that reads back the same is real.
  return Number.isNaN(ms) || shanghaiDate(ms) !== date ? undefined : ms;
}

/** `days` whole days ending with the day of `endDay` (a midnight). */
function days(endDay: number, count: number): Range {
  return { from: endDay - (count - 1) * DAY, to: endDay + DAY - 1 };
}

export function presetRange(period: PresetPeriod, now: number): Range {
  const today = startOfShanghaiDay(now);
  switch (period) {
    case 'today':
      return days(today, 1);
    case 'yesterday':
      return days(today - DAY, 1);
    case '7d':
      return days(today, 7);
    case '30d':
      return days(today, 30);
  }
}

/** The days `first` … `last` (YYYY-MM-DD); undefined when either is not a date or they are reversed. */
export function customRange(first: string, last: string): Range | undefined {
  const from = parseShanghaiDate(first);
  const lastDay = parseShanghaiDate(last);
  if (from === undefined || lastDay === undefined || lastDay < from) return undefined;
  return { from, to: lastDay + DAY - 1 };
}

/** The first and last calendar day of a range. */
export function rangeDates(r: Range): { first: string; last: string } {
  return { first: shanghaiDate(r.from), last: shanghaiDate(r.to) };
}

/** The ISO instants /api/stats takes. */
export function rangeQuery(r: Range): { from: string; to: string } {
  return { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() };
}
