// A token bucket for the fleet-wide publish rate: `rate` tokens a second, bursts up to one second's
// worth. Urgent takers (fault injections and restores) are served before routine telemetry.

interface Waiter {
  urgent: boolean;
  resolve: (ok: boolean) => void;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate))
      throw new Error('rate must be a positive number of messages per second');
    this.burst = Math.max(1, rate);
    this.tokens = this.burst;
    this.last = now();
  }

  /** Resolves true when a token is taken, false if the bucket was closed meanwhile. */
  take(urgent = false): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const w = { urgent, resolve };
      const at = urgent ? this.waiters.findIndex((x) => !x.urgent) : -1;
      if (at < 0) this.waiters.push(w);
      else this.waiters.splice(at, 0, w);
      this.schedule();
    });
  }

  /** Takers waiting for a token. */
  get waiting(): number {
    return this.waiters.length;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.waiters.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.waiters.shift()?.resolve(true);
      }
      if (this.waiters.length > 0) this.schedule();
    }, wait);
  }
}
