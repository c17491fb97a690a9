// Tickets: hotline tickets, linked reports, lifecycle events from people, SLA checks and escalation
// (api.md v1.1: not accepted in time, pipeline/escalation.ts; whom it notifies comes from the duty
// roster). Each request
// runs a ticket decision against the open tickets in memory (the authority) and hands the change to
// Effects, which queues, counts and announces it after the commit; requests resolve once committed.
// A ticket whose alarm is still active does not close (the device proves the repair).
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { CreateTicketBody, LinkReportBody, TicketEventBody } from '../contracts/dto';
import { conflict, invalid, notFound } from '../errors';
import type { ActiveAlarms } from '../pipeline/alarm-decisions';
import { checkDispatch } from '../pipeline/dispatch-plan';
import { duplicatesOf, type DuplicateMatch, type ReportAt } from '../pipeline/duplicates';
import { ticketId } from '../pipeline/ids';
import { requeueFor } from '../pipeline/preempt';
import { allowedEvents, OPEN_STATUSES } from '../pipeline/lifecycle';
import { suggestPriority } from '../pipeline/priority';
import { repeatReopens, requireRepairVerified, type RepeatReopen } from '../pipeline/repairs';
import type { SlaPolicy } from '../pipeline/sla';
import { escalationCheck, type EscalationPolicy, type NotifyFor } from '../pipeline/escalation';
import {
  authorizeEvent,
  linkReport,
  manualTicket,
  slaCheck,
  transition,
  type Actor,
  type TicketChange,
} from '../pipeline/ticket-decisions';
import type { TicketBook } from '../state/ticket-book';
import type { Eta, Store, TicketEventRecord, TicketFilter, TicketRecord } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { Effects } from './effects';

export type TicketStore = Pick<Store, 'getTicket' | 'getTimeline' | 'listTickets' | 'countTickets'>;

/** When tickets not accepted escalate, and whom each level notifies at the time (the duty roster). */
export interface Escalation {
  policy: EscalationPolicy;
  notifyFor: NotifyFor;
}

/** Which vans exist (a dispatch must name one). */
export interface VanRegistry {
  has(id: string): boolean;
}

export class TicketService {
  constructor(
    private readonly store: TicketStore,
    private readonly queue: WriteQueue,
    private readonly book: TicketBook,
    private readonly alarms: ActiveAlarms,
    private readonly vans: VanRegistry,
    private readonly effects: Effects,
    private readonly clock: Clock,
    private readonly sla: SlaPolicy,
    private readonly escalation?: Escalation,
  ) {}

  private etaFor?: (t: TicketRecord, vanId: string) => Eta | undefined;

  /** How etaS of a ticket dispatched by hand is estimated (DispatchService.etaFor). */
  estimateWith(etaFor: (t: TicketRecord, vanId: string) => Eta | undefined): void {
    this.etaFor = etaFor;
  }

  async load(): Promise<void> {
    this.book.load(await this.store.listTickets({ status: [...OPEN_STATUSES] }));
  }

  /** Commits `change` (after `first`, in the same batch); answers the changed ticket. */
  private async commit(change: TicketChange, first?: TicketChange): Promise<TicketRecord> {
    this.effects.apply({ tickets: first ? [first, change] : [change] });
    const rejected = await this.queue.committed();
    const refused = [change, ...(first ? [first] : [])].find((c) => rejected.tickets.includes(c.next.id));
    if (refused) {
      throw conflict(
        `ticket ${refused.next.id} changed at the same moment elsewhere (its van or its fault is held by another ticket); reload it and try again`,
      );
    }
    return change.next;
  }

  async createManual(body: z.infer<typeof CreateTicketBody>, by: Actor): Promise<TicketRecord> {
    const priority = body.priority ?? suggestPriority(body.category, body.description);
    return this.commit(manualTicket(body, priority, by, this.clock.now(), this.sla, ticketId));
  }

  /** A further report of the same problem joins this ticket instead of opening a duplicate. */
  async link(id: string, report: z.infer<typeof LinkReportBody>, by: Actor): Promise<TicketRecord> {
    const open = this.book.get(id);
    if (!open) {
      if (await this.find(id)) throw conflict(`ticket ${id} is closed; open a new ticket instead`);
      throw notFound(`ticket ${id}`);
    }
    return this.commit(linkReport(open, report, by, this.clock.now()));
  }

  /** The open tickets a report at this place is a further report of (api.md v1.1 "Duplicates"), nearest first. */
  duplicatesOf(report: ReportAt): DuplicateMatch[] {
    return duplicatesOf(this.book.all(), report);
  }

  private async find(id: string): Promise<TicketRecord | undefined> {
    const open = this.book.get(id);
    if (open) return open;
    await this.queue.flush();
    return this.book.get(id) ?? (await this.store.getTicket(id));
  }

  /** The ticket as of now, open or finished; undefined if there is none. */
  get(id: string): Promise<TicketRecord | undefined> {
    return this.find(id);
  }

  /** A timeline entry that changes nothing else (an attachment added), in any status. */
  async annotate(id: string, type: string, data: Record<string, unknown>, by: string): Promise<TicketRecord> {
    const found = await this.find(id);
    if (!found) throw notFound(`ticket ${id}`);
    const current = this.book.get(id) ?? found;
    const now = this.clock.now();
    const entry: TicketEventRecord = { ticketId: id, at: now, type, by, data };
    return this.commit({ prev: current, next: { ...current, updatedAt: now }, entry });
  }

  async applyEvent(id: string, ev: TicketEventBody, by: Actor): Promise<TicketRecord> {
    const found = await this.find(id);
    if (!found) throw notFound(`ticket ${id}`);
    // Re-read: the ticket may have changed while it was being loaded.
    const current = this.book.get(id) ?? found;
    authorizeEvent(current, ev, by);
    const displaced =
      ev.type === 'dispatch'
        ? checkDispatch(current, ev.vanId, this.vans.has(ev.vanId), this.book.ofVan(ev.vanId), ev.preempt)
        : undefined;
    const now = this.clock.now();
    const change = transition(current, ev, by.username, now, this.sla);
    const eta = ev.type === 'dispatch' ? this.etaFor?.(current, ev.vanId) : undefined;
    if (eta !== undefined) change.next = { ...change.next, ...eta };
    // Only a step the lifecycle allows is then checked against the device (api.md v1.1).
    requireRepairVerified(current, ev, this.alarms);
    // The van's ticket goes back to the queue first, so the van is free when this one takes it.
    if (displaced) return this.commit(change, requeueFor(displaced, current, by.username, now));
    return this.commit(change);
  }

  /**
   * Cancels every ticket of `ids` in one commit (everything one incident explains, say): an unknown
   * ticket is 404, one whose status does not allow `cancel` is 409 naming it, and then none changes.
   */
  async cancelMany(ids: readonly string[], reason: string, by: Actor): Promise<TicketRecord[]> {
    const found = await Promise.all(ids.map(async (id) => this.find(id)));
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length > 0) throw notFound(`ticket ${missing.join(', ')}; nothing was cancelled`);
    const now = this.clock.now();
    const current = found.flatMap((t) => (t ? [this.book.get(t.id) ?? t] : []));
    const refused = current.filter((t) => !allowedEvents(t).includes('cancel'));
    if (refused.length > 0) {
      const which = refused.map((t) => `${t.id} (${t.status})`).join(', ');
      throw conflict(
        `${which} cannot be cancelled; nothing was cancelled — leave them out and try again`,
        'conflict',
        {
          refused: refused.map((t) => t.id),
        },
      );
    }
    const changes = current.map((t) => transition(t, { type: 'cancel', reason }, by.username, now, this.sla));
    this.effects.apply({ tickets: changes });
    const rejected = await this.queue.committed();
    const lost = changes.filter((c) => rejected.tickets.includes(c.next.id)).map((c) => c.next.id);
    if (lost.length > 0)
      throw conflict(
        `ticket ${lost.join(', ')} changed at the same moment elsewhere; reload them and try again`,
      );
    return changes.map((c) => c.next);
  }

  /**
   * Periodic: flags tickets at risk or in breach of their deadlines, and escalates those not accepted
   * in time (in a cluster, only the timekeeper runs it: each ticket escalates once).
   */
  checkSla(): void {
    const now = this.clock.now();
    const changes: TicketChange[] = [];
    const e = this.escalation;
    for (const t of this.book.all()) {
      const c = slaCheck(t, now, this.sla);
      if (c) changes.push(c);
      const up = e && escalationCheck(c?.next ?? t, now, e.policy, e.notifyFor);
      if (up) changes.push(up);
    }
    if (changes.length > 0) this.effects.apply({ tickets: changes });
  }

  async detail(id: string): Promise<{ ticket: TicketRecord; timeline: TicketEventRecord[] } | undefined> {
    const ticket = await this.find(id);
    if (!ticket) return undefined;
    await this.queue.flush(); // the timeline as of now: entries still queued for the store included
    return { ticket, timeline: await this.store.getTimeline(id) };
  }

  /**
   * The repeat-fault reopens since `from`, of any ticket: a ticket reopened since then is open now or
   * finished (closedAt) after it; only those with a repeat count have their timeline read.
   */
  async repeatReopens(from: number): Promise<RepeatReopen[]> {
    await this.queue.flush();
    const finished = await this.store.listTickets({ source: 'alarm', closedFrom: from });
    const candidates = new Map<string, TicketRecord>();
    for (const t of [...finished, ...this.book.all()])
      if ((t.repeatCount ?? 0) > 0 && t.source === 'alarm') candidates.set(t.id, t);
    const each = [...candidates.values()].map(async (t) =>
      repeatReopens(t, await this.store.getTimeline(t.id)),
    );
    return (await Promise.all(each)).flat();
  }

  /** How many tickets the filter matches in all (the whole list, not one page). */
  async count(filter: TicketFilter): Promise<number> {
    await this.queue.flush();
    return this.store.countTickets(filter);
  }

  /** Newest first; `beforeId` (the last ticket of the previous page) continues after that ticket. */
  async list(filter: TicketFilter, beforeId?: string): Promise<TicketRecord[]> {
    await this.queue.flush();
    if (beforeId === undefined) return this.store.listTickets(filter);
    const last = this.book.get(beforeId) ?? (await this.store.getTicket(beforeId));
    if (!last) throw invalid(`before: there is no ticket ${beforeId}`);
    return this.store.listTickets({ ...filter, before: { at: last.createdAt, id: last.id } });
  }
}
