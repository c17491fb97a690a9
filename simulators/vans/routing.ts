// Street routing for the van simulator: a graph from GeoJSON LineStrings, snapping a point onto the
// network, and the shortest street path (A* on a binary heap) as a [lat, lng] polyline that also
// carries the straight off-network legs at both ends. Pure: no I/O.
import TinyQueue from 'tinyqueue';
import { haversineM } from '../../server/src/pipeline/geo';
import type { Streets } from '../lib/demo-data';

/** A position as [lat, lng] (GeoJSON itself is [lng, lat]). */
export type LatLng = [lat: number, lng: number];

export interface Edge {
  a: number;
  b: number;
  lengthM: number;
}

export interface StreetGraph {
  /** Distinct vertices; streets meet where they share a vertex with exactly the same coordinates. */
  readonly nodes: readonly LatLng[];
  readonly edges: readonly Edge[];
  /** For each node, the edges (indices into `edges`) that touch it. */
  readonly incident: readonly (readonly number[])[];
}

export interface Snap {
  /** The nearest point of the network. */
  point: LatLng;
  edge: number;
  /** From the query point to `point`, metres. */
  distanceM: number;
}

export interface Route {
  /** From the start to the destination, both included; consecutive points differ. */
  points: LatLng[];
  lengthM: number;
}

/** No street path joins the two points (the network is empty or not connected between them). */
export class NoRouteError extends Error {
  override readonly name = 'NoRouteError';
}

export const distM = (p: LatLng, q: LatLng): number => haversineM(p[0], p[1], q[0], q[1]);

/** Nodes are distinct vertices keyed by their exact coordinates; edges join consecutive vertices. */
export function buildGraph(streets: Streets): StreetGraph {
  const nodes: LatLng[] = [];
  const edges: Edge[] = [];
  const incident: number[][] = [];
  const ids = new Map<string, number>();
  const nodeId = ([lng, lat]: [number, number]): number => {
    const key = `${lng},${lat}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = nodes.push([lat, lng]) - 1;
      ids.set(key, id);
      incident.push([]);
    }
    return id;
  };
  for (const f of streets.features) {
    const line = f.geometry.coordinates.map(nodeId);
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      if (a === b) continue;
      const e = edges.push({ a, b, lengthM: distM(nodes[a]!, nodes[b]!) }) - 1;
      incident[a]!.push(e);
      incident[b]!.push(e);
    }
  }
  return { nodes, edges, incident };
}

/** The point of segment p–q nearest to x, on a local flat projection (fine over a town's streets). */
export function nearestOnSegment(x: LatLng, p: LatLng, q: LatLng): LatLng {
  const k = Math.cos((x[0] * Math.PI) / 180);
  const px = (p[1] - x[1]) * k;
  const py = p[0] - x[0];
  const dx = (q[1] - p[1]) * k;
  const dy = q[0] - p[0];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(px * dx + py * dy) / len2));
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** The nearest point on any street edge (a linear scan: one snap per route, a town has few edges). */
export function snapToNetwork(g: StreetGraph, at: LatLng): Snap {
  let best: Snap | undefined;
  g.edges.forEach((e, i) => {
    const point = nearestOnSegment(at, g.nodes[e.a]!, g.nodes[e.b]!);
    const d = distM(at, point);
    if (!best || d < best.distanceM) best = { point, edge: i, distanceM: d };
  });
  if (!best) throw new NoRouteError('the street network is empty: there is nothing to drive on');
  return best;
}

interface Arc {
  to: number;
  w: number;
}

/** Shortest path over the graph plus a virtual source S (at the start snap) and target T (at the end snap). */
function search(g: StreetGraph, from: Snap, to: Snap): number[] | undefined {
  const n = g.nodes.length;
  const S = n;
  const T = n + 1;
  const ends = (s: Snap) => {
    const e = g.edges[s.edge]!;
    return [
      { node: e.a, w: distM(s.point, g.nodes[e.a]!) },
      { node: e.b, w: distM(s.point, g.nodes[e.b]!) },
    ];
  };
  const targetIn = new Map(ends(to).map((x) => [x.node, x.w]));
  const arcs = (u: number): Arc[] => {
    if (u === S) {
      const out = ends(from).map((x) => ({ to: x.node, w: x.w }));
      return from.edge === to.edge ? [...out, { to: T, w: distM(from.point, to.point) }] : out;
    }
    const out = g.incident[u]!.map((i) => {
      const e = g.edges[i]!;
      return { to: e.a === u ? e.b : e.a, w: e.lengthM };
    });
    const w = targetIn.get(u);
    return w === undefined ? out : [...out, { to: T, w }];
  };
  const h = (u: number) => (u >= n ? 0 : distM(g.nodes[u]!, to.point));
  const dist = new Float64Array(n + 2).fill(Infinity);
  const prev = new Int32Array(n + 2).fill(-1);
  const queue = new TinyQueue<{ u: number; d: number; f: number }>([], (x, y) => x.f - y.f);
  dist[S] = 0;
  queue.push({ u: S, d: 0, f: h(S) });
  for (let item = queue.pop(); item; item = queue.pop()) {
    const u = item.u;
    if (u === T) break;
    if (item.d > dist[u]!) continue; // superseded by a shorter way to u
    for (const { to: v, w } of arcs(u)) {
      const d = dist[u]! + w;
      if (d < dist[v]!) {
        dist[v] = d;
        prev[v] = u;
        queue.push({ u: v, d, f: d + h(v) });
      }
    }
  }
  if (dist[T] === Infinity) return undefined;
  const path: number[] = [];
  for (let u = T; u !== -1; u = prev[u]!) path.push(u);
  return path.reverse();
}

/** Appends p unless it repeats the last point. */
function push(points: LatLng[], p: LatLng): void {
  const last = points.at(-1);
  if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
}

export function polylineLengthM(points: readonly LatLng[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += distM(points[i - 1]!, points[i]!);
  return sum;
}

/**
 * The shortest way by street from `start` to `dest`: straight to the nearest point of the network,
 * along the streets, and straight from the network to `dest`. Throws NoRouteError when the network
 * is empty or does not connect the two snapped points.
 */
export function shortestPath(g: StreetGraph, start: LatLng, dest: LatLng): Route {
  const from = snapToNetwork(g, start);
  const to = snapToNetwork(g, dest);
  const path = search(g, from, to);
  if (!path) {
    const fmt = (p: LatLng) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
    throw new NoRouteError(
      `no street path from ${fmt(start)} to ${fmt(dest)}: the streets near them are not connected`,
    );
  }
  const points: LatLng[] = [];
  push(points, start);
  for (const u of path) {
    if (u === g.nodes.length) push(points, from.point);
    else if (u === g.nodes.length + 1) push(points, to.point);
    else push(points, g.nodes[u]!);
  }
  push(points, dest);
  return { points, lengthM: polylineLengthM(points) };
}
