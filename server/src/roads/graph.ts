// The road graph built from a roads file: vertices where lines meet (exact shared coordinates), one
// segment per pair of consecutive vertices, and a directed link per way a segment may be driven, its
// weight in seconds. Held twice: as an ngraph.graph (routes, A*/NBA* in ngraph.path) and as reverse
// adjacency arrays (one-to-many travel times, see reverse-dijkstra.ts). Pure.
//
// Distances are on one flat projection centred on the network (x east, y north, metres): exact enough
// over a town or a city (well under 1 % across 50 km), and a true metric, so the straight-line A*
// heuristic below the fastest road's time is admissible and consistent.
import createGraph, { type Graph } from 'ngraph.graph';
import type { RoadsFile } from './roads-file';
import { drivenWays, isDriven, roadSpeedKmh } from './road-tags';

export const M_PER_DEG_LAT = 111_320;

/** A directed link's data: which segment it drives and how long it takes. */
export interface LinkData {
  seg: number;
  s: number;
}

/** A vertex's data in the ngraph graph: its flat position (metres). */
export interface NodeXY {
  x: number;
  y: number;
}

export interface Projection {
  lat0: number;
  lng0: number;
  /** Metres per degree of longitude at lat0. */
  kx: number;
}

export interface RoadGraph {
  proj: Projection;
  vertexCount: number;
  vlat: Float64Array;
  vlng: Float64Array;
  vx: Float64Array;
  vy: Float64Array;
  segCount: number;
  segA: Int32Array;
  segB: Int32Array;
  segLenM: Float64Array;
  /** Seconds from A to B; Infinity where the segment may not be driven that way. */
  segFwdS: Float64Array;
  /** Seconds from B to A; Infinity where not allowed. */
  segBackS: Float64Array;
  /** Half the longest segment, metres (how far a segment reaches from its midpoint). */
  maxHalfLenM: number;
  /** The fastest road, metres per second (for the A* heuristic). */
  topSpeedMps: number;
  /** Directed links. */
  edgeCount: number;
  graph: Graph<NodeXY, LinkData>;
  /** Reverse adjacency: links INTO vertex v are revFrom/revS/revSeg[revStart[v] .. revStart[v+1]). */
  revStart: Int32Array;
  revFrom: Int32Array;
  revS: Float64Array;
  revSeg: Int32Array;
  /** Forward adjacency: links OUT of vertex v, the same way (landmark distances from a vertex). */
  fwdStart: Int32Array;
  fwdTo: Int32Array;
  fwdS: Float64Array;
  fwdSeg: Int32Array;
}

/** One direction of the adjacency arrays: the links of v are other/s/seg[start[v] .. start[v+1]). */
export interface Adjacency {
  start: Int32Array;
  other: Int32Array;
  s: Float64Array;
  seg: Int32Array;
}

export const reverseOf = (g: RoadGraph): Adjacency => ({
  start: g.revStart,
  other: g.revFrom,
  s: g.revS,
  seg: g.revSeg,
});
export const forwardOf = (g: RoadGraph): Adjacency => ({
  start: g.fwdStart,
  other: g.fwdTo,
  s: g.fwdS,
  seg: g.fwdSeg,
});

/** Compressed adjacency of `links` ([from, to, s, seg]) grouped by `from`. */
function compress(n: number, links: number[][]): Adjacency {
  const start = new Int32Array(n + 1);
  for (const l of links) start[l[0]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const other = new Int32Array(links.length);
  const s = new Float64Array(links.length);
  const seg = new Int32Array(links.length);
  for (const [from, to, sec, sg] of links) {
    const i = fill[from!]!++;
    other[i] = to!;
    s[i] = sec!;
    seg[i] = sg!;
  }
  return { start, other, s, seg };
}

export function projectionFor(roads: RoadsFile): Projection {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const f of roads.features) {
    for (const [lng, lat] of f.geometry.coordinates) {
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
      minLng = Math.min(minLng, lng);
      maxLng = Math.max(maxLng, lng);
    }
  }
  if (minLat === Infinity) return { lat0: 0, lng0: 0, kx: M_PER_DEG_LAT };
  const lat0 = (minLat + maxLat) / 2;
  return { lat0, lng0: (minLng + maxLng) / 2, kx: M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180) };
}

export const toX = (p: Projection, lng: number): number => (lng - p.lng0) * p.kx;
export const toY = (p: Projection, lat: number): number => (lat - p.lat0) * M_PER_DEG_LAT;

/** Builds the graph; roads that are not driven are left out, and so are zero-length segments. */
export function buildRoadGraph(roads: RoadsFile): RoadGraph {
  const proj = projectionFor(roads);
  const vertexOf = new Map<string, number>();
  const lat: number[] = [];
  const lng: number[] = [];
  const vertex = (c: readonly [number, number]): number => {
    const key = `${c[0]},${c[1]}`;
    let v = vertexOf.get(key);
    if (v === undefined) {
      v = lat.length;
      vertexOf.set(key, v);
      lng.push(c[0]);
      lat.push(c[1]);
    }
    return v;
  };
  const segA: number[] = [];
  const segB: number[] = [];
  const segLen: number[] = [];
  const fwd: number[] = [];
  const back: number[] = [];
  let topKmh = 0;
  for (const f of roads.features) {
    const tags = f.properties;
    if (!isDriven(tags)) continue;
    const ways = drivenWays(tags);
    const mps = roadSpeedKmh(tags) / 3.6;
    topKmh = Math.max(topKmh, mps * 3.6);
    const coords = f.geometry.coordinates;
    let prev = vertex(coords[0]!);
    for (let i = 1; i < coords.length; i++) {
      const cur = vertex(coords[i]!);
      const len = Math.hypot(
        toX(proj, lng[cur]!) - toX(proj, lng[prev]!),
        toY(proj, lat[cur]!) - toY(proj, lat[prev]!),
      );
      if (cur !== prev && len > 0) {
        segA.push(prev);
        segB.push(cur);
        segLen.push(len);
        fwd.push(ways.forward ? len / mps : Infinity);
        back.push(ways.backward ? len / mps : Infinity);
      }
      prev = cur;
    }
  }
  return assemble(proj, lat, lng, segA, segB, segLen, fwd, back, topKmh / 3.6);
}

function assemble(
  proj: Projection,
  lat: number[],
  lng: number[],
  segA: number[],
  segB: number[],
  segLen: number[],
  fwd: number[],
  back: number[],
  topSpeedMps: number,
): RoadGraph {
  const n = lat.length;
  const vx = Float64Array.from(lng, (v) => toX(proj, v));
  const vy = Float64Array.from(lat, (v) => toY(proj, v));
  const graph = createGraph<NodeXY, LinkData>({ multigraph: true });
  for (let v = 0; v < n; v++) graph.addNode(v, { x: vx[v]!, y: vy[v]! });
  const links: number[][] = [];
  let maxLen = 0;
  for (let s = 0; s < segA.length; s++) {
    const a = segA[s]!;
    const b = segB[s]!;
    if (fwd[s]! < Infinity) {
      graph.addLink(a, b, { seg: s, s: fwd[s]! });
      links.push([a, b, fwd[s]!, s]);
    }
    if (back[s]! < Infinity) {
      graph.addLink(b, a, { seg: s, s: back[s]! });
      links.push([b, a, back[s]!, s]);
    }
    maxLen = Math.max(maxLen, segLen[s]!);
  }
  const edgeCount = links.length;
  const forward = compress(n, links);
  const reverse = compress(
    n,
    links.map(([from, to, sec, sg]) => [to!, from!, sec!, sg!]),
  );
  return {
    proj,
    vertexCount: n,
    vlat: Float64Array.from(lat),
    vlng: Float64Array.from(lng),
    vx,
    vy,
    segCount: segA.length,
    segA: Int32Array.from(segA),
    segB: Int32Array.from(segB),
    segLenM: Float64Array.from(segLen),
    segFwdS: Float64Array.from(fwd),
    segBackS: Float64Array.from(back),
    maxHalfLenM: maxLen / 2,
    topSpeedMps: topSpeedMps > 0 ? topSpeedMps : 1,
    edgeCount,
    graph,
    revStart: reverse.start,
    revFrom: reverse.other,
    revS: reverse.s,
    revSeg: reverse.seg,
    fwdStart: forward.start,
    fwdTo: forward.other,
    fwdS: forward.s,
    fwdSeg: forward.seg,
  };
}
