// Tickets: alarm tickets (one open per device+rule), hotline tickets, and lifecycle events.
// Open tickets live in memory (the authority for decisions); every change is queued for the group
// commit and announced only after it is committed.
import type { CreateTicketBody, TicketEventBody } from '../contracts/dto';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import { HttpError, notFound } from '../http/errors';
import type { Metrics } from '../metrics';
import { ticketId } from '../pipeline/ids';
import { applyTicketEvent, isOpen, OPEN_STATUSES } from '../pipeline/lifecycle';
import { suggestPriority } from '../pipeline/priority';
import { slaDeadlines } from '../pipeline/sla';
import type {
  AlarmRecord,
  Priority,
  Store,
  TicketFilter,
  TicketEventRecord,
  TicketRecord,
} from '../store/store';
import type { DeviceRuntime } from './devices';
import type { WriteQueue } from './write-queue';

/** What a technician may do to their own van's ticket; the rest is the dispatcher's. */
const TECHNICIAN_EVENTS = new Set<TicketEventBody['type']>([
  'accept',
  'decline',
  'depart',
  'arrive',
  'resolve',
  'note',
]);

const alarmKey = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export interface Actor {
  username: string;
  role: string;
  vanId?: string;
}

export class TicketService {
  private readonly open = new Map<string, TicketRecord>();
  private readonly byAlarm = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    for (const t of await this.store.listTickets({ status: [...OPEN_STATUSES] })) this.remember(t);
  }

  private remember(t: TicketRecord): void {
    if (isOpen(t.status)) this.open.set(t.id, t);
    else this.open.delete(t.id);
    if (t.source !== 'alarm' || !t.deviceId || !t.alarmRule) return;
    const key = alarmKey(t.deviceId, t.alarmRule);
    if (isOpen(t.status)) this.byAlarm.set(key, t.id);
    else if (this.byAlarm.get(key) === t.id) this.byAlarm.delete(key);
  }

  private save(
    t: TicketRecord,
    entry: TicketEventRecord | undefined,
    event: 'ticket:created' | 'ticket:updated',
  ): void {
    this.remember(t);
    this.queue.putTicket(t);
    if (entry) this.queue.addTicketEvent(entry);
    this.queue.afterCommit(() => this.bus.emit(event, t));
  }

  /** Synchronous: the open ticket for this device+rule gets the alarm on its timeline, else a new one. */
  openForAlarm(alarm: AlarmRecord, device: DeviceRuntime, priority: Priority): TicketRecord {
    const now = alarm.raisedAt;
    const existingId = this.byAlarm.get(alarmKey(alarm.deviceId, alarm.rule));
    const existing = existingId === undefined ? undefined : this.open.get(existingId);
    const entryData = {
      alarmId: alarm.id,
      rule: alarm.rule,
      severity: alarm.severity,
      value: alarm.lastValue,
    };
    if (existing) {
      const t = { ...existing, updatedAt: now };
      this.save(
        t,
        { ticketId: t.id, at: now, type: 'alarm_raised', by: `device:${alarm.deviceId}`, data: entryData },
        'ticket:updated',
      );
      return t;
    }
    const rule = device.type.rules.find((r) => r.id === alarm.rule);
    const name = device.rec.name ?? device.rec.id;
    const t: TicketRecord = {
      id: ticketId(now),
      status: 'new',
      priority,
      source: 'alarm',
      category: device.type.def.category,
      description: `${device.type.def.label.zh} ${name}：${rule?.label.zh ?? alarm.rule}`,
      deviceId: device.rec.id,
      alarmRule: alarm.rule,
      createdAt: now,
      updatedAt: now,
      ...slaDeadlines(priority, now),
      ...(device.rec.compoundId !== undefined && { compoundId: device.rec.compoundId }),
      ...(device.rec.lat !== undefined && { lat: device.rec.lat }),
      ...(device.rec.lng !== undefined && { lng: device.rec.lng }),
    };
    this.metrics.ticketsOpened.inc({ source: 'alarm', priority });
    this.save(
      t,
      { ticketId: t.id, at: now, type: 'created', by: `device:${alarm.deviceId}`, data: entryData },
      'ticket:created',
    );
    return t;
  }

  /** An alarm clearing is written to its ticket's timeline (if the ticket is still open). */
  alarmCleared(alarm: AlarmRecord): void {
    if (!alarm.ticketId) return;
    const open = this.open.get(alarm.ticketId);
    if (!open || alarm.clearedAt === undefined) return;
    const t = { ...open, updatedAt: alarm.clearedAt };
    const data = { alarmId: alarm.id, rule: alarm.rule, count: alarm.count };
    this.save(
      t,
      { ticketId: t.id, at: alarm.clearedAt, type: 'alarm_cleared', by: `device:${alarm.deviceId}`, data },
      'ticket:updated',
    );
  }

  async createManual(body: z.infer<typeof CreateTicketBody>, by: Actor): Promise<TicketRecord> {
    const now = this.clock.now();
    const priority = body.priority ?? suggestPriority(body.category, body.description);
    const { source, ...rest } = body;
    const t: TicketRecord = {
      ...rest,
      id: ticketId(now),
      status: 'new',
      priority,
      source,
      createdAt: now,
      updatedAt: now,
      ...slaDeadlines(priority, now),
    };
    this.metrics.ticketsOpened.inc({ source, priority });
    this.save(
      t,
      { ticketId: t.id, at: now, type: 'created', by: by.username, data: { priority } },
      'ticket:created',
    );
    await this.queue.committed();
    return t;
  }

  async applyEvent(id: string, ev: TicketEventBody, by: Actor): Promise<TicketRecord> {
    let current = this.open.get(id);
    if (!current) {
      await this.queue.flush();
      const stored = await this.store.getTicket(id);
      if (!stored) throw notFound(`ticket ${id}`);
      current = this.open.get(id) ?? stored; // it may have been loaded while we waited
    }
    if (by.role === 'technician') {
      if (current.vanId !== by.vanId)
        throw new HttpError(403, 'forbidden', `ticket ${id} is not assigned to your van`);
      if (!TECHNICIAN_EVENTS.has(ev.type)) {
        throw new HttpError(
          403,
          'forbidden',
          `a technician may not '${ev.type}' a ticket; ask the dispatcher`,
        );
      }
    }
    if (['dispatch', 'accept', 'decline', 'depart', 'arrive', 'resolve'].includes(ev.type)) {
      throw new HttpError(
        409,
        'dispatch_unavailable',
        `'${ev.type}' needs van dispatch, which this server does not run yet`,
      );
    }
    const res = applyTicketEvent(current, ev, by.username, this.clock.now());
    if (!res.ok) throw new HttpError(409, 'conflict', res.message, { allowed: res.allowed });
    this.save(res.ticket, res.entry, 'ticket:updated');
    await this.queue.committed();
    return res.ticket;
  }

  openTickets(): IterableIterator<TicketRecord> {
    return this.open.values();
  }

  async get(id: string): Promise<{ ticket: TicketRecord; timeline: TicketEventRecord[] } | undefined> {
    await this.queue.flush();
    const ticket = this.open.get(id) ?? (await this.store.getTicket(id));
    if (!ticket) return undefined;
    return { ticket, timeline: await this.store.getTimeline(id) };
  }

  async list(filter: TicketFilter): Promise<TicketRecord[]> {
    await this.queue.flush();
    return this.store.listTickets(filter);
  }
}
