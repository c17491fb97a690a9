// Flapping: the FLAP_COUNT-th raise within the window flags the alarm; a flapping alarm holds through
// its rule clearing, a raise ends its quiet, and it clears only after the quiet time.
import { describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../store/store';
import type { AlarmChange } from './alarm-decisions';
import { flapStage, quietClears, type FlapPolicy, type RecentRaises } from './flapping';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const MIN = 60_000;
const POLICY: FlapPolicy = { count: 3, windowMs: 10 * MIN, quietMs: 10 * MIN };
const alarm: AlarmRecord = {
  id: 'A-1',
  deviceId: 'box-1',
  rule: 'door_open',
  severity: 'minor',
  active: true,
  count: 1,
  raisedAt: T0,
  lastSeenAt: T0,
  lastValue: { door: 'open' },
};
/** Raise times already recorded for the fault. */
const raisedAt = (...times: number[]): RecentRaises => ({
  raisesSince: (_d, _r, from) => times.filter((t) => t >= from).length,
});

describe('flapStage', () => {
  it('the FLAP_COUNT-th raise within the window raises a flapping alarm', () => {
    const raised: AlarmChange = { kind: 'raised', alarm };
    expect(flapStage(raised, raisedAt(T0 - 2 * MIN), POLICY, T0)).toBe(raised);
    expect(flapStage(raised, raisedAt(T0 - 2 * MIN, T0 - MIN), POLICY, T0)).toEqual({
      kind: 'raised',
      alarm: { ...alarm, flapping: true },
    });
  });

  it('raises older than the window do not count', () => {
    const raised: AlarmChange = { kind: 'raised', alarm };
    expect(flapStage(raised, raisedAt(T0 - 11 * MIN, T0 - MIN), POLICY, T0)).toBe(raised);
  });

  it('a flapping alarm whose rule clears stays active with quietSince: an update, not a clear', () => {
    const cleared: AlarmChange = {
      kind: 'cleared',
      alarm: { ...alarm, flapping: true, active: false, clearedAt: T0 + MIN },
    };
    expect(flapStage(cleared, raisedAt(), POLICY, T0 + MIN)).toEqual({
      kind: 'updated',
      alarm: { ...alarm, flapping: true, active: true, quietSince: T0 + MIN },
    });
  });

  it('an alarm that is not flapping clears as ever', () => {
    const cleared: AlarmChange = { kind: 'cleared', alarm: { ...alarm, active: false, clearedAt: T0 } };
    expect(flapStage(cleared, raisedAt(), POLICY, T0)).toBe(cleared);
  });

  it('a raise of a quiet flapping alarm is a repeat that ends the quiet, committed at once', () => {
    const quiet = { ...alarm, flapping: true, quietSince: T0, count: 4 };
    const repeated: AlarmChange = { kind: 'repeated', alarm: { ...quiet, count: 5 } };
    expect(flapStage(repeated, raisedAt(), POLICY, T0 + MIN)).toEqual({
      kind: 'updated',
      alarm: { ...alarm, flapping: true, count: 5 },
    });
    const plain: AlarmChange = { kind: 'repeated', alarm: { ...alarm, flapping: true, count: 5 } };
    expect(flapStage(plain, raisedAt(), POLICY, T0 + MIN)).toBe(plain);
  });
});

describe('quietClears', () => {
  const quiet = { ...alarm, flapping: true, quietSince: T0 };
  const other = { ...alarm, id: 'A-2', deviceId: 'box-2', flapping: true, quietSince: T0 };

  it('clears the flapping alarms quiet for FLAP_QUIET_S, not before', () => {
    expect(quietClears([quiet, alarm], POLICY, T0 + 10 * MIN - 1)).toEqual([]);
    expect(quietClears([quiet, alarm], POLICY, T0 + 10 * MIN)).toEqual([
      { kind: 'cleared', alarm: { ...quiet, active: false, clearedAt: T0 + 10 * MIN } },
    ]);
  });

  it('only for the devices this node handles', () => {
    const changes = quietClears([quiet, other], POLICY, T0 + 10 * MIN, (id) => id === 'box-2');
    expect(changes.map((c) => c.alarm.id)).toEqual(['A-2']);
  });
});
