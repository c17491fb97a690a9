// Dates, times and durations as dispatchers in Qufu read them: Asia/Shanghai, 24-hour clock,
// in the current UI language. Formatters are cached per language (Intl objects are costly).
import { i18n, t, type Locale } from './i18n.svelte';
import type { Deadline } from '../state/sla';
import { deadlineText, etaText, type EtaInput } from './sla-words';
import { formatWhen } from './when';

export const TIME_ZONE = 'Asia/Shanghai';
type Kind = 'time' | 'clock' | 'dateTime';
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, kind: Kind): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(kind === 'time' && { second: '2-digit' }),
      ...(kind === 'dateTime' && { month: 'numeric', day: 'numeric' }),
    });
    cache.set(key, f);
  }
  return f;
}

function toDate(at: string | number | Date): Date {
  return at instanceof Date ? at : new Date(at);
}

/** 14:03:27 */
export function formatTime(at: string | number | Date): string {
  return formatter(i18n.locale, 'time').format(toDate(at));
}

/** 14:03 (chart axes) */
export function formatClock(at: string | number | Date): string {
  return formatter(i18n.locale, 'clock').format(toDate(at));
}

/** 11月26日 14:03 / 11/26, 14:03 */
export function formatDateTime(at: string | number | Date): string {
  return formatter(i18n.locale, 'dateTime').format(toDate(at));
}

/** A span of time, sign dropped: "1小时5分" / "1 h 5 min", or "4分09秒"-style under an hour. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('duration.hm', { h, m });
  return t('duration.ms', { m, s: String(s).padStart(2, '0') });
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18n.locale).format(n);
}

/** "今天 14:03 · 12 分钟前" (when.ts), in the current language; `now` from the shared clock. */
export function formatWhenNow(at: string | number | Date, now: number): string {
  return formatWhen(at, now, i18n.locale, t);
}

/** The SLA deadline in words: "到场时限 14:32（剩 28 分）" (sla-words.ts). */
export function formatDeadline(deadline: Deadline, by: string, now: number): string {
  return deadlineText(deadline, Date.parse(by), now, i18n.locale, t);
}

/** The van's estimated arrival in words, or undefined: "预计 3 分钟到（直线估算）" (sla-words.ts). */
export function formatEta(ticket: EtaInput, now: number): string | undefined {
  return etaText(ticket, now, i18n.locale, t);
}
