// Road closures (api.md v1.1 "Roads, routes and tracks"): roads a dispatcher takes out of routing for a
// while — a point or a line with a radius. Each node holds those in force in memory, hands them to the
// road network on start and on every change, and expires them by itself at `until` (a timer armed for
// the next expiry; the periodic tick checks too, so a manual clock works). Creating and ending one go
// through the store; in a cluster, the others reload on the `road-closure:changed` bus event's message.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { CreateRoadClosureBody } from '../contracts/dto';
import { DomainError, conflict, invalid } from '../errors';
import type { EventBus } from '../events/bus';
import type { ClosureArea, RoadNetwork } from '../roads/types';
import type { RoadClosureRecord, Store } from '../store/store';

export type RoadClosureServiceStore = Pick<
  Store,
  'createRoadClosure' | 'getRoadClosure' | 'listRoadClosures' | 'endRoadClosure'
>;

export interface RoadClosureDeps {
  store: RoadClosureServiceStore;
  bus: EventBus;
  clock: Clock;
  /** The road network whose routes avoid the closures; absent: no ROADS_FILE, nothing to tell. */
  network?: Pick<RoadNetwork, 'setClosures'>;
  /** At most this many in force at once (default 500). */
  maxInForce?: number;
}

/** A timer never waits longer than this before it looks again (setTimeout caps at ~24.8 days). */
const MAX_WAIT_MS = 6 * 3600_000;

export const toClosureArea = (c: RoadClosureRecord): ClosureArea => ({
  id: c.id,
  geometry: c.geometry,
  radiusM: c.radiusM,
});

const closureId = (now: number) =>
  `RC${now.toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`;

export class RoadClosureService {
  /** In force (or just run out and not yet pruned), oldest first. */
  private held: RoadClosureRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: ((inForce: readonly RoadClosureRecord[]) => void)[] = [];
  readonly maxInForce: number;

  constructor(private readonly d: RoadClosureDeps) {
    this.maxInForce = d.maxInForce ?? 500;
  }

  /** Reads those in force from the store (start, restart: the rows carry their `until`). */
  async load(): Promise<void> {
    this.held = await this.d.store.listRoadClosures(this.d.clock.now(), this.maxInForce);
    this.changed();
  }

  /** Another node created or ended one: read them again. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Hears every change of this node's list (created, ended, expired, reloaded), with the new list. */
  onChange(fn: (inForce: readonly RoadClosureRecord[]) => void): void {
    this.listeners.push(fn);
  }

  /** Those in force now, oldest first. */
  inForce(): RoadClosureRecord[] {
    const now = this.d.clock.now();
    return this.held.filter((c) => inForceAt(c, now));
  }

  async create(body: CreateRoadClosureBody, by: string): Promise<RoadClosureRecord> {
    const now = this.d.clock.now();
    checkGeometry(body.geometry);
    const until = body.until === undefined ? undefined : Date.parse(body.until);
    if (until !== undefined && until <= now)
      throw invalid('until is in the past: the closure would be over already; give a later time or none');
    if (this.inForce().length >= this.maxInForce)
      throw conflict(
        `${this.maxInForce} road closures are in force already; end some before adding more`,
        'too_many_closures',
      );
    const rec: RoadClosureRecord = {
      id: closureId(now),
      geometry: body.geometry,
      radiusM: body.radiusM,
      reason: body.reason,
      ...(until !== undefined && { until }),
      createdBy: by,
      createdAt: now,
    };
    await this.d.store.createRoadClosure(rec);
    this.held = [...this.held, rec];
    this.changed();
    this.d.bus.emit('road-closure:changed', { id: rec.id });
    return rec;
  }

  /** Ends one now; 404 when it is unknown, ended or run out. */
  async end(id: string, by: string): Promise<void> {
    const now = this.d.clock.now();
    const c = await this.d.store.getRoadClosure(id);
    const gone = () =>
      new DomainError('not_found', 'not_found', `road closure ${id} does not exist or has ended`);
    if (!c || !inForceAt(c, now)) throw gone();
    if (!(await this.d.store.endRoadClosure(id, now, by))) throw gone();
    this.held = this.held.filter((x) => x.id !== id);
    this.changed();
    this.d.bus.emit('road-closure:changed', { id });
  }

  /** Drops those whose `until` has come (the timer, and the periodic tick, call it). */
  expire(): void {
    const now = this.d.clock.now();
    const over = this.held.filter((c) => !inForceAt(c, now));
    if (over.length === 0) return this.arm();
    this.held = this.held.filter((c) => inForceAt(c, now));
    this.changed();
    for (const c of over) this.d.bus.emit('road-closure:changed', { id: c.id });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    this.d.network?.setClosures(this.inForce().map(toClosureArea));
    const list = this.inForce();
    for (const fn of this.listeners) fn(list);
    this.arm();
  }

  /** One timer, for the next `until` of those held. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = Math.min(...this.held.map((c) => c.until ?? Infinity));
    if (next === Infinity) return;
    const wait = Math.min(Math.max(0, next - this.d.clock.now()), MAX_WAIT_MS);
    this.timer = setTimeout(() => this.expire(), wait);
    this.timer.unref();
  }
}

function inForceAt(c: RoadClosureRecord, at: number): boolean {
  return c.endedAt === undefined && (c.until === undefined || c.until > at);
}

/** A line needs distinct consecutive points (a double click adds none of its own). */
function checkGeometry(g: CreateRoadClosureBody['geometry']): void {
  if (g.type !== 'LineString') return;
  g.coordinates.forEach((p, i) => {
    const prev = g.coordinates[i - 1];
    if (prev && prev[0] === p[0] && prev[1] === p[1])
      throw invalid(`geometry.coordinates[${i}] repeats the point before it; give distinct points`);
  });
}
