// Dispatch: the nearest idle van by ETA for each waiting ticket (P1 first, then the oldest), the
// moment a ticket is opened or a van frees; hand dispatch with candidates by ETA; automatic arrival
// within ARRIVE_RADIUS_M. Every decision is synchronous on in-memory state, so two tickets can never
// take the same van.
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { compareQueue, rankCandidates, VanIndex } from '../pipeline/dispatch';
import { haversineM } from '../pipeline/geo';
import { conflict, invalid } from '../errors';
import type { TicketEventRecord, TicketRecord } from '../store/store';
import type { CompoundService } from './compounds';
import type { DeviceRuntime } from './devices';
import { SYSTEM, VAN_BUSY_STATUSES, type TicketService } from './tickets';
import type { VanService, VanStatus } from './vans';

export interface DispatchOptions {
  auto: boolean;
  speedKmh: number;
  arriveRadiusM: number;
}

export interface Candidate {
  vanId: string;
  name: string;
  status: VanStatus;
  distanceM: number;
  etaS: number;
  ticketId?: string;
}

export class DispatchService {
  /** Vans that declined a ticket are not offered it again automatically. */
  private readonly declined = new Map<string, Set<string>>();
  private scheduled = false;
  private readonly lastStatus = new Map<string, VanStatus | undefined>();

  constructor(
    private readonly tickets: TicketService,
    private readonly vans: VanService,
    private readonly compounds: CompoundService,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: DispatchOptions,
  ) {
    tickets.dispatchGuard = (t, vanId) => this.guard(t, vanId);
    tickets.onChange((prev, next, entry) => this.onTicket(prev, next, entry));
  }

  /** Where a ticket's van should drive: its own point, else its compound's centre. */
  location(t: TicketRecord): { lat: number; lng: number } | undefined {
    if (t.lat !== undefined && t.lng !== undefined) return { lat: t.lat, lng: t.lng };
    return t.compoundId === undefined ? undefined : this.compounds.centroid(t.compoundId);
  }

  private guard(t: TicketRecord, vanId: string): void {
    if (!this.vans.has(vanId)) throw invalid(`there is no van '${vanId}'`);
    const holding = this.tickets.ofVan(vanId);
    if (holding && holding.id !== t.id) {
      throw conflict(
        `van ${vanId} is busy with ticket ${holding.id}; free it or choose another van`,
        'van_busy',
      );
    }
  }

  private onTicket(
    prev: TicketRecord | undefined,
    next: TicketRecord,
    entry: TicketEventRecord | undefined,
  ): void {
    if (entry?.type === 'decline' && prev?.vanId) {
      const set = this.declined.get(next.id) ?? new Set<string>();
      this.declined.set(next.id, set.add(prev.vanId));
    }
    if (entry?.type === 'dispatch')
      this.metrics.dispatches.inc({ by: entry.by === SYSTEM.username ? 'auto' : 'person' });
    if (next.status === 'closed' || next.status === 'cancelled') this.declined.delete(next.id);
    if (prev?.vanId !== next.vanId || prev?.status !== next.status) {
      if (prev?.vanId) this.vans.announce(prev.vanId);
      if (next.vanId && next.vanId !== prev?.vanId) this.vans.announce(next.vanId);
    }
    const freed =
      prev?.vanId !== undefined &&
      VAN_BUSY_STATUSES.has(prev.status) &&
      (!VAN_BUSY_STATUSES.has(next.status) || next.vanId !== prev.vanId);
    if (next.status === 'new' || freed) this.schedule();
  }

  /** Runs the assignment loop once the current change has been saved. */
  schedule(): void {
    if (!this.opts.auto || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.run();
    });
  }

  /** Assigns waiting tickets to idle vans until one of the two runs out. */
  run(): void {
    if (!this.opts.auto) return;
    for (;;) {
      const idle = this.vans.all().filter((v) => v.status === 'idle');
      if (idle.length === 0) return;
      const waiting = [...this.tickets.openTickets()].filter((t) => t.status === 'new').sort(compareQueue);
      if (waiting.length === 0) return;
      const index = new VanIndex(idle.map((v) => ({ id: v.rec.id, lat: v.lat ?? 0, lng: v.lng ?? 0 })));
      let assigned = false;
      for (const t of waiting) {
        const at = this.location(t);
        if (!at) continue; // no place to drive to: a dispatcher decides
        const declined = this.declined.get(t.id);
        const [best] = index.nearest(at.lat, at.lng, {
          limit: 1,
          ...(declined && { filter: (id) => !declined.has(id) }),
        });
        if (!best) continue;
        try {
          this.tickets.transition(t, { type: 'dispatch', vanId: best.id }, SYSTEM.username);
          assigned = true;
        } catch (err) {
          this.log.error({ err, ticketId: t.id, vanId: best.id }, 'automatic dispatch failed');
          return;
        }
        break;
      }
      if (!assigned) return;
    }
  }

  /** Every van with a position, nearest by ETA first, with what it is doing now. */
  candidates(t: TicketRecord): Candidate[] {
    const at = this.location(t);
    if (!at)
      throw conflict(`ticket ${t.id} has no location or compound: set one to rank vans`, 'no_location');
    const vans = new Map(
      this.vans
        .all()
        .filter((v) => v.lat !== undefined && v.lng !== undefined)
        .map((v) => [v.rec.id, v]),
    );
    const index = new VanIndex(
      [...vans.values()].map((v) => ({ id: v.rec.id, lat: v.lat ?? 0, lng: v.lng ?? 0 })),
    );
    return rankCandidates(index, at, this.opts.speedKmh, { limit: vans.size }).map((c) => {
      const v = vans.get(c.id);
      return {
        vanId: c.id,
        name: v?.rec.name ?? c.id,
        status: v?.status ?? 'offline',
        distanceM: Math.round(c.distanceM),
        etaS: Math.round(c.etaS),
        ...(v?.ticketId !== undefined && { ticketId: v.ticketId }),
      };
    });
  }

  /** A van message or status change: arrival (on a fix within the radius), the live position. */
  onVanReading(d: DeviceRuntime, reading: boolean): void {
    const id = d.rec.id;
    if (!this.vans.has(id)) return;
    const t = this.tickets.ofVan(id);
    const lat = d.st.state.lat;
    const lng = d.st.state.lng;
    const moving = t?.status === 'accepted' || t?.status === 'en_route';
    if (t && moving && reading && typeof lat === 'number' && typeof lng === 'number') {
      const at = this.location(t);
      if (at && haversineM(lat, lng, at.lat, at.lng) <= this.opts.arriveRadiusM) {
        this.tickets.transition(t, { type: 'arrive' }, SYSTEM.username);
      }
    }
    this.vans.announce(id);
    // A van that has just become idle (came online) may take a waiting ticket.
    const status = this.vans.get(id)?.status;
    if (status !== this.lastStatus.get(id)) {
      this.lastStatus.set(id, status);
      if (status === 'idle') this.schedule();
    }
  }
}
