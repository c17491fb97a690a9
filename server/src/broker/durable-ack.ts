// Durable acknowledgements (api.md "Cluster mode", single node too): a QoS-1 message that raised or
// cleared an alarm, or opened or moved a ticket, is acknowledged only once that change is committed,
// so a kill -9 right after the PUBACK loses no acknowledged alarm. Telemetry stays group-committed:
// a device with nothing uncommitted is acknowledged at once, as before.
//
// Per device, not per message: while a device has a change queued and not yet committed, each of
// its QoS-1 acknowledgements waits for it (a repeat resent after a reconnect, say, must not be
// acknowledged before the alarm it repeats is stored). Held acknowledgements are released in the
// order their messages arrived, so PUBACKs keep the order of the PUBLISHes (MQTT 3.1.1 §4.6). A commit
// that fails is retried by the write queue and the acknowledgement waits; one that never commits
// (the server stopped first) is never acknowledged. A connection that closes drops what it held.

export interface DurableAckOptions {
  /** Resolves once everything queued so far is committed (`WriteQueue.committed`); never rejects. */
  committed: () => Promise<void>;
  /** Seconds one acknowledgement was held. */
  observe: (seconds: number) => void;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

interface Held {
  /** The device's change this acknowledgement waits for (its count when the message arrived). */
  change: number;
  at: number;
  connection: object;
  release: () => void;
}

/** One device with a change not yet committed, or an acknowledgement still held. */
interface Pending {
  queued: number;
  committed: number;
  held: Held[];
}

export class DurableAcks {
  private readonly devices = new Map<string, Pending>();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly opts: DurableAckOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** A message of `deviceId` changed an alarm or ticket: the device's next acknowledgements wait for it. */
  changed(deviceId: string): void {
    if (this.closed) return;
    let p = this.devices.get(deviceId);
    if (!p) {
      p = { queued: 0, committed: 0, held: [] };
      this.devices.set(deviceId, p);
    }
    const pending = p;
    const change = ++pending.queued;
    void this.opts.committed().then(() => this.settle(deviceId, pending, change));
  }

  /**
   * Holds `release` (the acknowledgement of a message of `deviceId` on `connection`) until every
   * change of the device queued so far is committed. False when nothing is pending: release it now.
   */
  hold(deviceId: string, connection: object, release: () => void): boolean {
    const p = this.devices.get(deviceId);
    if (!p) return false;
    p.held.push({ change: p.queued, at: this.now(), connection, release });
    return true;
  }

  /** The connection closed: its held acknowledgements are dropped, there is nowhere to send them. */
  drop(deviceId: string, connection: object): void {
    const p = this.devices.get(deviceId);
    if (!p) return;
    p.held = p.held.filter((h) => h.connection !== connection);
    this.forgetIfDone(deviceId, p);
  }

  /** Devices with a change not yet committed or an acknowledgement held. */
  get size(): number {
    return this.devices.size;
  }

  /** The server stops: nothing held is released any more, whatever commits later. */
  close(): void {
    this.closed = true;
    for (const p of this.devices.values()) p.held = [];
    this.devices.clear();
  }

  private settle(deviceId: string, p: Pending, change: number): void {
    // The queue resolves its waiters in the order they were made, so `change` is the newest committed.
    p.committed = Math.max(p.committed, change);
    const now = this.now();
    let n = 0;
    while (n < p.held.length && p.held[n]!.change <= p.committed) n++;
    const ready = p.held.splice(0, n);
    this.forgetIfDone(deviceId, p);
    for (const h of ready) {
      this.opts.observe((now - h.at) / 1000);
      h.release();
    }
  }

  private forgetIfDone(deviceId: string, p: Pending): void {
    if (p.held.length === 0 && p.committed === p.queued && this.devices.get(deviceId) === p) {
      this.devices.delete(deviceId);
    }
  }
}
