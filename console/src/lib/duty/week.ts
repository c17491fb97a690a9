// The roster page's calendar arithmetic on days written YYYY-MM-DD (the site's days, as the server
// sends them; no time zone is involved). Pure.
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The seven days from `from` (a Monday). */
export function weekDays(from: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(from, i));
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** "12-07" of "2026-12-07". */
export const monthDay = (date: string): string => date.slice(5);
