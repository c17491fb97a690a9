// The open tickets in memory: the authority the ticket and dispatch decisions read — by id, by fault
// (device + rule), by the van they hold — and which vans declined each; beside them, the last finished
// ticket of each fault (a repeat fault reopens it). Loaded from the store at start; changed by
// services/effects.ts as each decision is applied, and put right from the store by
// services/reconcile.ts when a commit left one of its rows out (cluster/sync.ts: another node's change).
import { VAN_BUSY_STATUSES } from '../pipeline/dispatch-plan';
import { isOpen } from '../pipeline/lifecycle';
import type { TicketChange } from '../pipeline/ticket-decisions';
import type { TicketRecord } from '../store/store';
import { ClosedFaults } from './closed-faults';

const faultKey = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export class TicketBook {
  private readonly open = new Map<string, TicketRecord>();
  private readonly byFault = new Map<string, string>();
  private readonly byVan = new Map<string, string>();
  private readonly declined = new Map<string, Set<string>>();
  /** The last closed or cancelled alarm ticket of each fault. */
  readonly closed = new ClosedFaults();

  load(open: Iterable<TicketRecord>): void {
    for (const t of open) this.remember(undefined, t);
  }

  /** The alarm tickets closed within the repeat window (at start). */
  loadClosed(closed: Iterable<TicketRecord>): void {
    for (const t of closed) this.closed.note(t);
  }

  apply(c: TicketChange): void {
    const { prev, next, entry } = c;
    if (entry?.type === 'decline' && prev?.vanId) {
      const set = this.declined.get(next.id) ?? new Set<string>();
      this.declined.set(next.id, set.add(prev.vanId));
    }
    if (!isOpen(next.status)) this.declined.delete(next.id);
    this.remember(prev, next);
  }

  /**
   * What the store holds for a ticket replaces what this node believed (a commit left a row out, or
   * another node changed it): `stored` undefined means the ticket does not exist; a closed or
   * cancelled one leaves the open tickets.
   */
  restore(id: string, stored: TicketRecord | undefined): void {
    const held = this.open.get(id);
    if (held) {
      this.open.delete(id);
      if (held.vanId && this.byVan.get(held.vanId) === id) this.byVan.delete(held.vanId);
      if (held.deviceId && held.alarmRule) {
        const key = faultKey(held.deviceId, held.alarmRule);
        if (this.byFault.get(key) === id) this.byFault.delete(key);
      }
    }
    if (stored) this.remember(undefined, stored);
    if (!stored || !isOpen(stored.status)) this.declined.delete(id);
  }

  private remember(prev: TicketRecord | undefined, t: TicketRecord): void {
    this.closed.note(t);
    if (isOpen(t.status)) this.open.set(t.id, t);
    else this.open.delete(t.id);
    if (prev?.vanId && this.byVan.get(prev.vanId) === t.id) this.byVan.delete(prev.vanId);
    if (t.vanId && VAN_BUSY_STATUSES.has(t.status)) this.byVan.set(t.vanId, t.id);
    if (t.source !== 'alarm' || !t.deviceId || !t.alarmRule) return;
    const key = faultKey(t.deviceId, t.alarmRule);
    if (isOpen(t.status)) this.byFault.set(key, t.id);
    else if (this.byFault.get(key) === t.id) this.byFault.delete(key);
  }

  get(id: string): TicketRecord | undefined {
    return this.open.get(id);
  }
  /** The open ticket of a device's fault (one per device and rule). */
  forFault(deviceId: string, rule: string): TicketRecord | undefined {
    const id = this.byFault.get(faultKey(deviceId, rule));
    return id === undefined ? undefined : this.open.get(id);
  }
  /** The ticket holding this van now, if any. */
  ofVan(vanId: string): TicketRecord | undefined {
    const id = this.byVan.get(vanId);
    return id === undefined ? undefined : this.open.get(id);
  }
  declinedBy(ticketId: string): ReadonlySet<string> | undefined {
    return this.declined.get(ticketId);
  }
  all(): IterableIterator<TicketRecord> {
    return this.open.values();
  }
}
