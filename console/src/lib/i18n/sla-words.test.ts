// The SLA deadline and the ETA in words that cannot be taken for each other, in both languages, in
// Asia/Shanghai time.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import type { Locale, MessageKey, Params } from './i18n.svelte';
import { deadlineText, etaText, spanMinutes } from './sla-words';
import type { Translate } from './when';
import { zhCN } from './zh-CN';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const tr =
  (locale: Locale): Translate =>
  (key: MessageKey, params?: Params) =>
    dictionaries[locale][key].replace(/\{(\w+)\}/g, (w, n: string) => String(params?.[n] ?? w));
const NOW = Date.parse('2026-12-07T06:03:46Z'); // 14:03:46 in Shanghai

describe('deadlineText', () => {
  it('names the deadline, its clock time and what is left, in whole minutes', () => {
    const by = Date.parse('2026-12-07T06:32:00Z'); // 14:32
    expect(deadlineText('respond', by, NOW, 'zh-CN', tr('zh-CN'))).toBe('到场时限 14:32（剩 28 分）');
    expect(deadlineText('respond', by, NOW, 'en', tr('en'))).toBe('On site by 14:32 (28 min left)');
  });

  it('says by how much it is overdue once passed', () => {
    const by = Date.parse('2026-12-07T05:58:00Z'); // 13:58
    expect(deadlineText('resolve', by, NOW, 'zh-CN', tr('zh-CN'))).toBe('完成时限 13:58（已超 5 分）');
    expect(deadlineText('resolve', by, NOW, 'en', tr('en'))).toBe('Resolve by 13:58 (5 min overdue)');
  });

  it('a deadline after Shanghai midnight is tomorrow, further ones carry the date', () => {
    const tomorrow = Date.parse('2026-12-07T17:00:00Z'); // 01:00 on Dec 8
    expect(deadlineText('respond', tomorrow, NOW, 'zh-CN', tr('zh-CN'))).toBe(
      '到场时限 明天 01:00（剩 10 小时 56 分）',
    );
    const later = Date.parse('2026-12-09T02:00:00Z'); // 10:00 on Dec 9
    expect(deadlineText('callback', later, NOW, 'zh-CN', tr('zh-CN'))).toMatch(
      /^回访时限 12月9日 10:00（剩 /,
    );
  });
});

describe('spanMinutes', () => {
  it('under a minute, minutes, hours and minutes', () => {
    expect(spanMinutes(59_000, tr('zh-CN'))).toBe('不到 1 分');
    expect(spanMinutes(-120_000, tr('zh-CN'))).toBe('2 分');
    expect(spanMinutes(65 * 60_000, tr('en'))).toBe('1 h 5 min');
    expect(spanMinutes(60 * 60_000 + 30_000, tr('zh-CN'))).toBe('1 小时');
  });
});

describe('etaText', () => {
  const dispatchedAt = '2026-12-07T06:02:00Z';
  it('a van on the way: minutes to go, rounded up, and what the estimate rests on', () => {
    const t = { status: 'en_route', etaS: 240, dispatchedAt }; // due 14:06:00
    expect(etaText({ ...t, etaBasis: 'straight' }, NOW, 'zh-CN', tr('zh-CN'))).toBe(
      '预计 3 分钟到（直线估算）',
    );
    expect(etaText({ ...t, etaBasis: 'road' }, NOW, 'zh-CN', tr('zh-CN'))).toBe('预计 3 分钟到（道路估算）');
    expect(etaText({ ...t, etaBasis: 'road' }, NOW, 'en', tr('en'))).toBe('Expected in 3 min (by road)');
    expect(etaText(t, NOW, 'zh-CN', tr('zh-CN'))).toBe('预计 3 分钟到（估算）');
  });

  it('once the estimated time has passed, it says so instead of counting on', () => {
    const t = { status: 'accepted', etaS: 60, etaBasis: 'straight' as const, dispatchedAt };
    expect(etaText(t, NOW, 'zh-CN', tr('zh-CN'))).toBe('预计 14:03 到达，已过（直线估算）');
  });

  it('none without an estimate or once on site', () => {
    expect(etaText({ status: 'dispatched', dispatchedAt }, NOW, 'zh-CN', tr('zh-CN'))).toBeUndefined();
    expect(
      etaText({ status: 'on_site', etaS: 240, dispatchedAt }, NOW, 'zh-CN', tr('zh-CN')),
    ).toBeUndefined();
  });
});
