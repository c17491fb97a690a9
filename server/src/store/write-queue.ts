// Group commit: hot-path writes accumulate here and reach the store as one WriteBatch per window.
// The one way anything about stored data is announced: after the batch that holds it has committed,
// the queue emits on the bus each device state it wrote (`device:state`) and then, in order, every
// event announced with it (`announce`). Bounded: when the store falls behind, telemetry history is
// shed (and counted); state, alarms, tickets and announcements are never dropped. A row the store
// left out because another row holds its claim (store.ts, CommitResult) is not announced: the queue
// hands the rejection to its reconciler and to whoever awaits that commit.
//
// A commit that fails is kept and retried every second (faults classified and logged at a bounded
// rate by FaultTracker; `fault` is what /api/health and the API's 503 read while it lasts).
//
// Work done under a lease (cluster mode) runs inside `fenced(fence, work)`: what it queues commits in
// a batch of its own carrying the lease's epoch, and a batch the store refuses as stale is dropped
// whole and reconciled, never retried.
import type { DomainEventName, DomainEvents } from '../events/bus';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { StoreFault } from './fault';
import { FaultTracker } from './fault-tracker';
import { PendingBatch, subjectOf, type AfterCommit, type Announcement } from './pending-batch';
import {
  noneRejected,
  StaleFenceError,
  type AlarmRecord,
  type CommitOptions,
  type CommitResult,
  type DeviceStateRecord,
  type Store,
  type TelemetryRecord,
  type TicketEventRecord,
  type TicketRecord,
  type WriteBatch,
} from './store';

export interface WriteQueueOptions {
  intervalMs: number;
  /** Telemetry rows waiting beyond this are shed. */
  maxPendingTelemetry: number;
}

/** Where committed changes are announced (the event bus). */
export interface Announcer {
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void;
}

/** The rows a commit left out, as they were queued. */
export interface Rejected {
  alarms: AlarmRecord[];
  tickets: TicketRecord[];
}
/** Told of the rows a commit left out, before anything of that commit is announced. */
export type Reconciler = (rejected: Rejected) => void;

export type Fence = NonNullable<CommitOptions['fence']>;

export class WriteQueue {
  private readonly main = new PendingBatch();
  /** A pending batch per lease and epoch its work was done under (the newest of each lease last). */
  private fencedBatches: { fence: Fence; pending: PendingBatch }[] = [];
  /** Where puts go now: the main batch, or a lease's while its work runs. */
  private target: PendingBatch = this.main;
  private reconcile: Reconciler = () => undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  private closing = false;
  private closed = false;
  private readonly faults: FaultTracker;
  private committing = 0;

  constructor(
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly bus: Announcer,
    private readonly opts: WriteQueueOptions,
  ) {
    this.faults = new FaultTracker(metrics, log);
  }

  /** Why the last commit failed, while the store cannot record writes; undefined when it can. */
  get fault(): StoreFault | undefined {
    return this.faults.current;
  }

  /** Telemetry rows queued or being committed: the store's backlog, for admission control. */
  get backlog(): number {
    let rows = this.committing + this.main.telemetry.length;
    for (const e of this.fencedBatches) rows += e.pending.telemetry.length;
    return rows;
  }

  putState(s: DeviceStateRecord): void {
    this.target.states.set(s.deviceId, s);
    this.schedule(false);
  }
  addTelemetry(t: TelemetryRecord): void {
    const pending = this.target.telemetry;
    if (pending.length >= this.opts.maxPendingTelemetry) {
      this.faults.dropped(1, this.opts.maxPendingTelemetry);
      return;
    }
    pending.push(t);
    this.schedule(false);
  }
  /** `urgent` (raise, clear, ack) commits on the next turn; repeats ride the telemetry window. */
  putAlarm(a: AlarmRecord, urgent = true): void {
    this.target.alarms.set(a.id, a);
    this.schedule(urgent);
  }
  putTicket(t: TicketRecord): void {
    this.target.tickets.set(t.id, t);
    this.schedule(true);
  }
  addTicketEvent(e: TicketEventRecord): void {
    this.target.events.push(e);
    this.schedule(true);
  }
  /**
   * Emits the event on the bus after the commit that includes everything queued so far. `urgent`
   * commits on the next turn; otherwise it rides the telemetry window (an alarm's repeat).
   */
  announce<K extends DomainEventName>(name: K, payload: DomainEvents[K], urgent = true): void {
    this.target.announcements.push([name, payload] as Announcement);
    this.schedule(urgent);
  }
  /** Who puts right what a commit left out (the books, in services/reconcile.ts). */
  onRejected(reconcile: Reconciler): void {
    this.reconcile = reconcile;
  }

  /**
   * Runs synchronous work whose writes must commit only while this node still holds the lease: they
   * go into the lease's own batch, committed with its epoch.
   */
  fenced<T>(fence: Fence, work: () => T): T {
    let entry = this.fencedBatches.findLast((e) => e.fence.name === fence.name);
    if (entry?.fence.epoch !== fence.epoch) {
      // What was queued under an older epoch still commits under that epoch (and may be refused).
      entry = { fence, pending: new PendingBatch() };
      this.fencedBatches.push(entry);
    }
    const previous = this.target;
    this.target = entry.pending;
    try {
      return work();
    } finally {
      this.target = previous;
    }
  }

  /** Resolves once everything queued so far is committed, with what that commit left out. */
  committed(): Promise<CommitResult> {
    return new Promise((resolve) => {
      this.target.waiters.push(resolve);
      this.schedule(true);
    });
  }

  private schedule(urgent: boolean): void {
    if (this.closed) return;
    if (urgent) {
      this.immediate ??= setImmediate(() => void this.flush());
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.opts.intervalMs);
    }
  }

  /** Commits what is queued now — the main batch, then each lease's — one commit at a time. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    while (this.running) await this.running;
    const work: { pending: PendingBatch; fence?: Fence }[] = [{ pending: this.main }, ...this.fencedBatches];
    const taken = work.filter((w) => !w.pending.isEmpty()).map((w) => ({ ...w, ...w.pending.take() }));
    // Only the newest epoch of each lease takes new work; older ones are done once taken.
    this.fencedBatches = this.fencedBatches.filter(
      (e, i, all) => all.findLastIndex((o) => o.fence.name === e.fence.name) === i,
    );
    if (taken.length === 0) return;
    this.running = (async () => {
      // Whoever waits is woken once every batch of this flush is committed, and hears all that was left out.
      const left: CommitResult = { alarms: [], tickets: [] };
      const waiters: AfterCommit['waiters'] = [];
      for (const t of taken) {
        const rejected = await this.commit(t.batch, t.after, t.pending, t.fence);
        if (!rejected) continue; // requeued with its waiters, or lost at shutdown
        left.alarms.push(...rejected.alarms);
        left.tickets.push(...rejected.tickets);
        waiters.push(...t.after.waiters);
      }
      for (const resolve of waiters) resolve(left);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** One batch: what the store left out once it is settled, or undefined when it did not commit. */
  private async commit(
    batch: WriteBatch,
    after: AfterCommit,
    from: PendingBatch,
    fence?: Fence,
  ): Promise<CommitResult | undefined> {
    const end = this.metrics.commitSeconds.startTimer();
    let rejected: CommitResult;
    this.committing += batch.telemetry.length;
    try {
      rejected = await this.store.commit(batch, fence && { fence });
    } catch (err) {
      this.committing -= batch.telemetry.length;
      end();
      if (err instanceof StaleFenceError) {
        this.log.warn(
          { lease: fence?.name, epoch: fence?.epoch },
          'lease taken over: its writes are dropped',
        );
        rejected = { alarms: batch.alarms.map((a) => a.id), tickets: batch.tickets.map((t) => t.id) };
        this.settle({ ...batch, deviceStates: [] }, [], rejected);
        return rejected;
      }
      if (this.closing) {
        const lost = {
          states: batch.deviceStates.length,
          alarms: batch.alarms.length,
          tickets: batch.tickets.length,
        };
        this.log.error({ err, lost }, 'final store commit failed at shutdown; these writes are lost');
        return undefined;
      }
      this.faults.failed(err, {
        telemetry: batch.telemetry.length,
        alarms: batch.alarms.length,
        tickets: batch.tickets.length,
      });
      const dropped = from.requeue(batch, after, this.opts.maxPendingTelemetry);
      this.faults.dropped(dropped, this.opts.maxPendingTelemetry);
      if (fence && !this.fencedBatches.some((e) => e.pending === from))
        this.fencedBatches.unshift({ fence, pending: from });
      this.timer ??= setTimeout(() => void this.flush(), 1000);
      return undefined;
    }
    end();
    this.faults.succeeded();
    this.committing -= batch.telemetry.length;
    this.metrics.commitRows.inc({ kind: 'telemetry' }, batch.telemetry.length);
    this.metrics.commitRows.inc({ kind: 'state' }, batch.deviceStates.length);
    this.metrics.commitRows.inc({ kind: 'alarm' }, batch.alarms.length);
    this.metrics.commitRows.inc({ kind: 'ticket' }, batch.tickets.length + batch.ticketEvents.length);
    this.settle(batch, after.announcements, rejected);
    return rejected;
  }

  /** After a commit: reconcile what was left out, then announce the rest. */
  private settle(batch: WriteBatch, announced: Announcement[], rejected: CommitResult): void {
    try {
      for (const s of batch.deviceStates) this.bus.emit('device:state', { id: s.deviceId, state: s.state });
    } catch (err) {
      this.log.error({ err, event: 'device:state' }, 'a listener failed on an announced event');
    }
    let announcements = announced;
    if (!noneRejected(rejected)) {
      this.metrics.commitRejected.inc({ kind: 'alarm' }, rejected.alarms.length);
      this.metrics.commitRejected.inc({ kind: 'ticket' }, rejected.tickets.length);
      const alarms = new Set(rejected.alarms);
      const tickets = new Set(rejected.tickets);
      announcements = announcements.filter((a) => {
        const s = subjectOf(a);
        return (
          !(s.alarm !== undefined && alarms.has(s.alarm)) &&
          !(s.ticket !== undefined && tickets.has(s.ticket))
        );
      });
      try {
        this.reconcile({
          alarms: batch.alarms.filter((a) => alarms.has(a.id)),
          tickets: batch.tickets.filter((t) => tickets.has(t.id)),
        });
      } catch (err) {
        this.log.error({ err, rejected }, 'reconciling rows the store left out failed');
      }
    }
    for (const a of announcements) this.emit(a);
  }

  private emit(a: Announcement): void {
    try {
      // The tuple pairs each name with its payload type; TypeScript cannot follow that through a union.
      (this.bus.emit as (name: DomainEventName, payload: unknown) => void)(a[0], a[1]);
    } catch (err) {
      this.log.error({ err, event: a[0] }, 'a listener failed on an announced event');
    }
  }

  /** Final flush; nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    this.closed = true;
  }
}
