// The dusk sweep (docs/operations.md "Dusk sweep"): DUSK_SWEEP_AFTER_MIN after sunset at the depot,
// the lamps found dark become ONE night-patrol ticket whose timeline holds the visiting order by
// road time from the depot. Once per night: the ticket's id is the night's (pipeline/dusk-sweep.ts),
// so neither a second pass nor a restart makes another; in a cluster only the timekeeper runs it.
// The decisions are pure (pipeline/dusk-sweep.ts, pipeline/patrol-order.ts); this is their I/O.
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import type { Logger } from '../log';
import {
  centreOf,
  DARK_RULES,
  darkLamps,
  nightPatrolTicket,
  patrolStops,
  sweepDue,
  sweepTicketId,
  type LampView,
  type PatrolStart,
} from '../pipeline/dusk-sweep';
import { matrixCost, patrolOrder, travelMatrix } from '../pipeline/patrol-order';
import type { SlaPolicy } from '../pipeline/sla';
import type { TicketChange } from '../pipeline/ticket-decisions';
import type { RoadNetwork } from '../roads/types';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { AlarmRecord, DeviceStateRecord, Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceService } from './devices';
import type { Effects } from './effects';

const LAMP_TYPE = 'streetlight';
/** How often the depot's position is read again (an admin may move or add it). */
const DEPOT_REFRESH_MS = 10 * 60_000;
/** How often the lamps' centre (the start without a depot) is worked out again. */
const CENTRE_REFRESH_MS = 60_000;

export type SweepStore = Pick<Store, 'listSites' | 'getTicket' | 'listDeviceStates' | 'listAlarms'>;

/** The cluster's timekeeper lease (cluster/timekeeper.ts): only its holder sweeps, fenced. */
export interface SweepLease {
  fence(): unknown;
  run(work: () => void): boolean;
}

export interface DuskSweepDeps {
  store: SweepStore;
  queue: Pick<WriteQueue, 'flush' | 'committed'>;
  devices: Pick<DeviceService, 'all'>;
  alarms: Pick<AlarmBook, 'forDevice'>;
  tickets: Pick<TicketBook, 'get'>;
  effects: Pick<Effects, 'apply'>;
  clock: Clock;
  sla: SlaPolicy;
  log: Logger;
}

/** The sweep's settings (from the config) and, in a cluster, the lease it runs under. */
export interface DuskSweepSettings {
  afterMin: number;
  timeZone: string;
  speedKmh: number;
  /** The road network, once there is one; straight lines without. */
  roads?: () => RoadNetwork | undefined;
  /** Cluster mode: the timekeeper lease; the lamps are then read from the store. */
  lease?: SweepLease;
}

/** What one sweep did. */
export type SweepOutcome =
  | { kind: 'ticket'; night: string; ticketId: string; lamps: number }
  | { kind: 'none_dark'; night: string }
  | { kind: 'already'; night: string; ticketId: string }
  | { kind: 'not_holder'; night: string };

export class DuskSweep {
  /** The last night swept (by this process); the ticket's id guards across restarts and nodes. */
  private done: string | undefined;
  private running: Promise<SweepOutcome | undefined> | undefined;
  private depot: PatrolStart | undefined;
  private depotReadAt = -Infinity;
  private centre: PatrolStart | undefined;
  private centreAt = -Infinity;
  private readingDepot = false;

  private readonly d: DuskSweepDeps & DuskSweepSettings;

  constructor(deps: DuskSweepDeps, settings: DuskSweepSettings) {
    this.d = { ...deps, ...settings };
  }

  /** DUSK_SWEEP_AFTER_MIN, SITE_TZ and URBAN_SPEED_KMH as the sweep reads them. */
  static settings(
    c: Pick<Config, 'DUSK_SWEEP_AFTER_MIN' | 'SITE_TZ' | 'URBAN_SPEED_KMH'>,
  ): DuskSweepSettings {
    return { afterMin: c.DUSK_SWEEP_AFTER_MIN, timeZone: c.SITE_TZ, speedKmh: c.URBAN_SPEED_KMH };
  }

  /** Periodic (every tick): starts the night's sweep once it is due; cheap when it is not. */
  tick(): void {
    if (this.d.afterMin <= 0 || this.running) return;
    const now = this.d.clock.now();
    if (now - this.depotReadAt >= DEPOT_REFRESH_MS && !this.readingDepot) this.readDepot(now);
    if (now - this.centreAt >= CENTRE_REFRESH_MS) {
      this.centre = this.lampsCentre();
      this.centreAt = now;
    }
    const start = this.depot ?? this.centre;
    if (!start) return;
    const due = sweepDue(now, this.d.timeZone, start, this.d.afterMin);
    if (!due || due.night === this.done) return;
    if (this.d.lease && !this.d.lease.fence()) return;
    this.running = this.sweep(due.night)
      .catch((err: unknown) => {
        this.d.log.error({ err, night: due.night }, 'dusk sweep failed; it is tried again on the next tick');
        return undefined;
      })
      .finally(() => (this.running = undefined));
  }

  /** Resolves when the sweep under way (if any) has finished, with what it did. */
  async settled(): Promise<SweepOutcome | undefined> {
    return this.running;
  }

  /** The centre of the lamps with a position: where the patrol starts when no depot is registered. */
  private lampsCentre(): PatrolStart | undefined {
    const points = [];
    for (const x of this.d.devices.all())
      if (x.rec.type === LAMP_TYPE && x.rec.lat !== undefined && x.rec.lng !== undefined)
        points.push({ lat: x.rec.lat, lng: x.rec.lng });
    return centreOf(points);
  }

  private readDepot(now: number): void {
    this.readingDepot = true;
    this.d.store
      .listSites()
      .then((sites) => {
        const depot = sites.find((s) => s.kind === 'depot');
        this.depot = depot && { lat: depot.lat, lng: depot.lng, name: depot.name };
      })
      .catch((err: unknown) => this.d.log.warn({ err }, 'dusk sweep: reading the depot failed'))
      .finally(() => {
        this.depotReadAt = now; // after a failure too: the lamps' centre stands in until the next read
        this.readingDepot = false;
      });
  }

  /**
   * One night's sweep: the dark lamps → one ticket from the depot (read now; the lamps' centre without
   * one), unless that night already has one.
   */
  async sweep(night: string): Promise<SweepOutcome> {
    const id = sweepTicketId(night);
    if (this.d.tickets.get(id) !== undefined) return this.finish({ kind: 'already', night, ticketId: id });
    await this.d.queue.flush();
    if (await this.d.store.getTicket(id)) return this.finish({ kind: 'already', night, ticketId: id });
    const dark = darkLamps(await this.lamps());
    if (dark.length === 0) return this.finish({ kind: 'none_dark', night });
    const depot = (await this.d.store.listSites()).find((s) => s.kind === 'depot');
    const start = depot ? { lat: depot.lat, lng: depot.lng, name: depot.name } : this.lampsCentre();
    if (!start) return this.finish({ kind: 'none_dark', night });
    const points = [start, ...dark];
    const { matrix, basis } = travelMatrix(points, this.d.speedKmh, this.d.roads?.());
    const cost = matrixCost(matrix);
    const stops = patrolStops(dark, patrolOrder(points.length, cost), cost);
    const change = nightPatrolTicket({ night, start, stops, basis }, this.d.clock.now(), this.d.sla);
    if (!this.apply(change)) return { kind: 'not_holder', night };
    // A fenced batch (cluster) commits with flush; another holder's ticket of the same id is refused
    // by its revision, and that one stands.
    if (this.d.lease) await this.d.queue.flush();
    else if ((await this.d.queue.committed()).tickets.includes(id))
      return this.finish({ kind: 'already', night, ticketId: id });
    this.d.log.info({ night, ticketId: id, lamps: stops.length, basis }, 'dusk sweep: night patrol opened');
    return this.finish({ kind: 'ticket', night, ticketId: id, lamps: stops.length });
  }

  private finish(o: SweepOutcome): SweepOutcome {
    this.done = o.night;
    if (o.kind === 'none_dark') this.d.log.info({ night: o.night }, 'dusk sweep: no lamp is dark');
    return o;
  }

  private apply(change: TicketChange): boolean {
    const work = () => this.d.effects.apply({ tickets: [change] });
    if (this.d.lease) return this.d.lease.run(work);
    work();
    return true;
  }

  /**
   * The streetlights with their state and active dark alarms: from memory on one node; in a cluster
   * from the store (other nodes handle most devices), after this node's own writes are in.
   */
  private async lamps(): Promise<LampView[]> {
    const lamps = [...this.d.devices.all()].filter((x) => x.rec.type === LAMP_TYPE);
    if (!this.d.lease)
      return lamps.map((x) => ({ rec: x.rec, st: x.st, alarms: this.d.alarms.forDevice(x.rec.id) }));
    const [states, alarms] = await Promise.all([
      this.d.store.listDeviceStates(),
      this.d.store.listAlarms({ active: true, rules: [...DARK_RULES] }),
    ]);
    const stateOf = new Map<string, DeviceStateRecord>(states.map((s) => [s.deviceId, s]));
    const alarmsOf = new Map<string, AlarmRecord[]>();
    for (const a of alarms) alarmsOf.set(a.deviceId, [...(alarmsOf.get(a.deviceId) ?? []), a]);
    return lamps.map((x) => {
      const st = stateOf.get(x.rec.id);
      return { rec: x.rec, ...(st && { st }), alarms: alarmsOf.get(x.rec.id) ?? [] };
    });
  }
}
