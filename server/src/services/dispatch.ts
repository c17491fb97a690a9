// Dispatch: the dispatch pass (each waiting ticket to the nearest idle van by ETA, P1 first, then the
// oldest) whenever the queue may have moved; candidates by ETA for hand dispatch; automatic arrival
// within ARRIVE_RADIUS_M. The decisions are the pure stages of pipeline/dispatch-plan.ts; every pass
// runs synchronously on the books in memory, so two tickets can never take the same van.
import type { Clock } from '../clock';
import { conflict } from '../errors';
import type { Logger } from '../log';
import { rankCandidates, VanIndex } from '../pipeline/dispatch';
import { hasArrived, planDispatch, type LatLng } from '../pipeline/dispatch-plan';
import type { SlaPolicy } from '../pipeline/sla';
import { SYSTEM, transition } from '../pipeline/ticket-decisions';
import type { TicketBook } from '../state/ticket-book';
import type { TicketRecord } from '../store/store';
import type { CompoundService } from './compounds';
import type { DeviceRuntime } from './devices';
import type { Effects } from './effects';
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

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export class DispatchService {
  private readonly lastStatus = new Map<string, VanStatus | undefined>();

  constructor(
    private readonly tickets: TicketBook,
    private readonly vans: VanService,
    private readonly compounds: Pick<CompoundService, 'centroid'>,
    private readonly effects: Effects,
    private readonly clock: Clock,
    private readonly sla: SlaPolicy,
    private readonly log: Logger,
    private readonly opts: DispatchOptions,
  ) {}

  /** Where a ticket's van should drive: its own point, else its compound's centre. */
  location(t: TicketRecord): LatLng | undefined {
    if (t.lat !== undefined && t.lng !== undefined) return { lat: t.lat, lng: t.lng };
    return t.compoundId === undefined ? undefined : this.compounds.centroid(t.compoundId);
  }

  /** The dispatch pass: assigns waiting tickets to idle vans until one of the two runs out. */
  run(): void {
    if (!this.opts.auto) return;
    const idle = this.vans
      .all()
      .filter((v) => v.status === 'idle')
      .map((v) => ({ id: v.rec.id, lat: v.lat ?? 0, lng: v.lng ?? 0 }));
    const plan = planDispatch({
      idle,
      tickets: this.tickets.all(),
      locate: (t) => this.location(t),
      declined: (id) => this.tickets.declinedBy(id),
    });
    for (const { ticket, vanId } of plan) {
      try {
        const change = transition(
          ticket,
          { type: 'dispatch', vanId },
          SYSTEM.username,
          this.clock.now(),
          this.sla,
        );
        this.effects.apply({ tickets: [change] });
      } catch (err) {
        this.log.error({ err, ticketId: ticket.id, vanId }, 'automatic dispatch failed');
        return;
      }
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
    const lat = num(d.st.state.lat);
    const lng = num(d.st.state.lng);
    if (
      t &&
      reading &&
      lat !== undefined &&
      lng !== undefined &&
      hasArrived(t, { lat, lng }, this.location(t), this.opts.arriveRadiusM)
    ) {
      const change = transition(t, { type: 'arrive' }, SYSTEM.username, this.clock.now(), this.sla);
      this.effects.apply({ tickets: [change], moved: [id] });
    } else {
      this.effects.apply({ moved: [id] });
    }
    // A van that has just become idle (came online) may take a waiting ticket.
    const status = this.vans.get(id)?.status;
    if (status !== this.lastStatus.get(id)) {
      this.lastStatus.set(id, status);
      if (status === 'idle') this.effects.requestDispatch();
    }
  }
}
