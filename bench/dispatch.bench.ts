// Dispatch decision speed: `npx tsx bench/dispatch.bench.ts`.
// 1,000 vans at seeded random places in a 10 × 10 km box around Qufu (35.597 N, 116.99 E), about half
// of them busy. Measures the index build, the nearest-idle-van decision (kd-tree + geokdbush
// branch-and-bound vs a linear haversine scan) and picking the next of 10,000 waiting tickets.
// Prints a markdown table for docs/benchmarks.md (and hands it to bench/run.ts with --report <file>).
import { performance } from 'node:perf_hooks';
import { nextInQueue, VanIndex, type VanPoint } from '../server/src/pipeline/dispatch';
import { haversineM } from '../server/src/pipeline/geo';
import type { Priority, TicketRecord } from '../server/src/store/store';
import { seededRandom } from '../simulators/lib/random';
import { writeReport } from './lib/report';
import { median } from './lib/stats';

const VANS = 1000;
const DECISIONS = 10_000;
const RUNS = 7;
const QUEUE = 10_000;
const CENTER = { lat: 35.597, lng: 116.99 };
// Half of 10 km, in degrees: 1° latitude ≈ 111.195 km; longitude shrinks with cos(latitude).
const HALF_LAT = 5 / 111.195;
const HALF_LNG = 5 / (111.195 * Math.cos((CENTER.lat * Math.PI) / 180));

const rnd = seededRandom(0x5eed);
const inBox = () => ({
  lat: CENTER.lat + (rnd() * 2 - 1) * HALF_LAT,
  lng: CENTER.lng + (rnd() * 2 - 1) * HALF_LNG,
});
const vans: VanPoint[] = Array.from({ length: VANS }, (_, i) => ({ id: `van-${i}`, ...inBox() }));
const busy = new Set(vans.filter(() => rnd() < 0.5).map((v) => v.id));
const idle = (id: string) => !busy.has(id);
const queries = Array.from({ length: DECISIONS }, inBox);

/** Median wall time (ms) of `fn` over RUNS runs, after one warm-up run. */
function timeMs(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function linearNearest(lat: number, lng: number): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of vans) {
    if (!idle(v.id)) continue;
    const d = haversineM(lat, lng, v.lat, v.lng);
    if (d < bestD) [best, bestD] = [v.id, d];
  }
  return best;
}

let sink = 0; // keeps the optimiser from dropping the work
const BUILDS = 50;
const buildMs =
  timeMs(() => {
    for (let i = 0; i < BUILDS; i++) sink += new VanIndex(vans).size;
  }) / BUILDS;
const index = new VanIndex(vans);

// Both strategies must agree before their speed means anything.
for (const q of queries) {
  if (index.nearest(q.lat, q.lng, { limit: 1, filter: idle })[0]?.id !== linearNearest(q.lat, q.lng))
    throw new Error(`index and linear scan disagree at ${q.lat}, ${q.lng}`);
}

const kdMs = timeMs(() => {
  for (const q of queries) sink += index.nearest(q.lat, q.lng, { limit: 1, filter: idle }).length;
});
const linearMs = timeMs(() => {
  for (const q of queries) sink += linearNearest(q.lat, q.lng) === undefined ? 0 : 1;
});

const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];
const T0 = Date.UTC(2025, 5, 1);
const queue: TicketRecord[] = Array.from({ length: QUEUE }, (_, i) => {
  const createdAt = T0 + Math.floor(rnd() * 86_400_000);
  return {
    id: `T${i}`,
    status: 'new',
    priority: PRIORITIES[Math.floor(rnd() * 4)] ?? 'P4',
    source: 'hotline',
    category: 'electrical',
    description: '',
    createdAt,
    updatedAt: createdAt,
    respondBy: createdAt + 3_600_000,
    resolveBy: createdAt + 8 * 3_600_000,
  };
});
const PICKS = 100;
const queueMs = timeMs(() => {
  for (let i = 0; i < PICKS; i++) sink += nextInQueue(queue)?.createdAt ?? 0;
});

const us = (ms: number, n: number) => ((ms * 1000) / n).toFixed(2);
const decisionUs = (kdMs * 1000) / DECISIONS;
const table = [
  '| measure | time |',
  '|---|---:|',
  `| build VanIndex (${VANS} vans) | ${buildMs.toFixed(3)} ms |`,
  `| nearest idle van, kd-tree + geokdbush | ${us(kdMs, DECISIONS)} µs/decision |`,
  `| nearest idle van, linear haversine scan | ${us(linearMs, DECISIONS)} µs/decision |`,
  `| speed-up | ${(linearMs / kdMs).toFixed(1)}× |`,
  `| nextInQueue over ${QUEUE.toLocaleString('en')} waiting tickets | ${us(queueMs, PICKS)} µs/pick |`,
].join('\n');
console.log(`Node ${process.version}, ${VANS} vans (${busy.size} busy), median of ${RUNS} runs\n`);
console.log(table);
writeReport({
  markdown: [
    '### Dispatch decision',
    '',
    `${VANS.toLocaleString('en')} vans at seeded random places in a 10 × 10 km box, ${busy.size} of them busy; ` +
      `${DECISIONS.toLocaleString('en')} decisions per run, median of ${RUNS} runs, checked against a linear scan.`,
    '',
    table,
  ].join('\n'),
  summary: [
    {
      scenario: `dispatch: nearest idle van among ${VANS.toLocaleString('en')}`,
      figure: `${decisionUs.toFixed(2)} µs`,
      target: '< 50 µs',
      met: decisionUs < 50,
    },
    {
      scenario: `dispatch: next of ${QUEUE.toLocaleString('en')} waiting tickets`,
      figure: `${us(queueMs, PICKS)} µs`,
    },
  ],
});
if (sink === -1) console.log(sink);
