// The RoadNetwork (types.ts) over a road graph: routes by ngraph.path's NBA* (bidirectional A*) with
// the closures as its `blocked` callback and, as heuristic, the straight distance at the fastest road's
// speed (never more than the true time, so routes are shortest); one-to-many travel times by a reverse
// Dijkstra; closures marked per segment through the segment index. Pure (no I/O, no clock).
//
// A point joins the roads at its nearest position on an open segment: the leg from the point to it is
// driven at OFF_ROAD_KMH (a van crawling across a yard or a square), then the part of that segment in
// a direction it may be driven, the graph path, and the part of the last segment to the end's snap.
import { nba } from 'ngraph.path';
import type { Node } from 'ngraph.graph';
import { closureBounds, segmentClosed } from './closure-geometry';
import { buildRoadGraph, toX, toY, type LinkData, type NodeXY, type RoadGraph } from './graph';
import { Landmarks } from './landmarks';
import { ReverseDijkstra } from './reverse-dijkstra';
import type { RoadsFile } from './roads-file';
import { SegmentIndex, type Snap } from './snap';
import type { ClosureArea, LatLng, RoadNetwork, RoadRoute, RoadTravel } from './types';

/** Speed of the legs between a point and its road, km/h. */
export const OFF_ROAD_KMH = 10;
const OFF_ROAD_MPS = OFF_ROAD_KMH / 3.6;

/** Virtual node ids of a route's two ends in the ngraph graph (real vertices are 0 … n-1). */
const START = -1;
const END = -2;

/** How a snapped point leaves (or reaches) the graph: to vertex v, costing s seconds and m metres. */
interface Exit {
  v: number;
  s: number;
  m: number;
}

export class GraphRoadNetwork implements RoadNetwork {
  readonly edgeCount: number;
  private readonly index: SegmentIndex;
  private readonly dijkstra: ReverseDijkstra;
  private closed: Uint8Array;
  private readonly isClosed = (seg: number): boolean => this.closed[seg] === 1;
  private readonly isOpen = (seg: number): boolean => this.closed[seg] !== 1;
  private readonly finder;
  private readonly landmarks: Landmarks;
  /** The current route's virtual ends (viaGraph): how START leaves the graph and END joins it. */
  private ends: { exits: Exit[]; entries: Exit[] } = { exits: [], entries: [] };

  constructor(readonly g: RoadGraph) {
    this.edgeCount = g.edgeCount;
    this.index = new SegmentIndex(g);
    this.dijkstra = new ReverseDijkstra(g);
    this.closed = new Uint8Array(g.segCount);
    const top = g.topSpeedMps;
    this.landmarks = new Landmarks(g);
    this.finder = nba<NodeXY, LinkData>(g.graph, {
      oriented: true,
      distance: (_a, _b, link) => link.data.s,
      blocked: (_a, _b, link) => this.closed[link.data.seg] === 1,
      // Both lower bounds of the time left: the straight line at the top speed, and the landmarks'.
      heuristic: (a: Node<NodeXY>, b: Node<NodeXY>) =>
        Math.max(
          Math.hypot(a.data.x - b.data.x, a.data.y - b.data.y) / top,
          this.bound(a.id as number, b.id as number),
        ),
    });
  }

  setClosures(closures: readonly ClosureArea[]): void {
    const g = this.g;
    const closed = new Uint8Array(g.segCount);
    for (const c of closures) {
      const box = closureBounds(c);
      const p = g.proj;
      for (const s of this.index.near(
        toX(p, box.minLng),
        toY(p, box.minLat),
        toX(p, box.maxLng),
        toY(p, box.maxLat),
      )) {
        if (closed[s] === 1) continue;
        const a = g.segA[s]!;
        const b = g.segB[s]!;
        const pa = { lat: g.vlat[a]!, lng: g.vlng[a]! };
        const pb = { lat: g.vlat[b]!, lng: g.vlng[b]! };
        if (segmentClosed(pa, pb, c)) closed[s] = 1;
      }
    }
    this.closed = closed;
  }

  /** How many segments the closures in force take out (for logs and tests). */
  closedSegments(): number {
    let n = 0;
    for (const c of this.closed) n += c;
    return n;
  }

  route(from: LatLng, to: LatLng): RoadRoute | undefined {
    const a = this.index.snap(from, this.isOpen);
    const b = this.index.snap(to, this.isOpen);
    if (!a || !b) return undefined;
    const direct = this.direct(a, b);
    const graphed = this.viaGraph(a, b);
    let best: { s: number; m: number; vertices: number[] } | undefined;
    if (direct) best = { ...direct, vertices: [] };
    if (graphed && (!best || graphed.s < best.s)) best = graphed;
    if (!best) return undefined;
    const g = this.g;
    const coords: [number, number][] = [
      [from.lng, from.lat],
      [a.lng, a.lat],
    ];
    for (const v of best.vertices) coords.push([g.vlng[v]!, g.vlat[v]!]);
    coords.push([b.lng, b.lat], [to.lng, to.lat]);
    return {
      distanceM: a.offM + best.m + b.offM,
      durationS: (a.offM + b.offM) / OFF_ROAD_MPS + best.s,
      coordinates: dedupe(coords),
    };
  }

  travelTimes(origins: readonly LatLng[], to: LatLng): (number | undefined)[] {
    return this.travel(origins, to).map((t) => t?.durationS);
  }

  travel(origins: readonly LatLng[], to: LatLng): (RoadTravel | undefined)[] {
    const end = this.index.snap(to, this.isOpen);
    if (!end) return origins.map(() => undefined);
    const starts = origins.map((o) => this.index.snap(o, this.isOpen));
    const targets: number[] = [];
    for (const s of starts) if (s) for (const e of this.exits(s)) targets.push(e.v);
    const found = this.dijkstra.search(this.entries(end), targets, this.isClosed);
    return starts.map((s) => {
      if (!s) return undefined;
      let best = this.direct(s, end) ?? { s: Infinity, m: Infinity };
      for (const e of this.exits(s)) {
        const t = e.s + found.seconds(e.v);
        if (t < best.s) best = { s: t, m: e.m + found.metres(e.v) };
      }
      return this.withOffRoad(s, end, best);
    });
  }

  fastest(origins: readonly LatLng[], to: LatLng): (RoadTravel & { index: number }) | undefined {
    const end = this.index.snap(to, this.isOpen);
    if (!end) return undefined;
    let best: (RoadTravel & { index: number; lineM: number }) | undefined;
    const consider = (i: number, s: Snap, leg: { s: number; m: number } | undefined) => {
      const t = leg && this.withOffRoad(s, end, leg);
      if (!t) return;
      const lineM = this.flatM(origins[i]!, to);
      if (!best || t.durationS < best.durationS || (t.durationS === best.durationS && lineM < best.lineM)) {
        best = { ...t, index: i, lineM };
      }
    };
    const atVertex = new Map<number, { i: number; s: Snap; e: Exit }[]>();
    origins.forEach((o, i) => {
      const s = this.index.snap(o, this.isOpen);
      if (!s) return;
      consider(i, s, this.direct(s, end)); // on the destination's own segment
      for (const e of this.exits(s)) {
        const list = atVertex.get(e.v) ?? [];
        list.push({ i, s, e });
        atVertex.set(e.v, list);
      }
    });
    // An origin takes at least its exit vertex's time: once the search is past the best total so far,
    // no origin left can beat it, and the search stops.
    this.dijkstra.search(this.entries(end), [...atVertex.keys()], this.isClosed, (v, sec, m) => {
      for (const { i, s, e } of atVertex.get(v) ?? []) consider(i, s, { s: e.s + sec, m: e.m + m });
      return best ? best.durationS : Infinity;
    });
    if (!best) return undefined;
    const { durationS, distanceM, index } = best;
    return { durationS, distanceM, index };
  }

  /** The off-road legs at both ends added to a road leg (Infinity: no road). */
  private withOffRoad(a: Snap, b: Snap, leg: { s: number; m: number }): RoadTravel | undefined {
    if (leg.s === Infinity) return undefined;
    return { durationS: (a.offM + b.offM) / OFF_ROAD_MPS + leg.s, distanceM: a.offM + leg.m + b.offM };
  }

  private flatM(a: LatLng, b: LatLng): number {
    const p = this.g.proj;
    return Math.hypot(toX(p, a.lng) - toX(p, b.lng), toY(p, a.lat) - toY(p, b.lat));
  }

  /** From a snapped start along its segment to either end vertex it may be driven to. */
  private exits(p: Snap): Exit[] {
    const g = this.g;
    const out: Exit[] = [];
    const len = g.segLenM[p.seg]!;
    if (g.segFwdS[p.seg]! < Infinity) {
      out.push({ v: g.segB[p.seg]!, s: (1 - p.t) * g.segFwdS[p.seg]!, m: (1 - p.t) * len });
    }
    if (g.segBackS[p.seg]! < Infinity) {
      out.push({ v: g.segA[p.seg]!, s: p.t * g.segBackS[p.seg]!, m: p.t * len });
    }
    return out;
  }

  /** From either end vertex of a snapped end's segment along it to the snap, where allowed. */
  private entries(p: Snap): Exit[] {
    const g = this.g;
    const out: Exit[] = [];
    const len = g.segLenM[p.seg]!;
    if (g.segFwdS[p.seg]! < Infinity) {
      out.push({ v: g.segA[p.seg]!, s: p.t * g.segFwdS[p.seg]!, m: p.t * len });
    }
    if (g.segBackS[p.seg]! < Infinity) {
      out.push({ v: g.segB[p.seg]!, s: (1 - p.t) * g.segBackS[p.seg]!, m: (1 - p.t) * len });
    }
    return out;
  }

  /** Both points on one segment: straight along it, if it may be driven that way. */
  private direct(a: Snap, b: Snap): { s: number; m: number } | undefined {
    if (a.seg !== b.seg) return undefined;
    const g = this.g;
    const dt = b.t - a.t;
    const perS = dt >= 0 ? g.segFwdS[a.seg]! : g.segBackS[a.seg]!;
    if (perS === Infinity) return undefined;
    return { s: Math.abs(dt) * perS, m: Math.abs(dt) * g.segLenM[a.seg]! };
  }

  /** Landmark lower bound between two nodes, the route's virtual ends included. */
  private bound(u: number, w: number): number {
    if (u === START) return Math.min(...this.ends.exits.map((x) => x.s + this.bound(x.v, w)));
    if (w === END) return Math.min(...this.ends.entries.map((e) => this.bound(u, e.v) + e.s));
    if (u === END || w === START) return 0;
    return this.landmarks.bound(u, w);
  }

  /** The graph path between two snaps: virtual end nodes joined to their segments' vertices. */
  private viaGraph(a: Snap, b: Snap): { s: number; m: number; vertices: number[] } | undefined {
    const graph = this.g.graph;
    const exits = this.exits(a);
    const entries = this.entries(b);
    if (exits.length === 0 || entries.length === 0) return undefined;
    graph.addNode(START, { x: toX(this.g.proj, a.lng), y: toY(this.g.proj, a.lat) });
    graph.addNode(END, { x: toX(this.g.proj, b.lng), y: toY(this.g.proj, b.lat) });
    // seg -1: never closed (the snaps are on open segments already).
    this.ends = { exits, entries };
    for (const e of exits) graph.addLink(START, e.v, { seg: -1, s: e.s });
    for (const e of entries) graph.addLink(e.v, END, { seg: -1, s: e.s });
    let path: Node<NodeXY>[];
    try {
      path = this.finder.find(START, END);
    } finally {
      graph.removeNode(START);
      graph.removeNode(END);
    }
    // ngraph.path returns the nodes from the end back to the start; empty when there is no path.
    if (path.length < 2 || path[0]!.id !== END || path[path.length - 1]!.id !== START) return undefined;
    const ids = path.map((n) => n.id as number).reverse();
    let s = 0;
    let m = 0;
    for (let i = 1; i < ids.length; i++) {
      const leg = this.leg(ids[i - 1]!, ids[i]!, exits, entries);
      if (!leg) return undefined;
      s += leg.s;
      m += leg.m;
    }
    return { s, m, vertices: ids.slice(1, -1) };
  }

  /** The cheapest open link u → v (parallel roads between two vertices are possible). */
  private leg(u: number, v: number, exits: Exit[], entries: Exit[]): { s: number; m: number } | undefined {
    if (u === START) return exits.find((e) => e.v === v);
    if (v === END) return entries.find((e) => e.v === u);
    const g = this.g;
    let best: { s: number; m: number } | undefined;
    for (let k = g.revStart[v]!, end = g.revStart[v + 1]!; k < end; k++) {
      if (g.revFrom[k] !== u || this.closed[g.revSeg[k]!] === 1) continue;
      if (!best || g.revS[k]! < best.s) best = { s: g.revS[k]!, m: g.segLenM[g.revSeg[k]!]! };
    }
    return best;
  }
}

function dedupe(coords: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of coords) {
    const last = out[out.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) out.push(c);
  }
  return out;
}

/** The network of a roads file. */
export function roadNetworkOf(roads: RoadsFile): GraphRoadNetwork {
  return new GraphRoadNetwork(buildRoadGraph(roads));
}
