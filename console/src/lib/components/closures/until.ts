// When a road closure ends, from the form's choice: in 2 hours, at 18:00 today, at 08:00 tomorrow,
// never (until ended), or a time typed as the site's wall clock (Asia/Shanghai, UTC+8, no DST).
export type UntilChoice = '2h' | 'evening' | 'morning' | 'none' | 'custom';
export const UNTIL_CHOICES: readonly UntilChoice[] = ['2h', 'evening', 'morning', 'none', 'custom'];

const SITE_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of hh:00 site time on the site's day of `now`, plus `days`. */
function siteHour(now: number, hour: number, days = 0): number {
  const siteMidnight = Math.floor((now + SITE_OFFSET_MS) / DAY_MS) * DAY_MS - SITE_OFFSET_MS;
  return siteMidnight + days * DAY_MS + hour * 3600_000;
}

/** 'YYYY-MM-DDTHH:mm' (a datetime-local input) read as site time; undefined when not a time. */
export function parseSiteTime(local: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi) - SITE_OFFSET_MS;
  return Number.isFinite(at) ? at : undefined;
}

/** 'YYYY-MM-DDTHH:mm' site time of `at` (the datetime-local input's value). */
export function siteTimeInput(at: number): string {
  return new Date(at + SITE_OFFSET_MS).toISOString().slice(0, 16);
}

/** Whether the choice can be made at `now` (18:00 today is gone in the evening). */
export function choiceAvailable(choice: UntilChoice, now: number): boolean {
  return choice !== 'evening' || siteHour(now, 18) > now;
}

/**
 * The end time (epoch ms) of a choice at `now`: null for none; undefined when the custom time is
 * missing or not in the future.
 */
export function untilOf(choice: UntilChoice, now: number, custom = ''): number | null | undefined {
  switch (choice) {
    case '2h':
      return now + 2 * 3600_000;
    case 'evening':
      return choiceAvailable('evening', now) ? siteHour(now, 18) : undefined;
    case 'morning':
      return siteHour(now, 8, 1);
    case 'none':
      return null;
    case 'custom': {
      const at = parseSiteTime(custom);
      return at !== undefined && at > now ? at : undefined;
    }
  }
}

/** The wire form of an end time. */
export const isoOf = (at: number): string => new Date(at).toISOString();
