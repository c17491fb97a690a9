// The calendar month of the monthly report in the site's time zone (SITE_TZ): its first instant and
// last millisecond, the month before it, and whether it has begun. Pure; Intl gives the zone's offset.

/** The zone's offset from UTC, ms, at instant `t` (positive east of Greenwich). */
export function zoneOffsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant the local wall time y-m-d 00:00 begins in `timeZone`. */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - zoneOffsetMs(wall, timeZone);
  // A second pass settles a zone whose offset differs at the guess (a daylight-saving change).
  t = wall - zoneOffsetMs(t, timeZone);
  return t;
}

export interface ReportPeriod {
  month: string;
  from: number;
  /** The last millisecond of the month (inclusive, as GET /api/stats's `to`). */
  to: number;
  previousMonth: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const parts = (month: string): [number, number] => [Number(month.slice(0, 4)), Number(month.slice(5, 7))];

/** `YYYY-MM` → the month before it. */
export function previousMonth(month: string): string {
  const [y, m] = parts(month);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** The month `YYYY-MM` in `timeZone`: [from, to] and the previous month's name. */
export function monthPeriod(month: string, timeZone: string): ReportPeriod {
  const [y, m] = parts(month);
  const from = zonedMidnight(y, m, 1, timeZone);
  const next = m === 12 ? zonedMidnight(y + 1, 1, 1, timeZone) : zonedMidnight(y, m + 1, 1, timeZone);
  return { month, from, to: next - 1, previousMonth: previousMonth(month) };
}
