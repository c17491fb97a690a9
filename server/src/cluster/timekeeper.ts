// Time-driven work in a cluster, done exactly once: one lease (`timekeeper`) names the node that runs
// the SLA and callback checks, the dispatch passes, retention, and the devices no live node handles —
// those of a node that died, whose last wills never fired, go offline on time here. All of it runs
// inside the write queue's fenced section, so a holder paused past its lease cannot commit twice.
// Every node still runs silence and rule timers for the devices connected to it.
import type { Logger } from '../log';
import type { Fence, WriteQueue } from '../store/write-queue';
import type { Lease } from './lease';

export interface TimekeeperWork {
  /** The device ids this node knows. */
  deviceIds(): Iterable<string>;
  /** Whether this node holds the device's connection. */
  handles(deviceId: string): boolean;
  /** The recorded owner of each device (undefined where none). */
  owners(deviceIds: readonly string[]): Promise<(string | undefined)[]>;
  liveNodes(): Promise<string[]>;
  /** Loads a device from the store to handle it here (state, timers, active alarms). */
  load(deviceId: string): Promise<void>;
  /** Silence and rule timers of the devices `handles` accepts. */
  tickDevices(handles: (deviceId: string) => boolean): void;
  /** SLA flags and callbacks due. */
  checkSla(): void;
  dispatch(): void;
}

/** How often the holder looks for devices no live node handles. */
const ORPHAN_SCAN_MS = 5_000;

export class Timekeeper {
  /** Devices no live node handles, loaded here and kept by the holder until one connects somewhere. */
  private readonly orphans = new Set<string>();
  private lastScan = 0;
  private scanning = false;

  constructor(
    private readonly lease: Lease,
    private readonly queue: WriteQueue,
    private readonly work: TimekeeperWork,
    private readonly log: Logger,
  ) {
    lease.on('lost', () => this.orphans.clear());
  }

  /** The device connected to another node: it is no longer this holder's to handle. */
  forget(deviceId: string): void {
    this.orphans.delete(deviceId);
  }

  /** The lease's fence while this node holds it. */
  fence(): Fence | undefined {
    const held = this.lease.holding();
    return held && { name: 'timekeeper', epoch: held.epoch };
  }

  /** Runs `work` if and only if this node holds the lease, with its writes fenced. */
  run(work: () => void): boolean {
    const fence = this.fence();
    if (!fence) return false;
    this.queue.fenced(fence, work);
    return true;
  }

  /** The periodic pass (every second on every node). */
  tick(now: number): void {
    this.work.tickDevices((id) => this.work.handles(id));
    const holding = this.run(() => {
      this.work.tickDevices((id) => this.orphans.has(id) && !this.work.handles(id));
      this.work.checkSla();
      this.work.dispatch();
    });
    if (holding && now - this.lastScan >= ORPHAN_SCAN_MS && !this.scanning) {
      this.lastScan = now;
      this.scanning = true;
      this.scan()
        .catch((err: unknown) => this.log.warn({ err }, 'looking for devices no node handles failed'))
        .finally(() => (this.scanning = false));
    }
  }

  /** Finds the devices whose owner is gone (or never was) and takes them; drops those owned again. */
  private async scan(): Promise<void> {
    const ids = [...this.work.deviceIds()].filter((id) => !this.work.handles(id));
    const [owners, live] = await Promise.all([this.work.owners(ids), this.work.liveNodes()]);
    const alive = new Set(live);
    for (const [i, id] of ids.entries()) {
      const owner = owners[i];
      const orphan = owner === undefined || !alive.has(owner);
      if (!orphan) this.orphans.delete(id);
      else if (!this.orphans.has(id)) {
        await this.work.load(id);
        this.orphans.add(id);
      }
    }
  }
}
