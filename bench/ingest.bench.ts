// Ingest benchmark: sustained accepted telemetry messages/s through the whole Redsail pipeline
// (validate → state → rules → batched store), at QoS 0 and QoS 1, next to Mosquitto and a bare
// aedes broker fed by the same generator. Stepped offered rates; a step counts as sustained while
// at least 90 % of what was offered is accepted (Redsail, read from /metrics, with at most 1 % of it
// shed from the history by a store that fell behind) or delivered to one subscriber (Mosquitto,
// aedes). Targets: ≥ 30 k msg/s at QoS 0 and ≥ 15 k at QoS 1, and ≥ 0.7× Mosquitto. Prints a
// markdown table, writes bench/results/ingest.json (`--result` names it otherwise).
//
//   npx tsx bench/ingest.bench.ts [--connections 1000] [--rates 5000,10000,20000,30000,40000,50000,60000]
//     [--step-s 7] [--targets redsail,mosquitto,aedes] [--qos 0,1] [--window 16] [--watchdog-s 390]
import os from 'node:os';
import path from 'node:path';
import { runBench, type Bench } from './lib/bench';
import { startTarget, type Target, type TargetName } from './lib/brokers';
import { listArg, loadAvg, logger, numArg, sleep } from './lib/common';
import { LoadGenerator } from './lib/generator';
import { best, ingestReport, type Step } from './lib/ingest-report';
import { ProcWindow } from './lib/proc-cpu';
import { BOX_READING } from './lib/readings';
import { writeReport, writeResult } from './lib/report';

const CONNECTIONS = numArg('connections', 1000);
const RATES = listArg('rates', '5000,10000,20000,30000,40000,50000,60000').map(Number);
const STEP_S = numArg('step-s', 7);
const SETTLE_S = 2;
const TARGETS = listArg('targets', 'redsail,mosquitto,aedes') as TargetName[];
const QOS = listArg('qos', '0,1').map((q): 0 | 1 => (q === '1' ? 1 : 0));
const WINDOW = numArg('window', 16);
const SUSTAINED = 0.9;
/** History points the write queue may shed (store behind) in a sustained step, as a share of offered. */
const HISTORY_SHED_MAX = 0.01;
// The per-device limit is for floods (measured separately); here every device sends rate/N msg/s.
const DEVICE_LIMITS = { DEVICE_RATE_PER_S: '1000000', DEVICE_BURST: '1000000' };
/** How long the generator may take to answer a request (connect, stats). */
const GEN_TIMEOUT_MS = 120_000;

export const CONFIG = { CONNECTIONS, RATES, STEP_S, SETTLE_S, TARGETS, QOS, WINDOW, HISTORY_SHED_MAX };
const log = logger();

async function measureStep(b: Bench, t: Target, gen: LoadGenerator, qos: 0 | 1, offered: number) {
  gen.send({ type: 'run', rate: offered, qos, window: WINDOW });
  await b.nap(SETTLE_S * 1000);
  const r0 = t.scrape ? await t.scrape() : undefined; // this scrape also resets the loop-lag histogram
  const c0 = r0?.accepted ?? (await t.count());
  const g0 = await gen.stats(GEN_TIMEOUT_MS);
  const win = ProcWindow.open({ target: t.pid, gen: gen.pid });
  await b.nap(STEP_S * 1000 - SETTLE_S * 1000);
  let died = t.died();
  let r1 = r0;
  let c1 = c0;
  if (!died) {
    try {
      r1 = t.scrape ? await t.scrape() : undefined;
      c1 = r1?.accepted ?? (await t.count());
    } catch (err) {
      await sleep(500);
      died = t.died() ?? `unreachable (${(err as Error).message})`;
    }
  }
  const g1 = await gen.stats(GEN_TIMEOUT_MS);
  const w = win.close();
  const per = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : Math.round((b - a) / w.dtS);
  const acceptedPerS = per(c0, c1) ?? 0;
  const rss = w.rssBytes('target');
  const step: Step = {
    target: t.name,
    qos,
    offered,
    sentPerS: per(g0.sent, g1.sent) ?? 0,
    acceptedPerS,
    ackedPerS: per(g0.acked, g1.acked) ?? 0,
    blockedPerS: per(g0.blocked, g1.blocked) ?? 0,
    cpuPct: Math.round(w.cpuPct('target') ?? 0),
    rssMb: rss === undefined ? 0 : Math.round(rss / 1e6),
    genCpuPct: Math.round(w.cpuPct('gen') ?? 0),
    sustained: !died && acceptedPerS >= SUSTAINED * offered,
    ...(died && { died }),
  };
  if (r0 && r1) {
    step.lagP99Ms = Math.round(r1.lagP99S * 1000 * 10) / 10;
    step.edgeShedPerS = per(r0.shedTotal, r1.shedTotal)!;
    const h = per(r0.historyShed, r1.historyShed)!;
    step.historyShedPerS = h;
    // Accepted but not stored is not through the pipeline: history shed beyond 1 % fails the step.
    if (h > HISTORY_SHED_MAX * offered) step.sustained = false;
    const n = r1.commits - r0.commits;
    if (r1.commits && n > 0) step.commitMs = Math.round(((r1.commitS - r0.commitS) / n) * 1000 * 10) / 10;
    step.commitRowsPerS = per(r0.commitRows, r1.commitRows)!;
    step.rejectedPerS = per(r0.rejected, r1.rejected)!;
  }
  return step;
}

function logStep(s: Step): void {
  log(
    `${s.target} QoS ${s.qos} offered ${s.offered}/s: sent ${s.sentPerS}/s, ${s.target === 'redsail' ? 'accepted' : 'delivered'} ${s.acceptedPerS}/s` +
      (s.qos === 1 ? `, acked ${s.ackedPerS}/s` : '') +
      `, cpu ${s.cpuPct} % (generator ${s.genCpuPct} %), rss ${s.rssMb} MB` +
      (s.lagP99Ms !== undefined ? `, lag p99 ${s.lagP99Ms} ms` : '') +
      (s.commitMs !== undefined ? `, store commit mean ${s.commitMs} ms` : '') +
      (s.edgeShedPerS ? `, edge shed ${s.edgeShedPerS}/s` : '') +
      (s.historyShedPerS ? `, history shed ${s.historyShedPerS}/s` : '') +
      (s.died ? `, broker ${s.died}` : ''),
  );
}

/** One target at one QoS, on a fresh broker (a collapse at QoS 0 must not spoil the QoS-1 run). */
async function benchTarget(b: Bench, name: TargetName, qos: 0 | 1, steps: Step[]): Promise<void> {
  await b
    .scope(`${name} QoS ${qos}`, async (cleanup) => {
      log(`${name} QoS ${qos}: starting`);
      const dir = path.join(b.tmp, name === 'redsail' ? `redsail-qos${qos}` : '');
      const target = await startTarget(
        name,
        dir,
        CONNECTIONS,
        cleanup,
        log,
        name === 'redsail' ? DEVICE_LIMITS : undefined,
      );
      const gen = LoadGenerator.start(cleanup);
      const c = await gen.connect(target.port, target.clients, BOX_READING, { timeoutMs: GEN_TIMEOUT_MS });
      log(`${name}: ${c.ok} connections up, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''}`);
      if (c.ok === 0) throw new Error(`${name}: no connection`);
      for (const offered of RATES) {
        const s = await measureStep(b, target, gen, qos, offered);
        steps.push(s);
        logStep(s);
        if (s.died || !s.sustained) break;
      }
      gen.send({ type: 'idle' });
      await b.nap(1500);
      const died = target.died();
      if (died) {
        // It may die after the last measured step (a backlog draining); say so on that step.
        const last = steps[steps.length - 1];
        if (last && last.target === name && !last.died) last.died = `${died} after this step`;
        log(`${name}: the broker process ${died}`);
      }
    })
    .catch((err: unknown) => log(`${name}: failed: ${(err as Error).message}`));
}

runBench({ name: 'ingest', watchdogS: numArg('watchdog-s', 390), log }, async (b) => {
  const steps: Step[] = [];
  const load0 = os.loadavg();
  log(
    `ingest bench: ${CONNECTIONS} connections, rates ${RATES.join('/')} msg/s, ${STEP_S} s steps ` +
      `(${SETTLE_S} s settle), QoS ${QOS.join('+')}, QoS-1 window ${WINDOW}/client; ` +
      `Redsail runs with DEVICE_RATE_PER_S=${DEVICE_LIMITS.DEVICE_RATE_PER_S} DEVICE_BURST=${DEVICE_LIMITS.DEVICE_BURST} (limit off for throughput); ` +
      `load average ${loadAvg(load0)}`,
  );
  for (const t of TARGETS) for (const qos of QOS) if (!b.aborted()) await benchTarget(b, t, qos, steps);
  const load1 = os.loadavg();
  const report = ingestReport(CONFIG, steps, load0);
  console.log(`\n${report.table}\n`);
  console.log(
    `load average before ${loadAvg(load0)}, after ${loadAvg(load1)}; ` +
      `${os.cpus().length} cores; generator and subscriber on the same machine`,
  );
  const file = writeResult('ingest', {
    when: new Date().toISOString(),
    config: {
      connections: CONNECTIONS,
      rates: RATES,
      stepS: STEP_S,
      settleS: SETTLE_S,
      qos: QOS,
      window: WINDOW,
      deviceRatePerS: DEVICE_LIMITS.DEVICE_RATE_PER_S,
      deviceBurst: DEVICE_LIMITS.DEVICE_BURST,
      payloadBytes: Buffer.byteLength(BOX_READING),
    },
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: load1, node: process.version },
    summary: Object.fromEntries(TARGETS.flatMap((t) => QOS.map((q) => [`${t}/qos${q}`, best(steps, t, q)]))),
    steps,
    table: report.table,
  });
  log(`wrote ${file}`);
  writeReport(report);
});
