import { describe, expect, it } from 'vitest';
import { choiceAvailable, parseSiteTime, siteTimeInput, untilOf } from './until';

// 2026-12-07 10:30 in Qufu (UTC+8) = 02:30 UTC.
const NOW = Date.UTC(2026, 11, 7, 2, 30);

describe('closure end times', () => {
  it('2 h from now, 18:00 today and 08:00 tomorrow are site time (Asia/Shanghai)', () => {
    expect(untilOf('2h', NOW)).toBe(NOW + 2 * 3600_000);
    expect(new Date(untilOf('evening', NOW) ?? 0).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(new Date(untilOf('morning', NOW) ?? 0).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(untilOf('none', NOW)).toBeNull();
  });

  it('after 18:00 "today 18:00" is not offered; just after midnight UTC+8 it is the same site day', () => {
    const evening = Date.UTC(2026, 11, 7, 11); // 19:00 site time
    expect(choiceAvailable('evening', evening)).toBe(false);
    expect(untilOf('evening', evening)).toBeUndefined();
    const early = Date.UTC(2026, 11, 6, 16, 30); // 00:30 on the 7th, site time
    expect(new Date(untilOf('morning', early) ?? 0).toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('a typed time is site time and must lie in the future', () => {
    expect(parseSiteTime('2026-12-07T21:15')).toBe(Date.UTC(2026, 11, 7, 13, 15));
    expect(siteTimeInput(Date.UTC(2026, 11, 7, 13, 15))).toBe('2026-12-07T21:15');
    expect(untilOf('custom', NOW, '2026-12-07T21:15')).toBe(Date.UTC(2026, 11, 7, 13, 15));
    expect(untilOf('custom', NOW, '2026-12-07T09:00')).toBeUndefined();
    expect(untilOf('custom', NOW, '')).toBeUndefined();
  });
});
