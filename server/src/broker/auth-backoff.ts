// Back-off for failed MQTT logins, per remote address: a token bucket of failures (BURST at once,
// refilled at RATE_PER_S). While an address has no token left every CONNECT from it is refused before
// any secret is checked, so a guessing storm costs one map lookup per attempt. Device checks are
// HMAC (synchronous, no thread pool), so this path cannot starve the scrypt of human logins; it is
// separate from the login throttle of the HTTP API. The table is bounded: full buckets are dropped.
export interface AuthBackoffOptions {
  burst: number;
  ratePerS: number;
  /** Most addresses tracked at once; past it the oldest entry is forgotten. */
  maxAddresses: number;
}

export const AUTH_BACKOFF_DEFAULTS: AuthBackoffOptions = { burst: 20, ratePerS: 1, maxAddresses: 50_000 };

interface Bucket {
  tokens: number;
  at: number;
}

export class AuthBackoff {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly o: AuthBackoffOptions = AUTH_BACKOFF_DEFAULTS) {}

  private level(address: string, now: number): Bucket | undefined {
    const b = this.buckets.get(address);
    if (!b) return undefined;
    b.tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.ratePerS);
    b.at = now;
    if (b.tokens >= this.o.burst) {
      this.buckets.delete(address);
      return undefined;
    }
    return b;
  }

  /** Whether logins from `address` are refused now (it failed more than the bucket allows). */
  blocked(address: string, now: number): boolean {
    return (this.level(address, now)?.tokens ?? this.o.burst) < 1;
  }

  /** Counts one failed login from `address`. */
  failed(address: string, now: number): void {
    const b = this.level(address, now) ?? { tokens: this.o.burst, at: now };
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.delete(address); // re-inserted last: the map's order is the eviction order
    this.buckets.set(address, b);
    if (this.buckets.size > this.o.maxAddresses) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
