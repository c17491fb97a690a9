import { describe, expect, it } from 'vitest';
import { monthPeriod, previousMonth, zonedMidnight } from './report-period';

describe('monthPeriod', () => {
  it('counts a month in Asia/Shanghai from its first instant to its last millisecond', () => {
    expect(monthPeriod('2026-10', 'Asia/Shanghai')).toEqual({
      month: '2026-10',
      from: Date.parse('2026-09-30T16:00:00.000Z'),
      to: Date.parse('2026-10-31T15:59:59.999Z'),
      previousMonth: '2026-09',
    });
  });

  it('crosses the year, and the month before January is December', () => {
    const p = monthPeriod('2026-12', 'Asia/Shanghai');
    expect(new Date(p.to).toISOString()).toBe('2026-12-31T15:59:59.999Z');
    expect(previousMonth('2027-01')).toBe('2026-12');
  });

  it('follows a zone with daylight saving (Europe/Berlin, October 2026 has 31 days and 1 h more)', () => {
    const p = monthPeriod('2026-10', 'Europe/Berlin');
    expect(new Date(p.from).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(new Date(p.to + 1).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(zonedMidnight(2026, 3, 30, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T22:00:00.000Z'));
    expect(zonedMidnight(2026, 1, 1, 'UTC')).toBe(Date.UTC(2026, 0, 1));
  });
});
