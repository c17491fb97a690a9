// Unit spec of the read throttle on fake timers: each dropped message holds its connection one token
// longer (1 / rate), up to the cap; connections are held independently; releaseAll lets all go.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadThrottle } from './read-throttle';

describe('ReadThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const make = (maxHoldMs = 1000) => new ReadThrottle({ ratePerS: 20, maxHoldMs, now: () => Date.now() });

  it('holds a connection one token (50 ms at 20/s) per dropped message, then releases in order', () => {
    const t = make();
    const conn = {};
    const released: number[] = [];
    for (let i = 0; i < 3; i++) t.hold(conn, () => released.push(i));
    expect(t.size).toBe(1);
    vi.advanceTimersByTime(149);
    expect(released).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(released).toEqual([0, 1, 2]);
    expect(t.size).toBe(0);
  });

  it('never holds one connection longer than the cap, however much it floods', () => {
    const t = make(200);
    const conn = {};
    let released = 0;
    for (let i = 0; i < 1000; i++) t.hold(conn, () => released++);
    vi.advanceTimersByTime(199);
    expect(released).toBe(0);
    vi.advanceTimersByTime(1);
    expect(released).toBe(1000);
  });

  it('holds one connection no longer than its own cap when it has one below the default', () => {
    const t = make(1000);
    const conn = {};
    let released = 0;
    for (let i = 0; i < 100; i++) t.hold(conn, () => released++, 300);
    vi.advanceTimersByTime(299);
    expect(released).toBe(0);
    vi.advanceTimersByTime(1);
    expect(released).toBe(100);
    // A cap above the default does not lift it.
    for (let i = 0; i < 100; i++) t.hold(conn, () => released++, 5000);
    vi.advanceTimersByTime(1000);
    expect(released).toBe(200);
  });

  it('keeps extending a hold as drops keep coming while it is held', () => {
    const t = make();
    const conn = {};
    let released = 0;
    t.hold(conn, () => released++); // until 50 ms
    vi.advanceTimersByTime(40);
    t.hold(conn, () => released++); // until 100 ms
    vi.advanceTimersByTime(20); // 60 ms: the first timer fired early and was set again
    expect(released).toBe(0);
    vi.advanceTimersByTime(39);
    expect(released).toBe(0);
    vi.advanceTimersByTime(1);
    expect(released).toBe(2);
    expect(t.size).toBe(0);
  });

  it('holds connections independently; a released one starts afresh', () => {
    const t = make();
    const a = {};
    const b = {};
    const seen: string[] = [];
    t.hold(a, () => seen.push('a'));
    t.hold(a, () => seen.push('a'));
    t.hold(b, () => seen.push('b'));
    vi.advanceTimersByTime(50);
    expect(seen).toEqual(['b']);
    vi.advanceTimersByTime(50);
    expect(seen).toEqual(['b', 'a', 'a']);
    t.hold(a, () => seen.push('a again'));
    vi.advanceTimersByTime(50);
    expect(seen.at(-1)).toBe('a again');
  });

  it('releaseAll lets every held connection go at once', () => {
    const t = make();
    let released = 0;
    t.hold({}, () => released++);
    t.hold({}, () => released++);
    t.releaseAll();
    expect(released).toBe(2);
    expect(t.size).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(released).toBe(2);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new ReadThrottle({ ratePerS: 0, maxHoldMs: 100 })).toThrow(RangeError);
  });
});
