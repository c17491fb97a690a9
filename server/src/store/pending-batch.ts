// What the write queue holds between two commits: the rows of the next WriteBatch (upserts keyed, so
// the newest wins), the events to announce once it is committed, and who waits for that commit.
import type { DomainEventName, DomainEvents } from '../events/bus';
import type {
  AlarmRecord,
  CommitResult,
  DeviceStateRecord,
  TelemetryRecord,
  TicketEventRecord,
  TicketRecord,
  WriteBatch,
} from './store';

export type Announcement = { [K in DomainEventName]: [K, DomainEvents[K]] }[DomainEventName];

export interface AfterCommit {
  announcements: Announcement[];
  waiters: ((rejected: CommitResult) => void)[];
}

/** The alarm or ticket an announcement is about, if any. */
export function subjectOf(a: Announcement): { alarm?: string; ticket?: string } {
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

export class PendingBatch {
  states = new Map<string, DeviceStateRecord>();
  alarms = new Map<string, AlarmRecord>();
  tickets = new Map<string, TicketRecord>();
  telemetry: TelemetryRecord[] = [];
  events: TicketEventRecord[] = [];
  announcements: Announcement[] = [];
  waiters: ((rejected: CommitResult) => void)[] = [];

  isEmpty(): boolean {
    return (
      this.states.size + this.alarms.size + this.tickets.size + this.telemetry.length + this.events.length ===
        0 && this.announcements.length + this.waiters.length === 0
    );
  }

  /** Hands over everything held and starts empty. */
  take(): { batch: WriteBatch; after: AfterCommit } {
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
    return { batch, after };
  }

  /** Puts a failed batch back in front of anything queued since (newer upserts win). */
  /** Puts a failed batch back in front of what came since; returns how many telemetry points it dropped. */
  requeue(batch: WriteBatch, after: AfterCommit, maxTelemetry: number): number {
    for (const s of batch.deviceStates) if (!this.states.has(s.deviceId)) this.states.set(s.deviceId, s);
    for (const a of batch.alarms) if (!this.alarms.has(a.id)) this.alarms.set(a.id, a);
    for (const t of batch.tickets) if (!this.tickets.has(t.id)) this.tickets.set(t.id, t);
    const telemetry = batch.telemetry.concat(this.telemetry);
    const dropped = Math.max(0, telemetry.length - maxTelemetry);
    this.telemetry = dropped > 0 ? telemetry.slice(dropped) : telemetry;
    this.events = batch.ticketEvents.concat(this.events);
    this.announcements = after.announcements.concat(this.announcements);
    this.waiters = after.waiters.concat(this.waiters);
    return dropped;
  }
}
