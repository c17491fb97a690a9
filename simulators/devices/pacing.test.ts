// Unit spec of the pacing pieces: reconnect backoff and the fleet-wide token bucket.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import { backoffMs } from './backoff';
import { SimClock } from './clock';
import { TokenBucket } from './token-bucket';

describe('backoffMs', () => {
  it('grows exponentially up to the ceiling, with jitter in the upper half', () => {
    const rand = seededRandom(1);
    const o = { baseMs: 100, maxMs: 5000 };
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(5000, 100 * 2 ** attempt);
      for (let i = 0; i < 20; i++) {
        const d = backoffMs(attempt, rand, o);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('SimClock', () => {
  it('runs timeScale simulated seconds per real second', () => {
    let now = 1000;
    const clock = new SimClock(Date.parse('2025-03-20T04:00:00+08:00'), 60, () => now);
    now += 2000;
    expect(clock.elapsedS()).toBe(120);
    expect(new Date(clock.nowMs()).toISOString()).toBe('2025-03-19T20:02:00.000Z');
    expect(clock.realDelayMs(180)).toBe(1000);
    expect(clock.realDelayMs(60)).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('serves a burst of one second at once, then `rate` a second, urgent takers first', async () => {
    let now = 0;
    const bucket = new TokenBucket(100, () => now);
    for (let i = 0; i < 100; i++) expect(await bucket.take()).toBe(true);
    const order: string[] = [];
    const routine = bucket.take().then(() => order.push('routine'));
    const urgent = bucket.take(true).then(() => order.push('urgent'));
    expect(bucket.waiting).toBe(2);
    now += 20; // two tokens' worth
    await Promise.all([routine, urgent]);
    expect(order).toEqual(['urgent', 'routine']);
    bucket.close();
    expect(await bucket.take()).toBe(false);
  });
});
