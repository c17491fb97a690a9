import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginAttempt } from './login-throttle';

const limits = {
  pair: { free: 2, capMs: 8_000 },
  device: { free: 2, capMs: 8_000 },
  account: { free: 4, capMs: 8_000 },
  address: { free: 3, capMs: 2_000 },
};

function fail(th: LoginThrottle, a: LoginAttempt): void {
  const r = th.admit(a);
  if (!r.ok) throw new Error('refused');
  r.slot.failed();
}

describe('LoginThrottle', () => {
  it('counts attempts in flight, so parallel attempts get only the free allowance', () => {
    const th = new LoginThrottle(() => 0, limits);
    const a = { username: 'u', address: 'x' };
    const admitted = Array.from({ length: 10 }, () => th.admit(a)).filter((r) => r.ok);
    expect(admitted).toHaveLength(2);
  });

  it('doubles the refusal window past the allowance, up to the cap', () => {
    let t = 0;
    const th = new LoginThrottle(() => t, limits);
    const a = { username: 'u', address: 'x' };
    fail(th, a);
    fail(th, a);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = th.admit(a);
      expect(r.ok).toBe(false);
      if (!r.ok) waits.push(r.retryAfterS);
      t += (waits.at(-1) ?? 0) * 1000;
      fail(th, a);
    }
    expect(waits).toEqual([1, 2, 4, 8, 8]);
  });

  it('a known device is not blocked by failures of others; a success clears the pair only', () => {
    const th = new LoginThrottle(() => 0, limits);
    for (let i = 0; i < 4; i++) fail(th, { username: 'u', address: `a${i}` });
    expect(th.admit({ username: 'u', address: 'new' }).ok).toBe(false);
    expect(th.admit({ username: 'u', address: 'new', deviceId: 'd1' }).ok).toBe(true);
  });

  it('an address past its allowance refuses other accounts only for a short window', () => {
    let t = 0;
    const th = new LoginThrottle(() => t, limits);
    for (let i = 0; i < 6; i++) {
      fail(th, { username: `x${i}`, address: 'nat' });
      t += 2_000;
    }
    const r = th.admit({ username: 'colleague', address: 'nat' });
    expect(r.ok).toBe(true);
  });
});
