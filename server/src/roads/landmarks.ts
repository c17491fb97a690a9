// Landmark lower bounds (ALT) for the route search: road times to and from a few landmarks far apart
// on the network's edge, computed once at startup. By the triangle inequality, for any landmark L,
//   time(u → w) ≥ time(u → L) − time(w → L)   and   time(u → w) ≥ time(L → w) − time(L → u),
// a far tighter lower bound than the straight line at the top speed, so A*/NBA* visits much less of a
// city. Closures only make roads slower, so bounds computed without them stay lower bounds. Pure.
import { forwardOf, type RoadGraph } from './graph';
import { ReverseDijkstra } from './reverse-dijkstra';

export const LANDMARKS = 8;

export class Landmarks {
  /** time(v → L), per landmark: [l * n + v]. */
  private readonly to: Float64Array;
  /** time(L → v). */
  private readonly from: Float64Array;
  readonly count: number;

  constructor(
    private readonly g: RoadGraph,
    count = LANDMARKS,
  ) {
    const n = g.vertexCount;
    const picks = pickLandmarks(g, Math.min(count, n));
    this.count = picks.length;
    this.to = new Float64Array(this.count * n);
    this.from = new Float64Array(this.count * n);
    const back = new ReverseDijkstra(g);
    const ahead = new ReverseDijkstra(g, forwardOf(g));
    picks.forEach((v, l) => {
      this.to.set(back.all([{ v, s: 0, m: 0 }]), l * n);
      this.from.set(ahead.all([{ v, s: 0, m: 0 }]), l * n);
    });
  }

  /** A lower bound of the road time from vertex u to vertex w, seconds. */
  bound(u: number, w: number): number {
    const n = this.g.vertexCount;
    let best = 0;
    for (let l = 0, o = 0; l < this.count; l++, o += n) {
      const a = this.to[o + u]! - this.to[o + w]!;
      const b = this.from[o + w]! - this.from[o + u]!;
      // Infinity − Infinity is NaN (neither reaches the landmark): that landmark says nothing.
      if (a > best) best = a;
      if (b > best) best = b;
    }
    return best;
  }
}

/** Landmarks spread out: the vertex farthest from the centre, then each farthest from those chosen. */
function pickLandmarks(g: RoadGraph, count: number): number[] {
  const n = g.vertexCount;
  if (n === 0 || count === 0) return [];
  const nearest = new Float64Array(n);
  for (let v = 0; v < n; v++) nearest[v] = Math.hypot(g.vx[v]!, g.vy[v]!); // the projection's centre is 0, 0
  const picks: number[] = [];
  while (picks.length < count) {
    let far = 0;
    for (let v = 1; v < n; v++) if (nearest[v]! > nearest[far]!) far = v;
    if (picks.length > 0 && nearest[far] === 0) break;
    picks.push(far);
    for (let v = 0; v < n; v++) {
      nearest[v] = Math.min(
        picks.length === 1 ? Infinity : nearest[v]!,
        Math.hypot(g.vx[v]! - g.vx[far]!, g.vy[v]! - g.vy[far]!),
      );
    }
  }
  return picks;
}
