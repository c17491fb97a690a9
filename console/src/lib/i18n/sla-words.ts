// The two times a ticket card shows, in words that say which is which: the SLA deadline ("到场时限
// 14:32（剩 28 分）" — when the van must be there at the latest) and the van's estimated arrival
// ("预计 3 分钟到（直线估算）" — when it is expected, and what the estimate is based on). Pure:
// language, "now" and the translator are arguments (format.ts binds them for the UI).
import type { Deadline } from '../state/sla';
import type { Locale } from './i18n.svelte';
import { shanghaiDay, type Translate } from './when';

export type EtaBasis = 'road' | 'straight';
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: Locale, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withDate}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDate && { month: locale === 'en' ? 'short' : 'long', day: 'numeric' }),
    });
    cache.set(key, f);
  }
  return f;
}

/** A clock time near now: "14:32" today, "明天 09:00" tomorrow, else with the date. */
export function clockNear(ms: number, now: number, locale: Locale, tr: Translate): string {
  const days = shanghaiDay(ms) - shanghaiDay(now);
  if (days === 0) return fmt(locale, false).format(ms);
  if (days === 1) return tr('deadline.tomorrow', { time: fmt(locale, false).format(ms) });
  if (days === -1) return tr('when.yesterday', { time: fmt(locale, false).format(ms) });
  return fmt(locale, true).format(ms);
}

/** Whole minutes of a span: "28 分" / "1 小时 5 分"; under a minute, "不到 1 分". */
export function spanMinutes(ms: number, tr: Translate): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return tr('deadline.underMinute');
  if (minutes < 60) return tr('deadline.minutes', { m: minutes });
  const h = Math.floor(minutes / 60);
  return minutes % 60 === 0
    ? tr('deadline.hours', { h })
    : tr('deadline.hoursMinutes', { h, m: minutes % 60 });
}

/** "到场时限 14:32（剩 28 分）", or once passed "到场时限 14:32（已超 5 分）". */
export function deadlineText(
  deadline: Deadline,
  byMs: number,
  now: number,
  locale: Locale,
  tr: Translate,
): string {
  const time = clockNear(byMs, now, locale, tr);
  const left = byMs - now;
  const span = spanMinutes(left, tr);
  return tr(`deadline.${deadline}`, {
    time,
    rest: left < 0 ? tr('deadline.overBy', { span }) : tr('deadline.left', { span }),
  });
}

export interface EtaInput {
  status: string;
  etaS?: number | undefined;
  etaBasis?: EtaBasis | undefined;
  dispatchedAt?: string | undefined;
}

const ON_THE_WAY = new Set(['dispatched', 'accepted', 'en_route']);

/**
 * The van's expected arrival while it is on the way: "预计 3 分钟到（直线估算）" / "（道路估算）",
 * from the estimate made at dispatch; once that time has passed, "预计 14:35 到达，已过". Undefined
 * when there is no estimate or no van on the way.
 */
export function etaText(t: EtaInput, now: number, locale: Locale, tr: Translate): string | undefined {
  if (t.etaS === undefined || t.dispatchedAt === undefined || !ON_THE_WAY.has(t.status)) return undefined;
  const at = Date.parse(t.dispatchedAt) + t.etaS * 1000;
  const basis = tr(
    t.etaBasis === 'road'
      ? 'deadline.basis.road'
      : t.etaBasis === 'straight'
        ? 'deadline.basis.straight'
        : 'deadline.basis.unknown',
  );
  const left = at - now;
  if (left <= 0) return tr('deadline.etaPassed', { time: clockNear(at, now, locale, tr), basis });
  return tr('deadline.eta', { n: Math.max(1, Math.ceil(left / 60_000)), basis });
}
