// The alarm feed's orders: newest first, or most severe first then newest.
import { describe, expect, it } from 'vitest';
import type { AlarmDto } from '../../api/types';
import { sortAlarms } from './feed-sort';

const alarm = (id: string, severity: AlarmDto['severity'], minute: number): AlarmDto => ({
  id,
  deviceId: 'box-1',
  rule: 'leakage',
  severity,
  active: true,
  count: 1,
  raisedAt: `2026-12-07T06:${String(minute).padStart(2, '0')}:00.000Z`,
  lastSeenAt: `2026-12-07T06:${String(minute).padStart(2, '0')}:00.000Z`,
  lastValue: {},
});
const feed = [
  alarm('w', 'warning', 9),
  alarm('c1', 'critical', 1),
  alarm('m', 'major', 5),
  alarm('c2', 'critical', 3),
];

describe('sortAlarms', () => {
  it('by time: newest first, whatever the severity', () => {
    expect(sortAlarms(feed, 'time').map((a) => a.id)).toEqual(['w', 'm', 'c2', 'c1']);
  });
  it('by severity: critical first, then major, minor, warning; newest first within each', () => {
    expect(sortAlarms(feed, 'severity').map((a) => a.id)).toEqual(['c2', 'c1', 'm', 'w']);
  });
  it('leaves the given list as it was', () => {
    const copy = [...feed];
    sortAlarms(feed, 'severity');
    expect(feed).toEqual(copy);
  });
});
