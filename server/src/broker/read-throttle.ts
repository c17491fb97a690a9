// Backpressure for a device over its rate limit. aedes reads the next chunk of a connection only once
// every packet of the last chunk has completed, so holding back the completion callbacks of the
// packets that were dropped stops reading from that socket: the kernel buffers fill and TCP slows the
// device down to what it may send, instead of the server parsing a flood only to drop it. Each dropped
// packet holds the connection for one token's worth of time more (1 / rate), up to `maxHoldMs`.
export interface ReadThrottleOptions {
  /** Sustained messages per second a device may send (the rate limit's refill rate). */
  ratePerS: number;
  /** The longest one connection is held at a time. */
  maxHoldMs: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

interface Hold {
  until: number;
  release: (() => void)[];
  timer: NodeJS.Timeout | undefined;
}

export class ReadThrottle {
  private readonly held = new Map<object, Hold>();
  private readonly msPerMessage: number;
  private readonly now: () => number;

  constructor(private readonly opts: ReadThrottleOptions) {
    if (!(opts.ratePerS > 0) || !(opts.maxHoldMs >= 0)) {
      throw new RangeError('a read throttle needs ratePerS > 0 and maxHoldMs ≥ 0');
    }
    this.msPerMessage = 1000 / opts.ratePerS;
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * Runs `release` once `connection` has been held for one more dropped message. `maxHoldMs` caps
   * this connection's hold below the default (e.g. well inside its MQTT keep-alive).
   */
  hold(connection: object, release: () => void, maxHoldMs = this.opts.maxHoldMs): void {
    const now = this.now();
    let h = this.held.get(connection);
    if (!h) {
      h = { until: now, release: [], timer: undefined };
      this.held.set(connection, h);
    }
    h.until = Math.min(
      Math.max(h.until, now) + this.msPerMessage,
      now + Math.min(maxHoldMs, this.opts.maxHoldMs),
    );
    h.release.push(release);
    // One timer per held connection, not per dropped message: when it fires early it is set again.
    h.timer ??= this.arm(connection, h, h.until - now);
  }

  /** Connections held now. */
  get size(): number {
    return this.held.size;
  }

  /** Lets every held connection go at once (shutdown). */
  releaseAll(): void {
    for (const [connection, h] of this.held) this.release(connection, h);
  }

  private arm(connection: object, h: Hold, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const left = h.until - this.now();
      if (left > 0) h.timer = this.arm(connection, h, left);
      else this.release(connection, h);
    }, ms);
  }

  private release(connection: object, h: Hold): void {
    clearTimeout(h.timer);
    h.timer = undefined;
    if (this.held.get(connection) === h) this.held.delete(connection);
    for (const fn of h.release) fn();
  }
}
