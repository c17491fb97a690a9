import { describe, expect, it } from 'vitest';
import { AuthBackoff } from './auth-backoff';

describe('AuthBackoff', () => {
  it('blocks an address after its burst of failures and lets it back in as tokens refill', () => {
    const b = new AuthBackoff({ burst: 3, ratePerS: 1, maxAddresses: 10 });
    for (let i = 0; i < 3; i++) {
      expect(b.blocked('1.2.3.4', 0)).toBe(false);
      b.failed('1.2.3.4', 0);
    }
    expect(b.blocked('1.2.3.4', 0)).toBe(true);
    expect(b.blocked('5.6.7.8', 0)).toBe(false);
    expect(b.blocked('1.2.3.4', 1000)).toBe(false);
  });

  it('forgets refilled buckets and keeps at most maxAddresses', () => {
    const b = new AuthBackoff({ burst: 2, ratePerS: 1, maxAddresses: 2 });
    b.failed('a', 0);
    b.failed('b', 0);
    b.failed('c', 0);
    expect(b.size).toBe(2);
    expect(b.blocked('a', 0)).toBe(false);
    b.blocked('b', 5000);
    b.blocked('c', 5000);
    expect(b.size).toBe(0);
  });
});
