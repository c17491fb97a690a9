// The visiting order of a patrol (the dusk sweep's night-patrol ticket): from the depot through every
// stop, shortest by travel time — nearest neighbour, then 2-opt — on a travel-time matrix that comes
// from the road network (RoadNetwork.travelTimes), or straight lines at URBAN_SPEED_KMH without one.
// Pure: the network is an in-memory computation handed in; no clock, no I/O.
import type { LatLng, RoadNetwork } from '../roads/types';
import { etaSeconds, haversineM } from './geo';

/** Travel time in seconds from point `i` to point `j` (indices into the points; 0 is the depot). */
export type Cost = (from: number, to: number) => number;

/** A 2-opt move must save more than this (seconds) to be taken: rounding never loops. */
const EPS_S = 1e-6;
/** Improvement passes at most (each is O(n²)); far more than a town's dark lamps ever need. */
const MAX_PASSES = 200;

/** Seconds along `order` (an open path: no leg back to its start). */
export function pathCost(order: readonly number[], cost: Cost): number {
  let s = 0;
  for (let k = 1; k < order.length; k++) s += cost(order[k - 1] ?? 0, order[k] ?? 0);
  return s;
}

/** Greedy order over points 0..n-1 from point 0: always the nearest not yet visited (ties: lower index). */
export function nearestNeighbour(n: number, cost: Cost): number[] {
  if (n <= 0) return [];
  const order = [0];
  const left = new Set<number>();
  for (let i = 1; i < n; i++) left.add(i);
  let at = 0;
  while (left.size > 0) {
    let best = -1;
    let bestS = Infinity;
    for (const j of left) {
      const s = cost(at, j);
      if (best === -1 || s < bestS) {
        best = j;
        bestS = s;
      }
    }
    order.push(best);
    left.delete(best);
    at = best;
  }
  return order;
}

/**
 * 2-opt on an open path with a fixed start: reverses the segment order[i..k] (i ≥ 1) whenever that
 * makes the path shorter, until no reversal does. Costs may be asymmetric (one-way streets): the
 * reversed segment is priced in its new direction. Returns a new array.
 */
export function twoOpt(start: readonly number[], cost: Cost): number[] {
  const o = [...start];
  const n = o.length;
  const at = (k: number) => o[k] ?? 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let i = 1; i < n - 1; i++) {
      // Forward and reversed cost of the segment o[i..k], grown one stop at a time.
      let fwd = 0;
      let rev = 0;
      for (let k = i + 1; k < n; k++) {
        fwd += cost(at(k - 1), at(k));
        rev += cost(at(k), at(k - 1));
        const a = at(i - 1);
        const before = cost(a, at(i)) + fwd + (k + 1 < n ? cost(at(k), at(k + 1)) : 0);
        const after = cost(a, at(k)) + rev + (k + 1 < n ? cost(at(i), at(k + 1)) : 0);
        if (after < before - EPS_S) {
          reverse(o, i, k);
          improved = true;
          fwd = 0;
          rev = 0;
          for (let m = i + 1; m <= k; m++) {
            fwd += cost(at(m - 1), at(m));
            rev += cost(at(m), at(m - 1));
          }
        }
      }
    }
    if (!improved) break;
  }
  return o;
}

function reverse(o: number[], i: number, k: number): void {
  for (let a = i, b = k; a < b; a++, b--) {
    const t = o[a] ?? 0;
    o[a] = o[b] ?? 0;
    o[b] = t;
  }
}

/** The patrol order over points 0..n-1 from the depot (point 0): nearest neighbour improved by 2-opt. */
export function patrolOrder(n: number, cost: Cost): number[] {
  return twoOpt(nearestNeighbour(n, cost), cost);
}

/** How the travel times were measured: along the roads, or as the crow flies (no network). */
export type TravelBasis = 'road' | 'straight_line';

/**
 * The travel-time matrix between points (seconds): by road where the network joins two points, else
 * the straight line at `speedKmh` (as dispatch does without a road). `m[i][j]` is from i to j.
 */
export function travelMatrix(
  points: readonly LatLng[],
  speedKmh: number,
  roads?: RoadNetwork,
): { matrix: number[][]; basis: TravelBasis } {
  const straight = (a: LatLng, b: LatLng) => etaSeconds(haversineM(a.lat, a.lng, b.lat, b.lng), speedKmh);
  const matrix = points.map((a) => points.map((b) => straight(a, b)));
  if (!roads) return { matrix, basis: 'straight_line' };
  points.forEach((to, j) => {
    const times = roads.travelTimes(points, to);
    times.forEach((s, i) => {
      const row = matrix[i];
      if (row && i !== j && s !== undefined && Number.isFinite(s)) row[j] = s;
    });
  });
  return { matrix, basis: 'road' };
}

/** The cost function of a matrix. */
export const matrixCost =
  (m: readonly (readonly number[])[]): Cost =>
  (i, j) =>
    m[i]?.[j] ?? Infinity;
