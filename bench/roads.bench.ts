// Road network speed: `npx tsx bench/roads.bench.ts` (or `bench/run.ts --only roads`).
// Route queries (snap both ends, NBA* over the graph) between seeded random points on the demo town
// (simulators/data/qufu/streets.geojson) and on a synthetic city (bench/lib/road-city.ts, ≥ 100 k
// directed links), and the dispatch decision: the idle van with the shortest road time among 200
// (one reverse Dijkstra that stops once no other van can be nearer: fastest). Prints a markdown table and the targets.
import { performance } from 'node:perf_hooks';
import { roadNetworkOf, type GraphRoadNetwork } from '../server/src/roads/network';
import { readRoadsFile, type RoadsFile } from '../server/src/roads/roads-file';
import type { LatLng } from '../server/src/roads/types';
import { seededRandom } from '../simulators/lib/random';
import { roadCity } from './lib/road-city';
import { writeReport, writeResult } from './lib/report';

const ROUTES = 2000;
const DECISIONS = 300;
const VANS = 200;
const rnd = seededRandom(0x70ad);

interface Box {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

function boxOf(roads: RoadsFile): Box {
  const b = { minLat: Infinity, minLng: Infinity, maxLat: -Infinity, maxLng: -Infinity };
  for (const f of roads.features) {
    for (const [lng, lat] of f.geometry.coordinates) {
      b.minLat = Math.min(b.minLat, lat);
      b.maxLat = Math.max(b.maxLat, lat);
      b.minLng = Math.min(b.minLng, lng);
      b.maxLng = Math.max(b.maxLng, lng);
    }
  }
  return b;
}

const inBox = (b: Box): LatLng => ({
  lat: b.minLat + rnd() * (b.maxLat - b.minLat),
  lng: b.minLng + rnd() * (b.maxLng - b.minLng),
});

/** Percentile (nearest rank) of milliseconds, to the microsecond. */
function pct(ms: number[], q: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

function timeEach<T>(items: T[], fn: (x: T) => unknown): { p50: number; p99: number; found: number } {
  for (const x of items.slice(0, 50)) fn(x); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (const x of items) {
    const t = performance.now();
    const r = fn(x);
    ms.push(performance.now() - t);
    if (r !== undefined) found++;
  }
  return { p50: pct(ms, 0.5), p99: pct(ms, 0.99), found };
}

interface Measured {
  name: string;
  edges: number;
  buildMs: number;
  route: { p50: number; p99: number; found: number };
  decision: { p50: number; p99: number; found: number };
}

function measure(name: string, roads: RoadsFile, box: Box): Measured {
  const t = performance.now();
  const net: GraphRoadNetwork = roadNetworkOf(roads);
  const buildMs = performance.now() - t;
  const pairs = Array.from({ length: ROUTES }, () => [inBox(box), inBox(box)] as const);
  const route = timeEach(pairs, ([a, b]) => net.route(a, b));
  const vans = Array.from({ length: VANS }, () => inBox(box));
  const tickets = Array.from({ length: DECISIONS }, () => inBox(box));
  // The decision as dispatch makes it (fastest: the search stops once no other van can be nearer).
  const decision = timeEach(tickets, (to) => net.fastest(vans, to));
  return { name, edges: net.edgeCount, buildMs, route, decision };
}

const town = readRoadsFile('simulators/data/qufu/streets.geojson');
const city = roadCity({ side: 180 });
const results = [
  measure('demo town (Qufu)', town, boxOf(town)),
  measure('synthetic city', city.roads, city.box),
];

const f = (ms: number) => `${ms.toFixed(3)} ms`;
const table = [
  '| network | directed links | build | route p50 | route p99 | decision (200 vans) p50 | decision p99 |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.edges.toLocaleString('en')} | ${r.buildMs.toFixed(0)} ms | ${f(r.route.p50)} | ${f(r.route.p99)} | ${f(r.decision.p50)} | ${f(r.decision.p99)} |`,
  ),
].join('\n');
const [t, c] = results as [Measured, Measured];
const targets = [
  { scenario: 'roads: route p99, demo town', figure: f(t.route.p99), target: '< 5 ms', met: t.route.p99 < 5 },
  { scenario: 'roads: route p99, city', figure: f(c.route.p99), target: '< 50 ms', met: c.route.p99 < 50 },
  {
    scenario: `roads: nearest of ${VANS} vans by road time, city p99`,
    figure: f(c.decision.p99),
    target: '< 20 ms',
    met: c.decision.p99 < 20 && c.edges >= 100_000,
  },
];
console.log(`Node ${process.version}; ${ROUTES} routes and ${DECISIONS} decisions per network\n`);
console.log(table);
console.log('');
for (const x of targets)
  console.log(`${x.scenario}: ${x.figure} (target ${x.target}) ${x.met ? 'met' : 'NOT MET'}`);
for (const r of results) {
  console.log(
    `${r.name}: ${r.route.found}/${ROUTES} routes found, ${r.decision.found}/${DECISIONS} decisions made`,
  );
}
writeResult('roads', results);
writeReport({
  markdown: [
    '### Roads: routes and dispatch by road time',
    '',
    `${ROUTES.toLocaleString('en')} route queries between seeded random points and ${DECISIONS} decisions ` +
      `(the idle van with the shortest road time among ${VANS}) per network; the city is a jittered ` +
      '80 m grid with arterials, one-ways and 3 % of its blocks missing.',
    '',
    table,
  ].join('\n'),
  summary: targets,
});
