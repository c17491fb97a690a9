// "When" of an alarm or a timeline event as a dispatcher reads it across midnight: the calendar day
// in Asia/Shanghai (today, yesterday, or the date), the time, and how long ago. Pure: the language,
// "now" and the translator are arguments, so the unit test pins them (format.ts binds them for the UI).
import type { Locale, MessageKey, Params } from './i18n.svelte';

export type Translate = (key: MessageKey, params?: Params) => string;

const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const TIME_ZONE = 'Asia/Shanghai';
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: Locale, kind: 'time' | 'date' | 'year'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      kind === 'time'
        ? { timeZone: TIME_ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }
        : {
            timeZone: TIME_ZONE,
            month: locale === 'en' ? 'short' : 'long',
            day: 'numeric',
            ...(kind === 'year' && { year: 'numeric' }),
          },
    );
    cache.set(key, f);
  }
  return f;
}

/** The Shanghai calendar day of an instant, as a day number (days since 1970-01-01 there). */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** How long ago `ms` was: "刚刚" under a minute (or in the future), minutes under an hour, then hours. */
export function formatAge(ms: number, tr: Translate): string {
  if (ms < 60_000) return tr('when.justNow');
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return tr('when.minutesAgo', { n: minutes });
  return tr('when.hoursAgo', { n: Math.floor(minutes / 60) });
}

export interface When {
  /** "今天 14:03" / "昨天 23:58" / "12月3日 09:10" */
  stamp: string;
  /** "12 分钟前"; absent beyond yesterday (the date says enough). */
  age?: string;
}

/** When `at` was, seen at `now`: its day (today, yesterday, else the date; with the year if not this one) and age. */
export function describeWhen(at: string | number | Date, now: number, locale: Locale, tr: Translate): When {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  const time = fmt(locale, 'time').format(ms);
  const days = shanghaiDay(now) - shanghaiDay(ms);
  if (days <= 0) return { stamp: tr('when.today', { time }), age: formatAge(now - ms, tr) };
  if (days === 1) return { stamp: tr('when.yesterday', { time }), age: formatAge(now - ms, tr) };
  const year = new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();
  const sameYear = year === new Date(now + SHANGHAI_OFFSET_MS).getUTCFullYear();
  const date = fmt(locale, sameYear ? 'date' : 'year').format(ms);
  return { stamp: tr('when.date', { date, time }) };
}

/** describeWhen as one line: "今天 14:03 · 12 分钟前". */
export function formatWhen(at: string | number | Date, now: number, locale: Locale, tr: Translate): string {
  const w = describeWhen(at, now, locale, tr);
  return w.age ? tr('when.withAge', { stamp: w.stamp, age: w.age }) : w.stamp;
}
