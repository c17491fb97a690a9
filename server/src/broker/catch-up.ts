// Catching up connections that fell far behind while the server was over its admission budget.
// Holding a busy connection (admission.ts) leaves its later messages in the kernel's socket buffers,
// megabytes of them per connection under a flood, which would take the server a minute or more to
// apply in full after the flood ends, at full speed and memory. So while the server is saturated (a
// message was held, or a read caught up, in the last SATURATED_MS), a read of `minBytes` or more
// has each run of its QoS-0 telemetry merged into one reading before parsing (conflate.ts): the
// state the device reaches is the same, its history keeps one point per read instead of hundreds,
// and the merged-away messages are counted as shed. Nothing else is merged or dropped: QoS 1 and 2,
// status, events and acks go through as they are. The merged-away messages are spent from the
// device's own rate limit first: a device over it is not merged but dropped and slowed by the
// limiter as before. A connection caught up is read again no sooner than `pauseMs` later, and a
// turn catches up `turnBytes` at most, so catching up never takes the event loop from quiet devices.
import type { Readable } from 'node:stream';
import { conflate, newFraming, track } from './conflate';

/** How long after the last held message (or caught-up read) the server counts as saturated. */
const SATURATED_MS = 2_000;

export interface CatchUpOptions {
  /** A read of at least this many bytes (~100 readings) is caught up while the server is saturated. */
  minBytes: number;
  /** A connection whose read was caught up is read again no sooner than this. */
  pauseMs: number;
  /** Bytes caught up per event-loop turn at most; later reads wait for the next turn. */
  turnBytes: number;
  /** When the admission budget last held a message (monotonic ms; -Infinity if never). */
  lastHeldAt: () => number;
  /** Monotonic milliseconds. */
  now: () => number;
  /** `n` messages were merged away. */
  onMerged: (n: number) => void;
}

export const CATCH_UP_DEFAULTS = { minBytes: 16 * 1024, pauseMs: 100, turnBytes: 1024 * 1024 } as const;

export class CatchUp {
  private lastMergedAt = -Infinity;
  private turnUsed = 0;
  private turnArmed = false;

  constructor(private readonly opts: CatchUpOptions) {}

  /** Whether the server is saturated now. */
  saturated(now = this.opts.now()): boolean {
    return now - Math.max(this.opts.lastHeldAt(), this.lastMergedAt) < SATURATED_MS;
  }

  /**
   * Makes `conn.read()` (aedes' only read) catch up when far behind. Install before anything is read
   * from `conn` by the MQTT parser, so the packet framing is known from the first byte. `spend(n)`
   * answers whether the connection's device may spend `n` messages of its rate limit (and spends them).
   */
  wrap(conn: Readable, spend: (n: number) => boolean): void {
    const read = conn.read.bind(conn);
    const framing = newFraming();
    let until = -Infinity;
    let timer: NodeJS.Timeout | undefined;
    // aedes reads on 'readable'; left unread, the stream emits none, so the pause ends with one.
    const wake = () => {
      timer = undefined;
      if (!conn.destroyed) conn.emit('readable');
    };
    conn.once('close', () => clearTimeout(timer));
    conn.read = (size?: number): unknown => {
      const now = this.opts.now();
      if (now < until) {
        timer ??= setTimeout(wake, until - now);
        return null;
      }
      const catchUp = conn.readableLength >= this.opts.minBytes && this.saturated(now);
      if (catchUp && this.turnUsed >= this.opts.turnBytes) {
        timer ??= setTimeout(wake, 0); // this turn's catching up is spent: a later one
        return null;
      }
      const buf: unknown = read(size);
      if (!Buffer.isBuffer(buf)) return buf;
      if (!catchUp) {
        track(buf, framing);
        return buf;
      }
      this.charge(buf.length);
      const r = conflate(buf, framing);
      if (r.merged === 0) return r.out;
      if (!spend(r.merged)) return buf; // over its own limit: the limiter drops and slows it
      this.lastMergedAt = now;
      until = now + this.opts.pauseMs;
      this.opts.onMerged(r.merged);
      return r.out;
    };
  }

  private charge(bytes: number): void {
    this.turnUsed += bytes;
    if (this.turnArmed) return;
    this.turnArmed = true;
    setImmediate(() => {
      this.turnArmed = false;
      this.turnUsed = 0;
    });
  }
}
