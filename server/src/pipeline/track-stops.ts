// Stops in a van's track: where it stood (slow, within a small radius) for long enough. Pure: no I/O,
// no clock. Points are oldest first; times are epoch ms; the track's first and last points are the
// window's edges, so a stop that touches one may have begun before it or go on after it.
import { haversineM } from './geo';

export interface StopPoint {
  ts: number;
  lat: number;
  lng: number;
  speed_kmh?: number;
}

export interface StopOptions {
  /** A point faster than this (km/h) is moving; a point without a speed is judged by position alone. */
  maxSpeedKmh: number;
  /** A stop's points lie within this many meters of their mean position. */
  radiusM: number;
  /** Shorter stands are not stops (seconds). */
  minDurationS: number;
}

export interface Stop {
  from: number;
  to: number;
  /** The mean position of the stop's points. */
  lat: number;
  lng: number;
  durationS: number;
  /** The stop holds the track's first point: it may have begun before the window. */
  startsBefore?: true;
  /** The stop holds the track's last point: the van may still be standing. */
  endsAfter?: true;
}

export const DEFAULT_STOP_OPTIONS: StopOptions = { maxSpeedKmh: 3, radiusM: 30, minDurationS: 120 };

interface Cluster {
  first: number;
  last: number;
  lat: number;
  lng: number;
  n: number;
}

/**
 * The stops of `points`, oldest first. A stop starts at a slow point and takes the following points
 * that are slow and within `radiusM` of the stop's mean position; one stray point (a GPS jump or a
 * speed spike) between two such points is passed over. A gap in reporting inside a stop is part of it
 * (a van parked with its tracker off): what counts is where it was before and after.
 */
export function detectStops(points: readonly StopPoint[], opts: StopOptions = DEFAULT_STOP_OPTIONS): Stop[] {
  const stops: Stop[] = [];
  const minMs = opts.minDurationS * 1000;
  let i = 0;
  while (i < points.length) {
    const p = points[i]!;
    if (!slow(p, opts)) {
      i += 1;
      continue;
    }
    const c = grow(points, i, opts);
    const durationMs = points[c.last]!.ts - p.ts;
    if (durationMs >= minMs && durationMs > 0) {
      stops.push({
        from: p.ts,
        to: points[c.last]!.ts,
        lat: c.lat,
        lng: c.lng,
        durationS: Math.round(durationMs / 1000),
        ...(c.first === 0 && { startsBefore: true as const }),
        ...(c.last === points.length - 1 && { endsAfter: true as const }),
      });
      i = c.last + 1;
    } else i += 1;
  }
  return stops;
}

function slow(p: StopPoint, opts: StopOptions): boolean {
  return p.speed_kmh === undefined || p.speed_kmh < opts.maxSpeedKmh;
}

/** The stop that starts at points[first]: as far as its points stay slow and near their mean. */
function grow(points: readonly StopPoint[], first: number, opts: StopOptions): Cluster {
  const p0 = points[first]!;
  const c: Cluster = { first, last: first, lat: p0.lat, lng: p0.lng, n: 1 };
  const member = (q: StopPoint | undefined): q is StopPoint =>
    q !== undefined && slow(q, opts) && haversineM(q.lat, q.lng, c.lat, c.lng) <= opts.radiusM;
  let j = first + 1;
  while (j < points.length) {
    const q = points[j];
    if (member(q)) {
      c.n += 1;
      c.lat += (q.lat - c.lat) / c.n;
      c.lng += (q.lng - c.lng) / c.n;
      c.last = j;
      j += 1;
    } else if (member(points[j + 1])) {
      j += 1; // one stray point: pass over it, take the next
    } else break;
  }
  return c;
}
