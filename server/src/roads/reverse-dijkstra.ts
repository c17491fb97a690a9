// One-to-many road times for dispatch: a Dijkstra search from the destination over the REVERSED links
// (revStart/revFrom of graph.ts), so one search answers "how long from each van to here". ngraph.path
// only finds one path between two nodes (A*, NBA*); running it once per van would repeat the same
// search 200 times, so this one search runs on the graph's own arrays. It stops as soon as every vertex
// asked for is settled. Buffers are reused between calls (stamps instead of clearing). Pure.
import { reverseOf, type Adjacency, type RoadGraph } from './graph';

export class ReverseDijkstra {
  private readonly dist: Float64Array;
  /** Metres along the fastest way found (the road distance that goes with dist). */
  private readonly metres: Float64Array;
  private readonly stamp: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly wanted: Uint32Array;
  private run = 0;
  private heapD: Float64Array;
  private heapV: Int32Array;

  constructor(
    private readonly g: RoadGraph,
    /** The links searched: reversed by default (times TO the seeds); forward gives times FROM them. */
    private readonly adj: Adjacency = reverseOf(g),
  ) {
    const n = g.vertexCount;
    this.dist = new Float64Array(n);
    this.metres = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.wanted = new Uint32Array(n);
    this.heapD = new Float64Array(Math.max(16, g.edgeCount + 8));
    this.heapV = new Int32Array(this.heapD.length);
  }

  /**
   * Seconds from every vertex in `targets` to the destination, given the seconds from each `seeds`
   * vertex to the destination; links on segments for which `closed(seg)` holds are not used.
   * `settledTarget(v, s, m)` hears of each target as it is settled and returns the time past which the
   * caller needs nothing more (Infinity: go on until every target is settled).
   * Returns lookups valid until the next call (Infinity: no road, or not searched that far).
   */
  search(
    seeds: readonly { v: number; s: number; m: number }[],
    targets: readonly number[] | 'all',
    closed: (seg: number) => boolean,
    settledTarget?: (v: number, s: number, m: number) => number,
  ): { seconds: (v: number) => number; metres: (v: number) => number } {
    const g = this.g;
    const adj = this.adj;
    const everything = targets === 'all';
    const run = ++this.run;
    const { dist, metres, stamp, settled, wanted } = this;
    let bound = Infinity;
    let need = 0;
    for (const v of everything ? [] : targets) {
      if (wanted[v] !== run) {
        wanted[v] = run;
        need++;
      }
    }
    let size = 0;
    const push = (v: number, d: number) => {
      if (size === this.heapD.length) this.grow();
      let i = size++;
      const hd = this.heapD;
      const hv = this.heapV;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (hd[parent]! <= d) break;
        hd[i] = hd[parent]!;
        hv[i] = hv[parent]!;
        i = parent;
      }
      hd[i] = d;
      hv[i] = v;
    };
    for (const { v, s, m } of seeds) {
      if (stamp[v] !== run || s < dist[v]!) {
        stamp[v] = run;
        dist[v] = s;
        metres[v] = m;
        push(v, s);
      }
    }
    while (size > 0 && (need > 0 || everything)) {
      const hd = this.heapD;
      const hv = this.heapV;
      const d = hd[0]!;
      const v = hv[0]!;
      // pop: move the last item down from the root
      size--;
      const lastD = hd[size]!;
      const lastV = hv[size]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && hd[c + 1]! < hd[c]!) c++;
        if (hd[c]! >= lastD) break;
        hd[i] = hd[c]!;
        hv[i] = hv[c]!;
        i = c;
      }
      hd[i] = lastD;
      hv[i] = lastV;
      if (settled[v] === run || d > dist[v]!) continue;
      if (d > bound) break;
      settled[v] = run;
      if (wanted[v] === run) {
        need--;
        if (settledTarget) bound = settledTarget(v, d, metres[v]!);
      }
      for (let k = adj.start[v]!, end = adj.start[v + 1]!; k < end; k++) {
        if (closed(adj.seg[k]!)) continue;
        const u = adj.other[k]!;
        const du = d + adj.s[k]!;
        if (stamp[u] !== run || du < dist[u]!) {
          stamp[u] = run;
          dist[u] = du;
          metres[u] = metres[v]! + g.segLenM[adj.seg[k]!]!;
          push(u, du);
        }
      }
    }
    return {
      seconds: (v) => (settled[v] === run ? dist[v]! : Infinity),
      metres: (v) => (settled[v] === run ? metres[v]! : Infinity),
    };
  }

  /** Seconds between the seeds and every vertex (Infinity: no road), with nothing closed. */
  all(seeds: readonly { v: number; s: number; m: number }[]): Float64Array {
    const found = this.search(seeds, 'all', () => false);
    return Float64Array.from({ length: this.g.vertexCount }, (_, v) => found.seconds(v));
  }

  private grow(): void {
    const d = new Float64Array(this.heapD.length * 2);
    const v = new Int32Array(d.length);
    d.set(this.heapD);
    v.set(this.heapV);
    this.heapD = d;
    this.heapV = v;
  }
}
