// The road route of each busy van to its ticket's place: asked of the server (GET /api/route) when
// the van has moved ~50 m, every ~30 s, or when its ticket changes (route-plan.ts routeDue) — not
// per position frame. No road route (404, or no road network): a straight line with a straight-line
// estimate, labelled as such. Reactive: the map's route lines and the van card read `routes`.
import { SvelteMap } from 'svelte/reactivity';
import type { RouteDto } from '../api/types';
import { get } from '../api/client';
import { metresBetween, routeDue, straightLineSeconds, type Point, type RouteAsk } from './route-plan';

export interface VanRoute {
  ticketId: string;
  /** `road`: over the streets (road time); `straight`: no road route, as the crow flies. */
  kind: 'road' | 'straight';
  /** The route, [lat, lng] WGS-84, from the van's position when asked. */
  line: [number, number][];
  distanceM: number;
  /** When the van should be there, ms epoch (the ask's time plus the route's duration). */
  arriveAt: number;
}

/** What a busy van needs a route for: its ticket, where it is, where it goes (WGS-84). */
export interface RouteWant {
  ticketId: string;
  from: Point;
  to: Point;
}

export type RouteFetch = (from: Point, to: Point) => Promise<RouteDto | undefined>;

/** GET /api/route; undefined when there is no road route (or none can be had). */
export const fetchRoute: RouteFetch = (from, to) =>
  get<RouteDto>(`/api/route?from=${from.lat},${from.lng}&to=${to.lat},${to.lng}`).catch(() => undefined);

export class VanRoutes {
  readonly routes = new SvelteMap<string, VanRoute>();
  // Bookkeeping, not state: nothing renders from these.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  readonly #asked = new Map<string, RouteAsk>();
  readonly #pending = new Set<string>();
  #wanted = new Map<string, RouteWant>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly fetch: RouteFetch = fetchRoute,
    private readonly now: () => number = Date.now,
  ) {
    // The 30-second refresh of a van standing still: checked every few seconds.
    this.#timer = setInterval(() => this.sync(this.#wanted), 5_000);
  }

  /** The busy vans now: asks for the routes that are due, drops those of vans no longer busy. */
  sync(wanted: ReadonlyMap<string, RouteWant>): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#wanted = new Map(wanted);
    const at = this.now();
    for (const [vanId, want] of wanted) {
      if (this.#pending.has(vanId)) continue;
      const ask = { ...want, at };
      if (!routeDue(this.#asked.get(vanId), ask)) continue;
      this.#asked.set(vanId, ask);
      this.#ask(vanId, ask);
    }
    for (const vanId of [...this.routes.keys()]) if (!wanted.has(vanId)) this.routes.delete(vanId);
    for (const vanId of [...this.#asked.keys()]) if (!wanted.has(vanId)) this.#asked.delete(vanId);
  }

  destroy(): void {
    clearInterval(this.#timer);
    this.#wanted.clear();
  }

  #ask(vanId: string, ask: RouteAsk): void {
    this.#pending.add(vanId);
    void this.fetch(ask.from, ask.to).then((dto) => {
      this.#pending.delete(vanId);
      if (this.#wanted.get(vanId)?.ticketId !== ask.ticketId) return; // finished meanwhile
      this.routes.set(vanId, toRoute(ask, dto));
    });
  }
}

/** The route of an answer (or of none: the straight line) asked at `ask.at`. */
export function toRoute(ask: RouteAsk, dto: RouteDto | undefined): VanRoute {
  if (dto && dto.geometry.coordinates.length > 0) {
    const line = dto.geometry.coordinates.map(([lng, lat]) => [lat, lng] as [number, number]);
    return {
      ticketId: ask.ticketId,
      kind: 'road',
      line: [[ask.from.lat, ask.from.lng], ...line, [ask.to.lat, ask.to.lng]],
      distanceM: dto.distance_m,
      arriveAt: ask.at + dto.duration_s * 1000,
    };
  }
  const distanceM = metresBetween(ask.from, ask.to);
  return {
    ticketId: ask.ticketId,
    kind: 'straight',
    line: [
      [ask.from.lat, ask.from.lng],
      [ask.to.lat, ask.to.lng],
    ],
    distanceM,
    arriveAt: ask.at + straightLineSeconds(distanceM) * 1000,
  };
}
