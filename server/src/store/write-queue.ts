// Group commit: hot-path writes accumulate here and reach the store as one WriteBatch per window.
// Events about what a batch holds run only after that batch has committed (afterCommit).
// Bounded: when the store falls behind, telemetry history is shed (and counted); state, alarms and
// tickets are never dropped.
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type {
  AlarmRecord,
  DeviceStateRecord,
  Store,
  TelemetryRecord,
  TicketEventRecord,
  TicketRecord,
  WriteBatch,
} from './store';

export interface WriteQueueOptions {
  intervalMs: number;
  /** Telemetry rows waiting beyond this are shed. */
  maxPendingTelemetry: number;
  /** Called after each commit with the device states it wrote (one listener, no closure per message). */
  onStatesCommitted?: (states: readonly DeviceStateRecord[]) => void;
}

export class WriteQueue {
  private states = new Map<string, DeviceStateRecord>();
  private alarms = new Map<string, AlarmRecord>();
  private tickets = new Map<string, TicketRecord>();
  private telemetry: TelemetryRecord[] = [];
  private events: TicketEventRecord[] = [];
  private callbacks: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  private closing = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly log: Logger,
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
  /** Runs fn after the commit that includes everything queued so far. */
  afterCommit(fn: () => void): void {
    this.callbacks.push(fn);
    this.schedule(true);
  }
  /** Resolves once everything queued so far is committed. */
  committed(): Promise<void> {
    return new Promise((resolve) => this.afterCommit(resolve));
  }

  private pending(): boolean {
    return (
      this.states.size + this.alarms.size + this.tickets.size + this.telemetry.length + this.events.length >
        0 || this.callbacks.length > 0
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
    const callbacks = this.callbacks;
    this.states = new Map();
    this.alarms = new Map();
    this.tickets = new Map();
    this.telemetry = [];
    this.events = [];
    this.callbacks = [];
    this.running = this.commit(batch, callbacks);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async commit(batch: WriteBatch, callbacks: (() => void)[]): Promise<void> {
    const end = this.metrics.commitSeconds.startTimer();
    try {
      await this.store.commit(batch);
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
      this.requeue(batch, callbacks);
      this.timer ??= setTimeout(() => void this.flush(), 1000);
      return;
    }
    end();
    this.metrics.commitRows.inc({ kind: 'telemetry' }, batch.telemetry.length);
    this.metrics.commitRows.inc({ kind: 'state' }, batch.deviceStates.length);
    this.metrics.commitRows.inc({ kind: 'alarm' }, batch.alarms.length);
    this.metrics.commitRows.inc({ kind: 'ticket' }, batch.tickets.length + batch.ticketEvents.length);
    if (batch.deviceStates.length > 0) this.opts.onStatesCommitted?.(batch.deviceStates);
    for (const fn of callbacks) {
      try {
        fn();
      } catch (err) {
        this.log.error({ err }, 'after-commit handler failed');
      }
    }
  }

  /** Puts a failed batch back in front of anything queued since (newer upserts win). */
  private requeue(batch: WriteBatch, callbacks: (() => void)[]): void {
    for (const s of batch.deviceStates) if (!this.states.has(s.deviceId)) this.states.set(s.deviceId, s);
    for (const a of batch.alarms) if (!this.alarms.has(a.id)) this.alarms.set(a.id, a);
    for (const t of batch.tickets) if (!this.tickets.has(t.id)) this.tickets.set(t.id, t);
    this.telemetry = batch.telemetry.concat(this.telemetry).slice(-this.opts.maxPendingTelemetry);
    this.events = batch.ticketEvents.concat(this.events);
    this.callbacks = callbacks.concat(this.callbacks);
  }

  /** Final flush; nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    this.closed = true;
  }
}
