// Cluster benchmark: one scenario on three set-ups side by side — (a) one node on SQLite (the
// default), (b) one node on PostgreSQL (DATABASE_URL only), (c) three nodes on PostgreSQL + Redis —
// each started fresh (bench/lib/cluster-field.ts). On each: the alarm latency (device publish →
// `alarm:raised` at a dispatcher's console; in (c) the devices are on node-1 and the console on
// node-3, so every alarm crosses Redis) under a steady background load, then the QoS-0 ingest rate
// the pipeline sustains, with ingest.bench.ts' generator and definition of accepted and sustained,
// the connections spread round-robin over the nodes' MQTT ports. CPU by process (/proc, PostgreSQL
// with its backends) at every step, so a reader sees what saturates first. Target: (a) sustains
// ≥ 60 k msg/s (no regression); (b) and (c) are reported as measured. Writes bench/results/cluster.json.
//
//   npx tsx bench/cluster.bench.ts [--only sqlite,postgres,cluster] [--rates 15000,30000,45000,60000,75000]
//     [--step-s 6] [--connections 1000] [--nodes 3] [--watchdog-s 270]
import os from 'node:os';
import path from 'node:path';
import { AlarmWatch, FaultDevices } from './lib/alarm-probe';
import { runBench, type Bench } from './lib/bench';
import { spreadGenerator, startField, type Field, type FieldName } from './lib/cluster-field';
import {
  bestStep,
  clusterReport,
  type ClusterAlarm,
  type ClusterConfig,
  type ClusterStep,
} from './lib/cluster-report';
import { listArg, loadAvg, logger, numArg, withTimeout } from './lib/common';
import type { LoadGenerator } from './lib/generator';
import type { Scrape } from './lib/metrics';
import { TreeWindow } from './lib/proc-tree';
import { BOX_NORMAL, BOX_READING } from './lib/readings';
import { addDispatcher, registerDevices } from './lib/register';
import { writeReport, writeResult } from './lib/report';

const FIELDS: readonly FieldName[] = ['sqlite', 'postgres', 'cluster'];
const ONLY = listArg('only', FIELDS.join(',')).filter((f): f is FieldName => {
  if (!(FIELDS as readonly string[]).includes(f))
    throw new Error(`--only: ${f} is not one of ${FIELDS.join(', ')}`);
  return true;
});
const CONNECTIONS = numArg('connections', 1000);
const RATES = listArg('rates', '15000,30000,45000,60000,75000').map(Number);
const STEP_S = numArg('step-s', 6);
const SETTLE_S = 2;
const NODES = numArg('nodes', 3);
const SUSTAINED = 0.9;
const HISTORY_SHED_MAX = 0.01;
/** As in ingest.bench.ts: the per-device limit is out of the way (every device sends rate/N msg/s). */
const DEVICE_LIMITS = { DEVICE_RATE_PER_S: '1000000', DEVICE_BURST: '1000000' };
const GEN_TIMEOUT_MS = 120_000;
const RULE = 'leakage';
const ALARM = { background: 5000, faults: 100, perS: 20, warmS: 3, waitS: 10, rule: RULE };
/** A full reading with a leakage current over the 30 mA threshold of the `leakage` rule. */
const FAULT = JSON.stringify({ ...BOX_NORMAL, leakage_ma: 45 });
const DISPATCHER = { username: 'bench-cluster-disp', password: 'bench-cluster-disp-1' };

const CONFIG: ClusterConfig = {
  fields: ONLY,
  connections: CONNECTIONS,
  rates: RATES,
  stepS: STEP_S,
  settleS: SETTLE_S,
  nodes: NODES,
  targetQos0: 60_000,
  alarm: ALARM,
};
const log = logger();
const steps: ClusterStep[] = [];
const alarms: ClusterAlarm[] = [];

/** Every node's /metrics, summed (lag: the worst node). */
async function scrapeAll(f: Field) {
  const all: Scrape[] = await Promise.all(f.nodes.map((n) => n.scrape(15_000)));
  const sum = (fn: (s: Scrape) => number) => all.reduce((a, s) => a + fn(s), 0);
  return {
    accepted: sum((s) => s.accepted),
    shed: sum((s) => s.shedTotal),
    historyShed: sum((s) => s.historyShed),
    commits: sum((s) => s.commits),
    commitS: sum((s) => s.commitS),
    lagP99S: Math.max(...all.map((s) => s.lagP99S)),
  };
}

const died = (f: Field) =>
  f.nodes.map((n, i) => n.died() && `node-${i + 1} ${n.died()}`).find((x) => x) || undefined;

async function measureStep(
  b: Bench,
  f: Field,
  gen: LoadGenerator,
  roots: Record<string, number>,
  offered: number,
) {
  gen.send({ type: 'run', rate: offered, qos: 0, window: 16 });
  await b.nap(SETTLE_S * 1000);
  // This scrape also resets the loop-lag histograms. A node that does not answer ends the stepping.
  const m0 = await scrapeAll(f).catch((err: unknown) => err as Error);
  if (m0 instanceof Error) {
    const why = died(f) ?? `unreachable (${m0.message})`;
    const zero = { sentPerS: 0, acceptedPerS: 0, edgeShedPerS: 0, historyShedPerS: 0, lagP99Ms: 0 };
    return { field: f.name, offered, ...zero, cpu: {}, sustained: false, died: why } satisfies ClusterStep;
  }
  const g0 = await gen.stats(GEN_TIMEOUT_MS);
  const win = TreeWindow.open(roots);
  await b.nap((STEP_S - SETTLE_S) * 1000);
  let gone = died(f);
  const m1 = gone ? m0 : await scrapeAll(f).catch((err: unknown) => void (gone = (err as Error).message));
  const g1 = await gen.stats(GEN_TIMEOUT_MS);
  const w = win.close();
  const per = (a: number, z: number) => Math.round((z - a) / w.dtS);
  const end = m1 ?? m0;
  const n = end.commits - m0.commits;
  const s: ClusterStep = {
    field: f.name,
    offered,
    sentPerS: per(g0.sent, g1.sent),
    acceptedPerS: per(m0.accepted, end.accepted),
    edgeShedPerS: per(m0.shed, end.shed),
    historyShedPerS: per(m0.historyShed, end.historyShed),
    ...(n > 0 && { commitMs: Math.round(((end.commitS - m0.commitS) / n) * 10_000) / 10 }),
    lagP99Ms: Math.round(end.lagP99S * 10_000) / 10,
    cpu: w.cpuPct,
    ...(w.machinePct !== undefined && { machinePct: w.machinePct }),
    sustained: false,
    ...(gone && { died: gone }),
  };
  s.sustained =
    !gone && s.acceptedPerS >= SUSTAINED * offered && s.historyShedPerS <= HISTORY_SHED_MAX * offered;
  return s;
}

async function alarmProbe(
  b: Bench,
  f: Field,
  gen: LoadGenerator,
  roots: Record<string, number>,
  w: {
    devs: FaultDevices;
    watch: AlarmWatch;
    deviceNode: string;
    consoleNode: string;
  },
) {
  gen.send({ type: 'run', rate: ALARM.background, qos: 0, window: 16 });
  await b.nap(ALARM.warmS * 1000);
  const m0 = await scrapeAll(f);
  const win = TreeWindow.open(roots);
  const t0 = performance.now();
  for (let i = 0; i < ALARM.faults; i++) {
    const wait = t0 + (i * 1000) / ALARM.perS - performance.now();
    if (wait > 0) await b.nap(wait);
    w.devs.fire(i, FAULT, w.watch);
  }
  await w.watch.waitAll(ALARM.waitS * 1000);
  const cpu = win.close();
  const m1 = await scrapeAll(f);
  gen.send({ type: 'idle' });
  const r = w.watch.result();
  const a: ClusterAlarm = {
    field: f.name,
    expected: r.expected,
    received: r.received,
    latency: r.latency,
    toIngest: r.toIngest,
    fromIngest: r.fromIngest,
    deviceNode: w.deviceNode,
    consoleNode: w.consoleNode,
    backgroundAcceptedPerS: Math.round((m1.accepted - m0.accepted) / cpu.dtS),
    cpu: cpu.cpuPct,
    ...(cpu.machinePct !== undefined && { machinePct: cpu.machinePct }),
  };
  log(
    `${f.name}: ${a.received}/${a.expected} alarms (${a.deviceNode} → ${a.consoleNode}), p50 ${a.latency.p50Ms} ms, ` +
      `p99 ${a.latency.p99Ms} ms, max ${a.latency.maxMs} ms; publish→ingest p99 ${a.toIngest.p99Ms} ms, ` +
      `ingest→console p99 ${a.fromIngest.p99Ms} ms; background ${a.backgroundAcceptedPerS}/s; cpu ${JSON.stringify(a.cpu)}`,
  );
  return a;
}

async function benchField(b: Bench, name: FieldName): Promise<void> {
  await b.scope(name, async (cleanup) => {
    const f = await startField(name, path.join(b.tmp, name), NODES, cleanup, log, DEVICE_LIMITS);
    const head = f.nodes[0]!;
    const register = (prefix: string, n: number, pad: number) =>
      withTimeout(registerDevices(head.api, head.admin, prefix, n, { pad }), 60_000, `registering ${prefix}`);
    const loaders = await register('ing', CONNECTIONS, 5);
    const faulty = await register('flt', ALARM.faults, 4);
    const token = await addDispatcher(head.api, head.admin, DISPATCHER);
    const c = await spreadGenerator(f.nodes, loaders, BOX_READING, cleanup, GEN_TIMEOUT_MS);
    log(
      `${name}: ${c.ok} load connections up, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''}`,
    );
    if (c.ok === 0) throw new Error(`${name}: no load connection`);
    const last = f.nodes.length - 1;
    const devs = await FaultDevices.connect(head.mqttUrl, faulty, BOX_READING, 1);
    cleanup.add('fault devices', () => devs.close());
    const watch = await AlarmWatch.connect(f.nodes[last]!.url, token, RULE);
    cleanup.add('dispatcher socket', () => watch.close());
    const roots = { ...f.roots, generator: c.gen.pid, bench: process.pid };
    const where = { devs, watch, deviceNode: 'node-1', consoleNode: `node-${last + 1}` };
    alarms.push(await alarmProbe(b, f, c.gen, roots, where));
    // Ingest as ingest.bench.ts measures it: no console and no other device connected.
    watch.close();
    await devs.close();
    await b.nap(1000);
    for (const offered of RATES) {
      const s = await measureStep(b, f, c.gen, roots, offered);
      steps.push(s);
      log(
        `${name} offered ${offered}/s: sent ${s.sentPerS}/s, accepted ${s.acceptedPerS}/s, lag p99 ${s.lagP99Ms} ms` +
          (s.commitMs !== undefined ? `, commit mean ${s.commitMs} ms` : '') +
          (s.historyShedPerS ? `, history shed ${s.historyShedPerS}/s` : '') +
          `, cpu ${JSON.stringify(s.cpu)}, machine ${s.machinePct ?? '?'} %` +
          (s.died ? `, ${s.died}` : ''),
      );
      if (!s.sustained) break;
    }
    c.gen.send({ type: 'idle' });
  });
}

const load0 = os.loadavg();
let written = false;
function finish(why?: string): void {
  if (written) return;
  written = true;
  const report = clusterReport(CONFIG, steps, alarms, load0, os.cpus().length);
  console.log(`\n${report.tables}\n`);
  console.log(`load average before ${loadAvg(load0)}, after ${loadAvg()}${why ? `; ABORTED: ${why}` : ''}`);
  writeReport(report);
  const file = writeResult('cluster', {
    when: new Date().toISOString(),
    ...(why && { aborted: why }),
    config: { ...CONFIG, deviceLimits: DEVICE_LIMITS, payloadBytes: Buffer.byteLength(BOX_READING) },
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: os.loadavg(), node: process.version },
    summary: Object.fromEntries(ONLY.map((f) => [f, bestStep(steps, f) ?? null])),
    alarms,
    steps,
    markdown: report.markdown,
  });
  log(`wrote ${file}`);
}

runBench({ name: 'cluster', watchdogS: numArg('watchdog-s', 270), log, onFail: finish }, async (b) => {
  log(
    `cluster bench: ${ONLY.join(', ')}; ${CONNECTIONS} connections, rates ${RATES.join('/')} msg/s, ` +
      `${STEP_S} s steps; ${NODES} nodes in the cluster; load average ${loadAvg(load0)}`,
  );
  for (const name of ONLY) {
    if (b.aborted()) break;
    await benchField(b, name).catch((err: unknown) => log(`${name}: failed: ${(err as Error).message}`));
  }
  finish();
});
