// Per-device rate limit at the edge: a token bucket per device (burst `burst`, refilled at
// `ratePerS`). A device that floods gets its excess dropped before its payload is parsed (and its
// connection read more slowly, broker/read-throttle.ts), so one broken or
// hostile device cannot slow the alarms of the others. Buckets outlive connections (a reconnect
// does not refill them); only authenticated devices get one, so memory is bounded by the registered
// devices (~50 bytes each). Pure: the caller passes the time.
export interface RateLimit {
  /** Sustained messages per second a device may send. */
  ratePerS: number;
  /** Messages a device may send at once after being quiet (reconnect, a burst of faults). */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class DeviceRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(readonly limit: RateLimit) {
    if (!(limit.ratePerS > 0) || !(limit.burst >= 1)) {
      throw new RangeError('a rate limit needs ratePerS > 0 and burst ≥ 1');
    }
    this.#perMs = limit.ratePerS / 1000;
  }

  /** Whether `deviceId` may send `n` messages at `nowMs`; takes their tokens if so (all or none). */
  take(deviceId: string, nowMs: number, n = 1): boolean {
    let b = this.#buckets.get(deviceId);
    if (!b) {
      b = { tokens: this.limit.burst, at: nowMs };
      this.#buckets.set(deviceId, b);
    } else if (nowMs > b.at) {
      b.tokens = Math.min(this.limit.burst, b.tokens + (nowMs - b.at) * this.#perMs);
      b.at = nowMs;
    }
    if (b.tokens < n) return false;
    b.tokens -= n;
    return true;
  }

  get size(): number {
    return this.#buckets.size;
  }
}
