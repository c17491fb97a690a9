// Street routing for the van simulator: the server's road engine (server/src/roads: one-ways, road
// classes and speeds, routes by NBA*) over the same streets the server loads as ROADS_FILE, so a van
// drives the way dispatch reckons its road time. Here: the route as a [lat, lng] polyline carrying the
// straight off-network legs at both ends, and the simulator's own view of the streets (nodes, edges,
// snapping) that its tests and the fleet watch use. Pure: no I/O.
import { haversineM } from '../../server/src/pipeline/geo';
import { roadNetworkOf } from '../../server/src/roads/network';
import type { RoadNetwork } from '../../server/src/roads/types';
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
  /** The server's road network over the same streets (routes honour one-ways and speeds). */
  readonly network: RoadNetwork;
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
  return { nodes, edges, incident, network: roadNetworkOf(streets) };
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

/** Closer than this (degrees, ~0.1 mm) two points are one. */
const SAME_DEG = 1e-9;

/** Appends p unless it repeats the last point. */
function push(points: LatLng[], p: LatLng): void {
  const last = points.at(-1);
  if (!last || Math.abs(last[0] - p[0]) > SAME_DEG || Math.abs(last[1] - p[1]) > SAME_DEG) points.push(p);
}

export function polylineLengthM(points: readonly LatLng[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += distM(points[i - 1]!, points[i]!);
  return sum;
}

/**
 * The fastest way by street from `start` to `dest` (the server's road engine): straight to the
 * nearest point of the network, along the streets the way they may be driven, and straight from the
 * network to `dest`. Throws NoRouteError when the network is empty or does not connect the two points.
 */
export function shortestPath(g: StreetGraph, start: LatLng, dest: LatLng): Route {
  if (g.edges.length === 0)
    throw new NoRouteError('the street network is empty: there is nothing to drive on');
  const route = g.network.route({ lat: start[0], lng: start[1] }, { lat: dest[0], lng: dest[1] });
  if (!route) {
    const fmt = (p: LatLng) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
    throw new NoRouteError(
      `no street path from ${fmt(start)} to ${fmt(dest)}: the streets near them are not connected`,
    );
  }
  const points: LatLng[] = [];
  push(points, start);
  for (const [lng, lat] of route.coordinates.slice(1, -1)) push(points, [lat, lng]);
  const last = points.length - 1;
  const atDest =
    Math.abs(points[last]![0] - dest[0]) <= SAME_DEG && Math.abs(points[last]![1] - dest[1]) <= SAME_DEG;
  if (last > 0 && atDest)
    points[last] = dest; // end exactly where asked
  else push(points, dest);
  return { points, lengthM: polylineLengthM(points) };
}
