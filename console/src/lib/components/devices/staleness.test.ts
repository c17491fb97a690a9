// The device panel's freshness: a new reading moves "last seen", a switch to another device does
// not count as one, and an offline device's readings are stale.
import { describe, expect, it } from 'vitest';
import { lastHeard, nextArrival, readingsStale } from './staleness';

const T0 = Date.parse('2026-12-07T06:03:00Z');

describe('nextArrival', () => {
  const first = { ia: 1 };

  it('counts the readings the panel opens with as no arrival', () => {
    expect(nextArrival(undefined, 'box-1', first, T0)).toEqual({
      deviceId: 'box-1',
      state: first,
      at: undefined,
    });
  });

  it('counts a new readings object of the same device as an arrival now', () => {
    const a = nextArrival(undefined, 'box-1', first, T0);
    const next = { ia: 2 };
    expect(nextArrival(a, 'box-1', next, T0 + 5000)).toEqual({
      deviceId: 'box-1',
      state: next,
      at: T0 + 5000,
    });
    expect(nextArrival(a, 'box-1', first, T0 + 9000)).toBe(a);
  });

  it('starts over for another device', () => {
    const a = nextArrival(nextArrival(undefined, 'box-1', first, T0), 'box-1', { ia: 2 }, T0 + 1000);
    expect(nextArrival(a, 'box-2', { ia: 3 }, T0 + 2000).at).toBeUndefined();
  });
});

describe('lastHeard', () => {
  const arrival = (at: number | undefined) => ({ deviceId: 'box-1', state: {}, at });

  it('takes the later of the reported lastSeen and an arrival', () => {
    const seen = new Date(T0).toISOString();
    expect(lastHeard(seen, arrival(T0 + 60_000))).toBe(T0 + 60_000);
    expect(lastHeard(seen, arrival(T0 - 60_000))).toBe(T0);
    expect(lastHeard(seen, arrival(undefined))).toBe(T0);
  });

  it('is the arrival, or nothing, without a lastSeen', () => {
    expect(lastHeard(undefined, arrival(T0))).toBe(T0);
    expect(lastHeard(undefined, undefined)).toBeUndefined();
  });
});

describe('readingsStale', () => {
  it('marks only an offline device', () => {
    expect(readingsStale('offline')).toBe(true);
    expect(readingsStale('online')).toBe(false);
    expect(readingsStale('unknown')).toBe(false);
  });
});
