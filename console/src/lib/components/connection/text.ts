// Ages and "since" times in the UI language, for the offline strip and the device panel.
import { formatClock, formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n.svelte';
import { ageOf, type Age } from './offline';

export function ageText(age: Age): string {
  switch (age.unit) {
    case 'seconds':
      return t('stale.age.seconds', { n: age.n });
    case 'minutes':
      return t('stale.age.minutes', { n: age.n });
    case 'hours':
      return t('stale.age.hours', { h: age.h, m: age.m });
    case 'days':
      return t('stale.age.days', { n: age.n });
  }
}

/** "2 分钟前" / "2 min ago"; "刚刚" / "just now" under five seconds. */
export function agoText(ms: number): string {
  if (ms < 5000) return t('stale.justNow');
  return t('stale.ago', { age: ageText(ageOf(ms)) });
}

/** 14:03 within the last 12 hours, else with the date (11月26日 14:03): a clock time never misleads across midnight. */
export function sinceText(at: number, now: number): string {
  return now - at < 12 * 3_600_000 ? formatClock(at) : formatDateTime(at);
}
