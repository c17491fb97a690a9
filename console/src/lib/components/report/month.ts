// The report's months (YYYY-MM) in Asia/Shanghai (UTC+8, no daylight saving): the default one (the
// month before the current one, what the subdistrict asks for on the first working day), a month
// moved by n, and the words for it. Pure: "now" and the language come from the caller.
import { shanghaiDate } from '../manager/period';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `month` when it is a real YYYY-MM, else undefined (a hand-edited ?month= in the URL). */
export function parseMonth(month: string | null | undefined): string | undefined {
  return month && MONTH.test(month) ? month : undefined;
}

/** The month `n` months after `month` (n < 0: before); across year ends. */
export function addMonths(month: string, n: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** The Shanghai calendar month of an instant. */
export function shanghaiMonth(ms: number): string {
  return shanghaiDate(ms).slice(0, 7);
}

/** The month the report opens on: the one before the current month in Shanghai. */
export function defaultMonth(now: number): string {
  return addMonths(shanghaiMonth(now), -1);
}

/** The year and month as numbers, for "2026年11月" / "November 2026". */
export function monthParts(month: string): { year: number; month: number } {
  const [y, m] = month.split('-');
  return { year: Number(y), month: Number(m) };
}

/** "2026年11月" or "November 2026". */
export function monthName(month: string, locale: string): string {
  const { year, month: m } = monthParts(month);
  if (locale === 'zh-CN') return `${year}年${m}月`;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, m - 1, 1),
  );
}
