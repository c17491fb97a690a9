// Dispatch: the dispatch pass (each waiting ticket to the idle van with the shortest road time, P1
// first, then the oldest; the straight line without roads) whenever the queue may have moved;
// candidates by road time for hand dispatch; the ticket's etaS; automatic arrival within ARRIVE_RADIUS_M. The decisions are the pure stages of pipeline/dispatch-plan.ts; every pass
// runs synchronously on the books in memory, so two tickets can never take the same van.
import type { Clock } from '../clock';
import { conflict } from '../errors';
import type { Logger } from '../log';
import { rankCandidates, VanIndex, type VanPoint } from '../pipeline/dispatch';
import { etaSeconds, haversineM } from '../pipeline/geo';
import type { RoadNetwork } from '../roads/types';
import { hasArrived, planDispatch, type LatLng } from '../pipeline/dispatch-plan';
import { jobAhead, moreUrgent, type JobAhead } from '../pipeline/job-estimate';
import type { SlaPolicy } from '../pipeline/sla';
import { SYSTEM, transition } from '../pipeline/ticket-decisions';
import type { TicketBook } from '../state/ticket-book';
import type { Eta, TicketRecord } from '../store/store';
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
  byRoad?: boolean;
  ticketId?: string;
  /** The job the van is on, and when it is expected to be free of it. */
  job?: JobAhead;
  /** Seconds until the van could be here after finishing its job (free in, then the drive on). */
  etaAfterJobS?: number;
  /** True when this ticket is more urgent than the van's job: pulling it off is offered. */
  preempt?: boolean;
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
    private readonly roads?: RoadNetwork,
  ) {}

  /** The van of `vans` with the shortest road time to `at`; undefined without roads or a road joining any. */
  private fastest(vans: readonly VanPoint[], at: LatLng): { id: string; etaS: number } | undefined {
    const roads = this.roads;
    if (!roads || vans.length === 0) return undefined;
    if (roads.fastest) {
      const r = roads.fastest(vans, at);
      return r && { id: vans[r.index]!.id, etaS: r.durationS };
    }
    let best: { id: string; etaS: number; lineM: number } | undefined;
    roads.travelTimes(vans, at).forEach((s, i) => {
      const v = vans[i]!;
      const lineM = haversineM(v.lat, v.lng, at.lat, at.lng);
      if (s !== undefined && (!best || s < best.etaS || (s === best.etaS && lineM < best.lineM)))
        best = { id: v.id, etaS: s, lineM };
    });
    return best && { id: best.id, etaS: best.etaS };
  }

  /** etaS of a ticket dispatched to `vanId` now: road time from where the van is, else the straight line (etaBasis says which). */
  etaFor(t: TicketRecord, vanId: string): Eta | undefined {
    const v = this.vans.get(vanId);
    const at = this.location(t);
    if (!v || v.lat === undefined || v.lng === undefined || !at) return undefined;
    const d = this.drive({ lat: v.lat, lng: v.lng }, at);
    return Number.isFinite(d.s) ? { etaS: Math.round(d.s), etaBasis: d.basis } : undefined;
  }

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
      fastest: (vans, at) => this.fastest(vans, at),
    });
    for (const { ticket, vanId, etaS, distanceM } of plan) {
      try {
        const change = transition(
          ticket,
          { type: 'dispatch', vanId },
          SYSTEM.username,
          this.clock.now(),
          this.sla,
        );
        const eta = etaS ?? etaSeconds(distanceM ?? 0, this.opts.speedKmh);
        if (Number.isFinite(eta))
          change.next = {
            ...change.next,
            etaS: Math.round(eta),
            etaBasis: etaS === undefined ? 'straight' : 'road',
          };
        this.effects.apply({ tickets: [change] });
      } catch (err) {
        this.log.error({ err, ticketId: ticket.id, vanId }, 'automatic dispatch failed');
        return;
      }
    }
  }

  /**
   * Every van with a position, with what it is doing now: those a road joins to the ticket first, by
   * road time (ties: the straight line), then the others by straight line.
   */
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
    const straight = rankCandidates(index, at, this.opts.speedKmh, { limit: vans.size });
    const points = straight.map((c) => ({ lat: vans.get(c.id)?.lat ?? 0, lng: vans.get(c.id)?.lng ?? 0 }));
    const road = this.roads && roadTravel(this.roads, points, at);
    const ranked = straight.map((c, i) => {
      const r = road?.[i];
      return r
        ? { id: c.id, etaS: r.durationS, distanceM: r.distanceM ?? c.distanceM, byRoad: true }
        : { id: c.id, etaS: c.etaS, distanceM: c.distanceM, byRoad: false };
    });
    // straight is nearest first, and the sort is stable: equal road times keep the straight-line order
    ranked.sort((a, b) => Number(b.byRoad) - Number(a.byRoad) || (a.byRoad ? a.etaS - b.etaS : 0));
    const now = this.clock.now();
    const out: Candidate[] = ranked.map((c) => {
      const v = vans.get(c.id);
      const job = this.tickets.ofVan(c.id);
      const ahead = job && job.id !== t.id ? this.ahead(job, v, at, now) : undefined;
      return {
        vanId: c.id,
        name: v?.rec.name ?? c.id,
        status: v?.status ?? 'offline',
        distanceM: Math.round(c.distanceM),
        etaS: Math.round(c.etaS),
        ...(this.roads && { byRoad: c.byRoad }),
        ...(v?.ticketId !== undefined && { ticketId: v.ticketId }),
        ...(ahead && {
          job: ahead.job,
          etaAfterJobS: ahead.etaAfterJobS,
          preempt: moreUrgent(t.priority, ahead.job.priority),
        }),
      };
    });
    // Free vans first, then busy ones by when they could be here; offline ones last (stable sort).
    const rank = (c: Candidate) => (c.status === 'offline' ? 2 : c.job ? 1 : 0);
    return out.sort(
      (a, b) => rank(a) - rank(b) || (a.job && b.job ? (a.etaAfterJobS ?? 0) - (b.etaAfterJobS ?? 0) : 0),
    );
  }

  /** The rest of a van's job and, after it, the drive from that job's site to `at`. */
  private ahead(
    job: TicketRecord,
    v: { lat?: number; lng?: number } | undefined,
    at: LatLng,
    now: number,
  ): { job: JobAhead; etaAfterJobS: number } {
    const site = this.location(job);
    const here = v?.lat !== undefined && v.lng !== undefined ? { lat: v.lat, lng: v.lng } : undefined;
    const toJob = site && here ? this.drive(here, site).s : undefined;
    const ahead = jobAhead(job, now, toJob);
    const from = site ?? here;
    const on = from ? this.drive(from, at).s : 0;
    return { job: ahead, etaAfterJobS: Math.round(ahead.freeInS + on) };
  }

  /** Seconds from `a` to `b`: by road where a road joins them, else the straight-line estimate. */
  private drive(a: LatLng, b: LatLng): { s: number; basis: Eta['etaBasis'] } {
    const road = this.roads?.travelTimes([a], b)[0];
    if (road !== undefined) return { s: road, basis: 'road' };
    return { s: etaSeconds(haversineM(a.lat, a.lng, b.lat, b.lng), this.opts.speedKmh), basis: 'straight' };
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

/** Road time (and distance, where the network tells it) from each point to `at`. */
function roadTravel(
  roads: RoadNetwork,
  points: readonly LatLng[],
  at: LatLng,
): ({ durationS: number; distanceM?: number } | undefined)[] {
  if (roads.travel) return roads.travel(points, at);
  return roads.travelTimes(points, at).map((s) => (s === undefined ? undefined : { durationS: s }));
}
