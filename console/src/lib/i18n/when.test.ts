// Dates with ages across midnight in Asia/Shanghai (UTC+8), in both languages: today, yesterday and
// beyond are Shanghai calendar days, not the machine's or UTC's.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import type { Locale, MessageKey, Params } from './i18n.svelte';
import { formatAge, formatWhen, shanghaiDay, type Translate } from './when';
import { zhCN } from './zh-CN';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const tr =
  (locale: Locale): Translate =>
  (key: MessageKey, params?: Params) =>
    dictionaries[locale][key].replace(/\{(\w+)\}/g, (w, n: string) => String(params?.[n] ?? w));
const zh = tr('zh-CN');
const when = (at: string, now: string, locale: Locale = 'zh-CN') =>
  formatWhen(at, Date.parse(now), locale, tr(locale));

describe('formatWhen', () => {
  it('today: the time and the minutes since', () => {
    // 14:03 and 14:15 Shanghai time
    expect(when('2026-12-07T06:03:00Z', '2026-12-07T06:15:30Z')).toBe('今天 14:03 · 12 分钟前');
    expect(when('2026-12-07T06:03:00Z', '2026-12-07T06:15:30Z', 'en')).toBe('today 14:03 · 12 min ago');
  });

  it('yesterday across Shanghai midnight, though it is the same UTC day', () => {
    // 23:58 on Dec 6 and 02:58 on Dec 7 in Shanghai: both 2026-12-06 in UTC
    expect(when('2026-12-06T15:58:00Z', '2026-12-06T18:58:00Z')).toBe('昨天 23:58 · 3 小时前');
    expect(when('2026-12-06T15:58:00Z', '2026-12-06T18:58:00Z', 'en')).toBe('yesterday 23:58 · 3 h ago');
  });

  it('today just after Shanghai midnight, though UTC still says the day before', () => {
    // 00:01 and 00:03 on Dec 7 in Shanghai = 16:01 / 16:03 UTC on Dec 6
    expect(when('2026-12-06T16:01:00Z', '2026-12-06T16:03:00Z')).toBe('今天 00:01 · 2 分钟前');
  });

  it('a minute before Shanghai midnight is yesterday two minutes later', () => {
    expect(when('2026-12-06T15:59:00Z', '2026-12-06T16:01:00Z')).toBe('昨天 23:59 · 2 分钟前');
  });

  it('beyond yesterday: the date and time, no age', () => {
    expect(when('2026-12-03T01:10:00Z', '2026-12-07T06:00:00Z')).toBe('12月3日 09:10');
    expect(when('2026-12-03T01:10:00Z', '2026-12-07T06:00:00Z', 'en')).toBe('Dec 3, 09:10');
  });

  it('another year: the year too', () => {
    expect(when('2025-12-31T01:10:00Z', '2026-01-05T06:00:00Z')).toBe('2025年12月31日 09:10');
    expect(when('2025-12-31T01:10:00Z', '2026-01-05T06:00:00Z', 'en')).toBe('Dec 31, 2025, 09:10');
  });

  it('under a minute, or slightly in the future (clock skew), is just now', () => {
    expect(when('2026-12-07T06:03:00Z', '2026-12-07T06:03:59Z')).toBe('今天 14:03 · 刚刚');
    expect(when('2026-12-07T06:03:05Z', '2026-12-07T06:03:00Z', 'en')).toBe('today 14:03 · just now');
  });
});

describe('formatAge', () => {
  it('counts whole minutes, then whole hours', () => {
    expect(formatAge(59_999, zh)).toBe('刚刚');
    expect(formatAge(60_000, zh)).toBe('1 分钟前');
    expect(formatAge(59 * 60_000 + 59_000, zh)).toBe('59 分钟前');
    expect(formatAge(60 * 60_000, zh)).toBe('1 小时前');
    expect(formatAge(47 * 3_600_000, tr('en'))).toBe('47 h ago');
  });
});

describe('shanghaiDay', () => {
  it('turns at 16:00 UTC', () => {
    expect(
      shanghaiDay(Date.parse('2026-12-06T16:00:00Z')) - shanghaiDay(Date.parse('2026-12-06T15:59:59Z')),
    ).toBe(1);
  });
});
