// The per-device token bucket: a burst is allowed, the excess is refused, tokens come back at the
// sustained rate and never beyond the burst, devices do not share a bucket.
import { describe, expect, it } from 'vitest';
import { DeviceRateLimiter } from './rate-limit';

const takeN = (l: DeviceRateLimiter, id: string, n: number, at: number) =>
  Array.from({ length: n }, () => l.take(id, at)).filter(Boolean).length;

describe('DeviceRateLimiter', () => {
  it('allows the burst at once, then refuses', () => {
    const l = new DeviceRateLimiter({ ratePerS: 2, burst: 5 });
    expect(takeN(l, 'a', 8, 0)).toBe(5);
    expect(l.take('a', 0)).toBe(false);
  });

  it('takes n messages at once only when all n tokens are there', () => {
    const l = new DeviceRateLimiter({ ratePerS: 2, burst: 5 });
    expect(l.take('a', 0, 6)).toBe(false);
    expect(l.take('a', 0, 4)).toBe(true);
    expect(l.take('a', 0, 2)).toBe(false);
    expect(takeN(l, 'a', 3, 0)).toBe(1);
  });

  it('refills at the sustained rate: 2/s gives one message per 500 ms', () => {
    const l = new DeviceRateLimiter({ ratePerS: 2, burst: 5 });
    takeN(l, 'a', 5, 0);
    expect(l.take('a', 499)).toBe(false);
    expect(l.take('a', 500)).toBe(true);
    expect(l.take('a', 500)).toBe(false);
    expect(takeN(l, 'a', 10, 2500)).toBe(4); // 2 s more → 4 tokens
  });

  it('never holds more than the burst, however long the device was quiet', () => {
    const l = new DeviceRateLimiter({ ratePerS: 10, burst: 3 });
    l.take('a', 0);
    expect(takeN(l, 'a', 10, 3_600_000)).toBe(3);
  });

  it('keeps one bucket per device', () => {
    const l = new DeviceRateLimiter({ ratePerS: 1, burst: 2 });
    expect(takeN(l, 'a', 5, 0)).toBe(2);
    expect(takeN(l, 'b', 5, 0)).toBe(2);
    expect(l.size).toBe(2);
  });

  it('a clock that steps back does not mint tokens', () => {
    const l = new DeviceRateLimiter({ ratePerS: 1, burst: 1 });
    expect(l.take('a', 10_000)).toBe(true);
    expect(l.take('a', 5_000)).toBe(false);
    expect(l.take('a', 10_999)).toBe(false);
    expect(l.take('a', 11_000)).toBe(true);
  });

  it.each([
    [0, 5],
    [1, 0],
    [Number.NaN, 5],
  ])('refuses a limit of %s/s with burst %s', (ratePerS, burst) => {
    expect(() => new DeviceRateLimiter({ ratePerS, burst })).toThrow(RangeError);
  });
});
