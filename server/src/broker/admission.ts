// Global admission control for device messages: a budget on the work the server takes on per
// event-loop turn, shared fairly across connections. aedes reads a connection's next chunk only once
// every packet of the last one is done, so a message that is not applied yet (its completion held)
// also stops that socket from being read: the kernel buffers fill and TCP slows the sender down.
// What is held is one parsed chunk per connection at most, applied later in order, never dropped.
//
//  - Quiet connections (fewer than `quietPerS` messages in the last second: a device reporting, a
//    fault, a status) are applied at once, so an alarm from a quiet device never waits behind a flood.
//  - Busy connections share `turnBudget` messages per turn; past it, or while the store's write
//    backlog is over `maxBacklog`, their messages wait and are applied round-robin, `slice` per
//    connection at a time, on later turns — the connections sending most are the ones held.
// Pure: time, the next turn and the backlog are injected.
export interface AdmissionOptions {
  /** Messages from busy connections applied per event-loop turn. */
  turnBudget: number;
  /** Below this many messages per second a connection is quiet and never held. */
  quietPerS: number;
  /** The store's write backlog (rows) above which busy connections wait for it to drain. */
  maxBacklog: number;
  backlog: () => number;
  /** Monotonic milliseconds. */
  now: () => number;
  /** Runs `fn` on the next turn of the event loop (setImmediate). */
  nextTurn: (fn: () => void) => void;
  /** Runs `fn` after `ms` (while the backlog drains). */
  later: (fn: () => void, ms: number) => void;
  /** A message had to wait (for the metrics and a bounded log). */
  onHeld?: (connection: object) => void;
}

/** Messages of one held connection applied in one go before the next connection's turn. */
const SLICE = 16;
/** How often a drain blocked by the store's backlog looks again. */
const BACKLOG_RETRY_MS = 10;
const WINDOW_MS = 1000;

interface Rate {
  windowAt: number;
  count: number;
  previous: number;
}

export class Admission {
  private readonly rates = new WeakMap<object, Rate>();
  /** Held work per connection, in arrival order; the Map's order is the round-robin order. */
  private readonly held = new Map<object, (() => void)[]>();
  private heldCount = 0;
  private heldAt = -Infinity;
  private used = 0;
  private turnArmed = false;
  private drainArmed = false;
  private closed = false;

  constructor(private readonly opts: AdmissionOptions) {
    if (!(opts.turnBudget >= 1) || !(opts.quietPerS >= 0) || !(opts.maxBacklog >= 1)) {
      throw new RangeError('admission needs turnBudget ≥ 1, quietPerS ≥ 0 and maxBacklog ≥ 1');
    }
  }

  /** Runs `work` (applying one message of `connection`) now, or later in order when over budget. */
  admit(connection: object, work: () => void): void {
    const quiet = this.count(connection) <= this.opts.quietPerS;
    this.armTurn();
    const queue = this.held.get(connection);
    if (queue) {
      queue.push(work); // behind its own earlier messages: a connection's order is kept
      this.hold(connection);
      return;
    }
    if (this.closed || quiet || (this.used < this.opts.turnBudget && !this.backlogged())) {
      if (!quiet) this.used++;
      work();
      return;
    }
    this.held.set(connection, [work]);
    this.hold(connection);
    this.armDrain();
  }

  /** Messages waiting now. */
  get pending(): number {
    return this.heldCount;
  }

  /** Connections held now. */
  get size(): number {
    return this.held.size;
  }

  /** When a message last had to wait (monotonic ms; -Infinity if none has). */
  get lastHeldAt(): number {
    return this.heldAt;
  }

  /** Applies everything still held and admits all from now on (shutdown). */
  close(): void {
    this.closed = true;
    this.drain(Infinity);
  }

  private hold(connection: object): void {
    this.heldCount++;
    this.heldAt = this.opts.now();
    this.opts.onHeld?.(connection);
  }

  /** Messages of `connection` in the current and last second, counting this one. */
  private count(connection: object): number {
    const now = this.opts.now();
    let r = this.rates.get(connection);
    if (!r) {
      r = { windowAt: now, count: 0, previous: 0 };
      this.rates.set(connection, r);
    } else if (now - r.windowAt >= WINDOW_MS) {
      r.previous = now - r.windowAt < 2 * WINDOW_MS ? r.count : 0;
      r.count = 0;
      r.windowAt = now;
    }
    r.count++;
    return Math.max(r.count, r.previous);
  }

  private backlogged(): boolean {
    return this.opts.backlog() >= this.opts.maxBacklog;
  }

  /** One callback per turn that had messages, which starts the next turn's budget. */
  private armTurn(): void {
    if (this.turnArmed) return;
    this.turnArmed = true;
    this.opts.nextTurn(() => {
      this.turnArmed = false;
      this.used = 0;
    });
  }

  private armDrain(delayMs = 0): void {
    if (this.drainArmed || this.held.size === 0) return;
    this.drainArmed = true;
    const run = () => {
      this.drainArmed = false;
      if (this.backlogged()) return this.armDrain(BACKLOG_RETRY_MS);
      this.used = 0;
      this.drain(this.opts.turnBudget);
      this.armDrain();
    };
    if (delayMs > 0) this.opts.later(run, delayMs);
    else this.opts.nextTurn(run);
  }

  /** Applies held work round-robin, up to SLICE per connection at a time, until `budget` is spent. */
  private drain(budget: number): void {
    while (this.used < budget) {
      const first = this.held.entries().next();
      if (first.done) break;
      const [connection, queue] = first.value;
      this.held.delete(connection);
      const slice = queue.splice(0, Math.min(SLICE, budget - this.used));
      if (queue.length > 0) this.held.set(connection, queue); // to the back of the round
      this.used += slice.length;
      this.heldCount -= slice.length;
      for (const work of slice) work();
    }
  }
}
