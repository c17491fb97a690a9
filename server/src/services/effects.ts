// The one place where decisions take effect: each alarm and ticket change updates the in-memory
// books, is queued for the group commit, counted, and announced after that commit (alarms, tickets,
// the technicians' assignment, vans whose status or position changed). A change after which the
// queue may move requests the dispatch pass.
import { SlaDeadlineSchema, type VanPosition } from '../contracts/dto';
import type { SlaDeadline } from '../store/store';
import type { Metrics } from '../metrics';
import type { AlarmChange } from '../pipeline/alarm-decisions';
import { withdrawnFrom } from '../pipeline/preempt';
import { needsDispatchPass, vansTouched } from '../pipeline/dispatch-plan';
import { escalatedLevel, escalatedNotify } from '../pipeline/escalation';
import { SYSTEM, type TicketChange } from '../pipeline/ticket-decisions';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { WriteQueue } from '../store/write-queue';
import type { Pass } from './pass';

export interface Outcome {
  alarms?: readonly AlarmChange[];
  tickets?: readonly TicketChange[];
  /** Vans that moved: their position is announced once their state is committed. */
  moved?: readonly string[];
}

/** A van's live position and status as announced (`van:position`). */
export interface VanPositions {
  position(id: string): VanPosition | undefined;
}

export class Effects {
  private durable = 0;

  constructor(
    private readonly queue: WriteQueue,
    private readonly alarms: AlarmBook,
    private readonly tickets: TicketBook,
    private readonly vans: VanPositions,
    private readonly metrics: Metrics,
    private readonly dispatchPass: Pass,
  ) {}

  /**
   * How many alarm and ticket changes that commit at once (every change but an alarm's repeat) were
   * applied so far: ingest compares it around a message to learn whether the message changed one.
   */
  get durableChanges(): number {
    return this.durable;
  }

  apply(o: Outcome): void {
    for (const c of o.alarms ?? []) this.alarm(c);
    let pass = false;
    const vans = new Set(o.moved);
    for (const c of o.tickets ?? []) {
      this.ticket(c);
      pass ||= needsDispatchPass(c.prev, c.next);
      for (const id of vansTouched(c.prev, c.next)) vans.add(id);
    }
    // Urgent, like the alarms: a van's fix waiting for the telemetry window added its 25 ms to the
    // consoles' end-to-end latency (docs/benchmarks.md, fan-out).
    for (const id of vans) this.announceVan(id);
    if (pass) this.dispatchPass.request();
  }

  /** The queue may move for a reason outside a ticket change (a van came online idle). */
  requestDispatch(): void {
    this.dispatchPass.request();
  }

  private alarm(c: AlarmChange): void {
    const a = c.alarm;
    this.alarms.apply(c);
    // A repeat only counts and refreshes the last value: it rides the telemetry window.
    const urgent = c.kind !== 'repeated';
    if (urgent) this.durable++;
    this.queue.putAlarm(a, urgent);
    switch (c.kind) {
      case 'raised':
        this.metrics.alarmsRaised.inc({ rule: a.rule, severity: a.severity });
        return this.queue.announce('alarm:raised', a);
      case 'repeated':
      case 'acked':
      case 'updated':
        return this.queue.announce('alarm:updated', a, urgent);
      case 'cleared':
        this.metrics.alarmsCleared.inc({ rule: a.rule });
        return this.queue.announce('alarm:cleared', a);
    }
  }

  private ticket(change: TicketChange): void {
    // One revision above what this node knew: a node that knew less is refused by the store.
    const known = Math.max(change.prev?.rev ?? 0, this.tickets.get(change.next.id)?.rev ?? 0);
    const c = { ...change, next: { ...change.next, rev: known + 1 } };
    const { prev, next, before, entry } = c;
    this.tickets.apply(c);
    this.durable++;
    this.queue.putTicket(next);
    if (before) this.queue.addTicketEvent(before);
    if (entry) this.queue.addTicketEvent(entry);
    if (!prev) this.metrics.ticketsOpened.inc({ source: next.source, priority: next.priority });
    this.queue.announce(prev ? 'ticket:updated' : 'ticket:created', next);
    if (entry?.type === 'dispatch') {
      this.metrics.dispatches.inc({ by: entry.by === SYSTEM.username ? 'auto' : 'person' });
      this.queue.announce('ticket:assigned', next);
    }
    // The van it left (or that was working on it when it was cancelled): its technicians are told.
    const withdrawn = withdrawnFrom(prev, next, entry?.type);
    if (withdrawn) this.queue.announce('ticket:unassigned', { ticket: next, ...withdrawn });
    else if (prev?.vanId !== undefined && prev.vanId !== next.vanId)
      this.queue.announce('ticket:unassigned', { ticket: next, vanId: prev.vanId });
    if (entry?.type === 'sla_breached') {
      const raw = entry.data.deadlines;
      const deadlines = (Array.isArray(raw) ? raw : []).filter(isSlaDeadline);
      for (const d of deadlines) this.metrics.slaBreaches.inc({ deadline: d, priority: next.priority });
      this.queue.announce('ticket:sla_breached', { ticket: next, deadlines });
    }
    const level = escalatedLevel(entry);
    if (entry && level !== undefined) {
      this.metrics.escalations.inc({ level: String(level), priority: next.priority });
      this.queue.announce('ticket:escalated', { ticket: next, level, notify: escalatedNotify(entry) });
    }
  }

  private announceVan(id: string): void {
    const p = this.vans.position(id);
    if (p) this.queue.announce('van:position', p);
  }
}

const isSlaDeadline = (d: unknown): d is SlaDeadline => SlaDeadlineSchema.safeParse(d).success;
