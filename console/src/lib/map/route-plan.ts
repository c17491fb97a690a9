// The road route of a busy van, the pure parts: when to ask the server again (the van moved about
// 50 m, or 30 s passed, or the ticket or its place changed — never per position frame), the ETA it
// gives (road time from GET /api/route; a straight-line estimate when there is no road route),
// the countdown as written, and the part of the route still ahead of the van.

export const REFRESH_MOVED_M = 50;
export const REFRESH_AFTER_MS = 30_000;
/** The speed of a straight-line estimate (no road route): town traffic, lanes and turns, km/h. */
export const STRAIGHT_KMH = 25;

export interface Point {
  lat: number;
  lng: number;
}

/** What the last route was asked for. */
export interface RouteAsk {
  ticketId: string;
  from: Point;
  to: Point;
  /** ms epoch. */
  at: number;
}

/** Metres between two points (equirectangular: exact enough within a town). */
export function metresBetween(a: Point, b: Point): number {
  const k = Math.PI / 180;
  const x = (b.lng - a.lng) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * 6_371_000;
}

/** Whether to ask for the route again, given the last ask and the van's state now. */
export function routeDue(last: RouteAsk | undefined, now: RouteAsk): boolean {
  if (!last) return true;
  if (last.ticketId !== now.ticketId) return true;
  if (metresBetween(last.to, now.to) > 1) return true;
  if (metresBetween(last.from, now.from) >= REFRESH_MOVED_M) return true;
  return now.at - last.at >= REFRESH_AFTER_MS;
}

/** Seconds of a straight-line estimate over a distance. */
export function straightLineSeconds(metres: number): number {
  return Math.round(metres / ((STRAIGHT_KMH * 1000) / 3600));
}

/** A countdown as written: m:ss under an hour, h:mm:ss beyond; never negative. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The route still ahead of a van at `pos` ([lat, lng] positions): from the van, on from the point
 * of the route nearest to it — so the line does not trail behind the van between two asks.
 */
export function routeAhead(route: readonly [number, number][], pos: Point): [number, number][] {
  if (route.length < 2) return [[pos.lat, pos.lng], ...route];
  const cos = Math.cos((pos.lat * Math.PI) / 180);
  let best = 0;
  let bestD = Infinity;
  let bestAt: [number, number] = route[0]!;
  for (let i = 1; i < route.length; i++) {
    const [aLat, aLng] = route[i - 1]!;
    const [bLat, bLng] = route[i]!;
    const ax = aLng * cos;
    const bx = bLng * cos;
    const px = pos.lng * cos;
    const dx = bx - ax;
    const dy = bLat - aLat;
    const len2 = dx * dx + dy * dy;
    const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (pos.lat - aLat) * dy) / len2));
    const qx = ax + dx * f;
    const qy = aLat + dy * f;
    const d = (px - qx) ** 2 + (pos.lat - qy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
      bestAt = [qy, qx / cos];
    }
  }
  return [[pos.lat, pos.lng], bestAt, ...route.slice(best)];
}
