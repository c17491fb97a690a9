// Road closures on the dispatcher page: those in force (a live source: REST on every (re)sync, then
// the `road-closures` socket event, which carries the whole list), and the one being drawn — point or
// line, clicked on the map in WGS-84 — with its reason, end time and radius.
import { ApiError } from '../../api/client';
import type { GeoPoint } from '../../map/pick';
import type { LiveSocket, LiveSource } from '../../realtime/source';
import { closuresApi, type ClosureBody, type RoadClosureDto } from './api';
import { isoOf, untilOf, type UntilChoice } from './until';

export const messageOf = (err: unknown): string =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err);

export class ClosureFeed implements LiveSource {
  closures = $state.raw<RoadClosureDto[]>([]);
  /** The last load's failure (the rest of the page stays live). */
  problem = $state('');
  #holding = false;
  #held: RoadClosureDto[] | undefined;

  listen(socket: LiveSocket): void {
    socket.on('road-closures', (list) => {
      if (this.#holding) this.#held = list;
      else this.closures = list;
    });
  }

  hold(): void {
    this.#holding = true;
    this.#held = undefined;
  }

  async load(signal: AbortSignal): Promise<void> {
    try {
      const list = await closuresApi.list(signal);
      signal.throwIfAborted();
      this.closures = this.#held ?? list;
      this.problem = '';
    } catch (err) {
      signal.throwIfAborted();
      this.problem = messageOf(err);
    } finally {
      if (!signal.aborted) this.#holding = false;
    }
  }

  /** A change made here: the answer is applied at once (the socket event follows with the same list). */
  put(c: RoadClosureDto): void {
    if (!this.closures.some((x) => x.id === c.id)) this.closures = [...this.closures, c];
  }
  drop(id: string): void {
    this.closures = this.closures.filter((c) => c.id !== id);
  }
}

export type Shape = 'point' | 'line';
const same = (a: GeoPoint | undefined, b: GeoPoint) => a !== undefined && a.lat === b.lat && a.lng === b.lng;

export class ClosureDraft {
  /** The tool is open (drawing or filling in the form). */
  open = $state(false);
  shape = $state<Shape>('line');
  points = $state.raw<GeoPoint[]>([]);
  /** The line was ended (double click or the finish button); a point is done once placed. */
  ended = $state(false);
  reason = $state('');
  choice = $state<UntilChoice>('2h');
  custom = $state('');
  radiusM = $state(20);
  saving = $state(false);
  error = $state('');

  /** Whether map clicks place points now. */
  get drawing(): boolean {
    return this.open && !(this.shape === 'line' && this.ended);
  }
  get placed(): boolean {
    return this.shape === 'point' ? this.points.length === 1 : this.ended && this.points.length >= 2;
  }

  start(): void {
    this.reset();
    this.open = true;
  }
  setShape(shape: Shape): void {
    this.shape = shape;
    this.points = [];
    this.ended = false;
  }
  /** A click on the map (WGS-84): a point moves to it; a line gains it (a repeat is ignored). */
  add(p: GeoPoint): void {
    if (!this.drawing) return;
    if (this.shape === 'point') this.points = [p];
    else if (!same(this.points.at(-1), p)) this.points = [...this.points, p];
  }
  finish(): void {
    if (this.shape === 'line' && this.points.length >= 2) this.ended = true;
  }
  undo(): void {
    this.ended = false;
    this.points = this.points.slice(0, -1);
  }
  cancel(): void {
    this.reset();
  }

  /** The request body, or a message key saying what is missing. */
  body(now: number): { body: ClosureBody } | { missing: 'place' | 'reason' | 'until' | 'radius' } {
    if (!this.placed) return { missing: 'place' };
    const reason = this.reason.trim();
    if (!reason) return { missing: 'reason' };
    const until = untilOf(this.choice, now, this.custom);
    if (until === undefined) return { missing: 'until' };
    const radiusM = Number(this.radiusM);
    if (!Number.isFinite(radiusM) || radiusM < 1 || radiusM > 2000) return { missing: 'radius' };
    const pos = (p: GeoPoint): [number, number] => [p.lng, p.lat];
    const [first] = this.points;
    const geometry =
      this.shape === 'point' && first
        ? { type: 'Point' as const, coordinates: pos(first) }
        : { type: 'LineString' as const, coordinates: this.points.map(pos) };
    return {
      body: { geometry, reason, radiusM, ...(until !== null && { until: isoOf(until) }) },
    };
  }

  private reset(): void {
    this.open = false;
    this.shape = 'line';
    this.points = [];
    this.ended = false;
    this.reason = '';
    this.choice = '2h';
    this.custom = '';
    this.radiusM = 20;
    this.saving = false;
    this.error = '';
  }
}
