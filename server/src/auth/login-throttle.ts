// Failed-login throttle: every login attempt costs a scrypt, so guessing is slowed per username and
// per address (a fixed window of failures each), and a flood cannot pin the CPU. An address gets a
// larger allowance than a username, since a whole dispatch office may share one.
export interface ThrottleLimits {
  perUser: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { perUser: 10, perAddress: 100, windowMs: 10 * 60_000 };

export class LoginThrottle {
  private readonly failures = new Map<string, { start: number; n: number }>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(username: string, address: string): [string, number][] {
    return [
      [`u:${username}`, this.limits.perUser],
      [`a:${address}`, this.limits.perAddress],
    ];
  }

  /** Seconds to wait before this user may try again from this address; 0 when allowed. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    let wait = 0;
    for (const [k, max] of this.keys(username, address)) {
      const f = this.failures.get(k);
      if (!f) continue;
      if (t - f.start >= this.limits.windowMs) this.failures.delete(k);
      else if (f.n >= max) wait = Math.max(wait, Math.ceil((f.start + this.limits.windowMs - t) / 1000));
    }
    return wait;
  }

  fail(username: string, address: string): void {
    const t = this.now();
    for (const [k] of this.keys(username, address)) {
      const f = this.failures.get(k);
      if (!f || t - f.start >= this.limits.windowMs) this.failures.set(k, { start: t, n: 1 });
      else f.n++;
    }
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a spray
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
