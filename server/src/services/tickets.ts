// Tickets: alarm tickets (one open per device+rule), hand-opened tickets, lifecycle events, SLA.
// Open tickets live in memory (the authority for decisions); every change is queued for the group
// commit and announced only after it is committed. Listeners (dispatch) hear every change at once.
import type { CreateTicketBody, LinkReportBody, TicketEventBody } from '../contracts/dto';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import { conflict, forbidden, notFound } from '../errors';
import type { Metrics } from '../metrics';
import { ticketId } from '../pipeline/ids';
import { applyTicketEvent, isOpen, OPEN_STATUSES } from '../pipeline/lifecycle';
import { suggestPriority } from '../pipeline/priority';
import { callbackDue, evaluateSla, slaDeadlines, type SlaPolicy } from '../pipeline/sla';
import type {
  AlarmRecord,
  Priority,
  Store,
  TicketFilter,
  TicketEventRecord,
  TicketRecord,
} from '../store/store';
import type { DeviceRuntime } from './devices';
import type { WriteQueue } from '../store/write-queue';

/** What a technician may do to their own van's ticket; the rest is the dispatcher's. */
const TECHNICIAN_EVENTS = new Set<TicketEventBody['type']>([
  'accept',
  'decline',
  'depart',
  'arrive',
  'resolve',
  'note',
]);
/** Statuses in which a ticket holds its van. */
export const VAN_BUSY_STATUSES = new Set<TicketRecord['status']>([
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
]);

const alarmKey = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export interface Actor {
  username: string;
  role: string;
  vanId?: string;
}
export const SYSTEM: Actor = { username: 'system', role: 'admin' };

export type TicketListener = (
  prev: TicketRecord | undefined,
  next: TicketRecord,
  entry: TicketEventRecord | undefined,
) => void;

export class TicketService {
  private readonly open = new Map<string, TicketRecord>();
  private readonly byAlarm = new Map<string, string>();
  private readonly byVan = new Map<string, string>();
  private readonly listeners: TicketListener[] = [];
  /** Set by dispatch: throws when a ticket may not go to that van. */
  dispatchGuard: (t: TicketRecord, vanId: string) => void = () => undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly sla: SlaPolicy,
  ) {}

  async load(): Promise<void> {
    for (const t of await this.store.listTickets({ status: [...OPEN_STATUSES] })) this.remember(undefined, t);
  }

  onChange(fn: TicketListener): void {
    this.listeners.push(fn);
  }

  private remember(prev: TicketRecord | undefined, t: TicketRecord): void {
    if (isOpen(t.status)) this.open.set(t.id, t);
    else this.open.delete(t.id);
    if (prev?.vanId && this.byVan.get(prev.vanId) === t.id) this.byVan.delete(prev.vanId);
    if (t.vanId && VAN_BUSY_STATUSES.has(t.status)) this.byVan.set(t.vanId, t.id);
    if (t.source !== 'alarm' || !t.deviceId || !t.alarmRule) return;
    const key = alarmKey(t.deviceId, t.alarmRule);
    if (isOpen(t.status)) this.byAlarm.set(key, t.id);
    else if (this.byAlarm.get(key) === t.id) this.byAlarm.delete(key);
  }

  private save(prev: TicketRecord | undefined, t: TicketRecord, entry: TicketEventRecord | undefined): void {
    this.remember(prev, t);
    this.queue.putTicket(t);
    if (entry) this.queue.addTicketEvent(entry);
    const event = prev ? 'ticket:updated' : 'ticket:created';
    this.queue.afterCommit(() => this.bus.emit(event, t));
    if (entry?.type === 'dispatch') this.queue.afterCommit(() => this.bus.emit('ticket:assigned', t));
    const lostVan = prev?.vanId !== undefined && prev.vanId !== t.vanId ? prev.vanId : undefined;
    if (lostVan)
      this.queue.afterCommit(() => this.bus.emit('ticket:unassigned', { ticket: t, vanId: lostVan }));
    for (const fn of this.listeners) fn(prev, t, entry);
  }

  /** Synchronous: the open ticket for this device+rule gets the alarm on its timeline, else a new one. */
  openForAlarm(alarm: AlarmRecord, device: DeviceRuntime, priority: Priority): TicketRecord {
    const now = alarm.raisedAt;
    const existingId = this.byAlarm.get(alarmKey(alarm.deviceId, alarm.rule));
    const existing = existingId === undefined ? undefined : this.open.get(existingId);
    const data = { alarmId: alarm.id, rule: alarm.rule, severity: alarm.severity, value: alarm.lastValue };
    const by = `device:${alarm.deviceId}`;
    if (existing) {
      const t = { ...existing, updatedAt: now };
      this.save(existing, t, { ticketId: t.id, at: now, type: 'alarm_raised', by, data });
      return t;
    }
    const rule = device.type.rules.find((r) => r.id === alarm.rule);
    const t: TicketRecord = {
      id: ticketId(now),
      status: 'new',
      priority,
      source: 'alarm',
      category: device.type.def.category,
      description: `${device.type.def.label.zh} ${device.rec.name ?? device.rec.id}：${rule?.label.zh ?? alarm.rule}`,
      deviceId: device.rec.id,
      alarmRule: alarm.rule,
      createdAt: now,
      updatedAt: now,
      ...slaDeadlines(priority, now, this.sla),
      ...(device.rec.compoundId !== undefined && { compoundId: device.rec.compoundId }),
      ...(device.rec.lat !== undefined && { lat: device.rec.lat }),
      ...(device.rec.lng !== undefined && { lng: device.rec.lng }),
    };
    this.metrics.ticketsOpened.inc({ source: 'alarm', priority });
    this.save(undefined, t, { ticketId: t.id, at: now, type: 'created', by, data });
    return t;
  }

  /** An alarm clearing is written to its ticket's timeline (if the ticket is still open). */
  alarmCleared(alarm: AlarmRecord): void {
    const open = alarm.ticketId === undefined ? undefined : this.open.get(alarm.ticketId);
    if (!open || alarm.clearedAt === undefined) return;
    const t = { ...open, updatedAt: alarm.clearedAt };
    const data = { alarmId: alarm.id, rule: alarm.rule, count: alarm.count };
    this.save(open, t, {
      ticketId: t.id,
      at: alarm.clearedAt,
      type: 'alarm_cleared',
      by: `device:${alarm.deviceId}`,
      data,
    });
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
      ...slaDeadlines(priority, now, this.sla),
    };
    this.metrics.ticketsOpened.inc({ source, priority });
    const suggested = body.priority === undefined;
    this.save(undefined, t, {
      ticketId: t.id,
      at: now,
      type: 'created',
      by: by.username,
      data: { priority, suggested },
    });
    await this.queue.committed();
    return t;
  }

  /** A further report of the same problem joins this ticket instead of opening a duplicate. */
  async link(id: string, report: z.infer<typeof LinkReportBody>, by: Actor): Promise<TicketRecord> {
    const current = this.open.get(id);
    if (!current) {
      if (await this.find(id)) throw conflict(`ticket ${id} is closed; open a new ticket instead`);
      throw notFound(`ticket ${id}`);
    }
    const now = this.clock.now();
    const t: TicketRecord = { ...current, updatedAt: now };
    if (!t.reporter && report.reporter) t.reporter = report.reporter;
    this.save(current, t, { ticketId: id, at: now, type: 'link', by: by.username, data: { ...report } });
    await this.queue.committed();
    return t;
  }

  private async find(id: string): Promise<TicketRecord | undefined> {
    const open = this.open.get(id);
    if (open) return open;
    await this.queue.flush();
    return this.open.get(id) ?? (await this.store.getTicket(id));
  }

  async applyEvent(id: string, ev: TicketEventBody, by: Actor): Promise<TicketRecord> {
    const current = await this.find(id);
    if (!current) throw notFound(`ticket ${id}`);
    if (by.role === 'technician') {
      if (current.vanId !== by.vanId) throw forbidden(`ticket ${id} is not assigned to your van`);
      if (!TECHNICIAN_EVENTS.has(ev.type)) {
        throw forbidden(`a technician may not '${ev.type}' a ticket; ask the dispatcher`);
      }
    }
    // Re-read: the ticket may have changed while it was being loaded.
    const next = this.transition(this.open.get(id) ?? current, ev, by.username);
    await this.queue.committed();
    return next;
  }

  /** Synchronous lifecycle step (people and the system alike): checks, applies, saves. */
  transition(current: TicketRecord, ev: TicketEventBody, by: string): TicketRecord {
    if (ev.type === 'dispatch') this.dispatchGuard(current, ev.vanId);
    const now = this.clock.now();
    const res = applyTicketEvent(current, ev, by, now);
    if (!res.ok) throw conflict(res.message, 'conflict', { allowed: res.allowed });
    let t = res.ticket;
    if (ev.type === 'resolve' && t.reporter) t = { ...t, callbackBy: callbackDue(now, this.sla) };
    if (ev.type === 'reopen') {
      // A reopened ticket is a fresh promise to the resident; earlier breaches stay on record.
      const { callbackBy: _c, slaStatus: _s, ...rest } = t;
      t = { ...rest, ...slaDeadlines(t.priority, now, this.sla) };
    }
    t = this.withSla(t, now);
    this.save(current, t, res.entry);
    return t;
  }

  /** The ticket with its SLA flags as of now (breaches already recorded stay). */
  private withSla(t: TicketRecord, now: number): TicketRecord {
    const { slaStatus: _s, slaBreaches: _b, ...rest } = t;
    return { ...rest, ...evaluateSla(t, now, this.sla) };
  }

  /** Periodic: flags tickets at risk or in breach of their deadlines. */
  checkSla(): void {
    const now = this.clock.now();
    for (const t of [...this.open.values()]) {
      const next = this.withSla(t, now);
      const before = t.slaBreaches ?? [];
      const after = next.slaBreaches ?? [];
      if (next.slaStatus === t.slaStatus && after.length === before.length) continue;
      next.updatedAt = now;
      for (const d of after.slice(before.length))
        this.metrics.slaBreaches.inc({ deadline: d, priority: t.priority });
      const entry =
        after.length > before.length
          ? {
              ticketId: t.id,
              at: now,
              type: 'sla_breached',
              by: 'system',
              data: { deadlines: after.slice(before.length) },
            }
          : undefined;
      this.save(t, next, entry);
    }
  }

  get(id: string): TicketRecord | undefined {
    return this.open.get(id);
  }
  /** The ticket holding this van now, if any. */
  ofVan(vanId: string): TicketRecord | undefined {
    const id = this.byVan.get(vanId);
    return id === undefined ? undefined : this.open.get(id);
  }
  openTickets(): IterableIterator<TicketRecord> {
    return this.open.values();
  }

  async detail(id: string): Promise<{ ticket: TicketRecord; timeline: TicketEventRecord[] } | undefined> {
    const ticket = await this.find(id);
    if (!ticket) return undefined;
    await this.queue.flush(); // the timeline as of now: entries still queued for the store included
    return { ticket, timeline: await this.store.getTimeline(id) };
  }

  async list(filter: TicketFilter): Promise<TicketRecord[]> {
    await this.queue.flush();
    return this.store.listTickets(filter);
  }
}
