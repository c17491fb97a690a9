// Group commit: hot-path writes accumulate here and reach the store as one WriteBatch per window.
// The one way anything about stored data is announced: after the batch that holds it has committed,
// the queue emits on the bus each device state it wrote (`device:state`) and then, in order, every
// event announced with it (`announce`). Bounded: when the store falls behind, telemetry history is
// shed (and counted); state, alarms, tickets and announcements are never dropped. A row the store
// left out because another row holds its claim (store.ts, CommitResult) is not announced: the queue
// hands the rejection to its reconciler and to whoever awaits that commit.
import type { DomainEventName, DomainEvents } from '../events/bus';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import {
  noneRejected,
  type AlarmRecord,
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

type Announcement = { [K in DomainEventName]: [K, DomainEvents[K]] }[DomainEventName];

interface AfterCommit {
  announcements: Announcement[];
  waiters: ((rejected: CommitResult) => void)[];
}

/** The rows a commit left out, as they were queued. */
export interface Rejected {
  alarms: AlarmRecord[];
  tickets: TicketRecord[];
}
/** Told of the rows a commit left out, before anything of that commit is announced. */
export type Reconciler = (rejected: Rejected) => void;

/** The alarm or ticket an announcement is about, if any. */
function subjectOf(a: Announcement): { alarm?: string; ticket?: string } {
  switch (a[0]) {
    case 'alarm:raised':
    case 'alarm:updated':
    case 'alarm:cleared':
      return { alarm: a[1].id };
    case 'ticket:created':
    case 'ticket:updated':
    case 'ticket:assigned':
      return { ticket: a[1].id };
    case 'ticket:unassigned':
      return { ticket: a[1].ticket.id };
    default:
      return {};
  }
}

export class WriteQueue {
  private states = new Map<string, DeviceStateRecord>();
  private alarms = new Map<string, AlarmRecord>();
  private tickets = new Map<string, TicketRecord>();
  private telemetry: TelemetryRecord[] = [];
  private events: TicketEventRecord[] = [];
  private announcements: Announcement[] = [];
  private waiters: ((rejected: CommitResult) => void)[] = [];
  private reconcile: Reconciler = () => undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  private closing = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly bus: Announcer,
    private readonly opts: WriteQueueOptions,
  ) {}

  putState(s: DeviceStateRecord): void {
    this.states.set(s.deviceId, s);
    this.schedule(false);
  }
  addTelemetry(t: TelemetryRecord): void {
    if (this.telemetry.length >= this.opts.maxPendingTelemetry) {
      this.metrics.shed.inc();
      return;
    }
    this.telemetry.push(t);
    this.schedule(false);
  }
  /** `urgent` (raise, clear, ack) commits on the next turn; repeats ride the telemetry window. */
  putAlarm(a: AlarmRecord, urgent = true): void {
    this.alarms.set(a.id, a);
    this.schedule(urgent);
  }
  putTicket(t: TicketRecord): void {
    this.tickets.set(t.id, t);
    this.schedule(true);
  }
  addTicketEvent(e: TicketEventRecord): void {
    this.events.push(e);
    this.schedule(true);
  }
  /**
   * Emits the event on the bus after the commit that includes everything queued so far. `urgent`
   * commits on the next turn; otherwise it rides the telemetry window (an alarm's repeat).
   */
  announce<K extends DomainEventName>(name: K, payload: DomainEvents[K], urgent = true): void {
    this.announcements.push([name, payload] as Announcement);
    this.schedule(urgent);
  }
  /** Who puts right what a commit left out (the books, in services/reconcile.ts). */
  onRejected(reconcile: Reconciler): void {
    this.reconcile = reconcile;
  }

  /** Resolves once everything queued so far is committed, with what that commit left out. */
  committed(): Promise<CommitResult> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule(true);
    });
  }

  private pending(): boolean {
    return (
      this.states.size + this.alarms.size + this.tickets.size + this.telemetry.length + this.events.length >
        0 || this.announcements.length + this.waiters.length > 0
    );
  }

  private schedule(urgent: boolean): void {
    if (this.closed) return;
    if (urgent) {
      this.immediate ??= setImmediate(() => void this.flush());
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.opts.intervalMs);
    }
  }

  /** Commits what is queued now; one commit at a time. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    while (this.running) await this.running;
    if (!this.pending()) return;
    const batch: WriteBatch = {
      deviceStates: [...this.states.values()],
      telemetry: this.telemetry,
      alarms: [...this.alarms.values()],
      tickets: [...this.tickets.values()],
      ticketEvents: this.events,
    };
    const after = { announcements: this.announcements, waiters: this.waiters };
    this.states = new Map();
    this.alarms = new Map();
    this.tickets = new Map();
    this.telemetry = [];
    this.events = [];
    this.announcements = [];
    this.waiters = [];
    this.running = this.commit(batch, after);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async commit(batch: WriteBatch, after: AfterCommit): Promise<void> {
    const end = this.metrics.commitSeconds.startTimer();
    let rejected: CommitResult;
    try {
      rejected = await this.store.commit(batch);
    } catch (err) {
      end();
      if (this.closing) {
        const lost = {
          states: batch.deviceStates.length,
          alarms: batch.alarms.length,
          tickets: batch.tickets.length,
        };
        this.log.error({ err, lost }, 'final store commit failed at shutdown; these writes are lost');
        return;
      }
      this.log.error({ err }, 'store commit failed; retrying in 1 s');
      this.requeue(batch, after);
      this.timer ??= setTimeout(() => void this.flush(), 1000);
      return;
    }
    end();
    this.metrics.commitRows.inc({ kind: 'telemetry' }, batch.telemetry.length);
    this.metrics.commitRows.inc({ kind: 'state' }, batch.deviceStates.length);
    this.metrics.commitRows.inc({ kind: 'alarm' }, batch.alarms.length);
    this.metrics.commitRows.inc({ kind: 'ticket' }, batch.tickets.length + batch.ticketEvents.length);
    try {
      for (const s of batch.deviceStates) this.bus.emit('device:state', { id: s.deviceId, state: s.state });
    } catch (err) {
      this.log.error({ err, event: 'device:state' }, 'a listener failed on an announced event');
    }
    let announcements = after.announcements;
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
    for (const resolve of after.waiters) resolve(rejected);
  }

  private emit(a: Announcement): void {
    try {
      // The tuple pairs each name with its payload type; TypeScript cannot follow that through a union.
      (this.bus.emit as (name: DomainEventName, payload: unknown) => void)(a[0], a[1]);
    } catch (err) {
      this.log.error({ err, event: a[0] }, 'a listener failed on an announced event');
    }
  }

  /** Puts a failed batch back in front of anything queued since (newer upserts win). */
  private requeue(batch: WriteBatch, after: AfterCommit): void {
    for (const s of batch.deviceStates) if (!this.states.has(s.deviceId)) this.states.set(s.deviceId, s);
    for (const a of batch.alarms) if (!this.alarms.has(a.id)) this.alarms.set(a.id, a);
    for (const t of batch.tickets) if (!this.tickets.has(t.id)) this.tickets.set(t.id, t);
    this.telemetry = batch.telemetry.concat(this.telemetry).slice(-this.opts.maxPendingTelemetry);
    this.events = batch.ticketEvents.concat(this.events);
    this.announcements = after.announcements.concat(this.announcements);
    this.waiters = after.waiters.concat(this.waiters);
  }

  /** Final flush; nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    this.closed = true;
  }
}
