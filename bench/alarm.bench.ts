// Alarm benchmark: how fast a fault reaches a dispatcher's console while the server is busy, and
// whether it still does while devices flood the broker. Two scenarios, each on a fresh server
// process (defaults: per-device limit DEVICE_RATE_PER_S=20, DEVICE_BURST=100):
//
//  1. alarm latency: 1,000 devices send normal readings at 5,000 msg/s in all (QoS 0, the load
//     generator child process); meanwhile 200 other distribution boxes (mqtt.js, in this process)
//     each send one leakage reading (leakage_ma ≥ 30: `leakage`, critical, no `for` — raised at
//     once), 10 a second. Latency = `alarm:raised` received by a dispatcher's Socket.IO client −
//     performance.now() just before the publish, both on this process' clock.
//  2. overload: 100 devices flood QoS 0 as fast as their sockets drain for 30 s (generator `flood`
//     mode); server RSS sampled every second; 200 faults from well-behaved devices during the flood,
//     timed the same way; /api/health and the process after. The server drops a device's messages
//     over its limit (counted as shed) and holds that connection unread for 1/rate per dropped
//     message (up to 10 s, server/src/broker/read-throttle.ts), so most of what the generator writes
//     stays in socket buffers: written, read (accepted + shed) and held back are reported as they
//     are, read from /metrics 3 s after the flood stops, with no drain beyond that.
//
// Targets: every alarm arrives, p99 < 50 ms in both; under the flood the server stays up, its RSS
// bounded, the shed counted. Writes bench/results/alarm.json and hands the suite runner its report;
// a watchdog or signal still writes what was measured.
//
//  3. lifted: overload with the per-device limit lifted (DEVICE_RATE_PER_S, DEVICE_BURST 10^6): 200
//     devices flood 15 s, then 30 s of quiet; only the global admission budget bounds the work. Peak
//     RSS ≤ 400 MB, RSS 30 s after within 50 MB of the start, quiet devices' alarm p99 ≤ 250 ms.
//
//   npx tsx bench/alarm.bench.ts [--report <file>] [--only latency|overload|lifted] [--watchdog-s 250]
import os from 'node:os';
import path from 'node:path';
import { AlarmWatch, FaultDevices, healthOnce, HealthProbe } from './lib/alarm-probe';
import { emptyLifted, type LiftedConfig, type LiftedResult } from './lib/alarm-lifted';
import { alarmReport, type AlarmTargets } from './lib/alarm-report';
import * as fig from './lib/alarm-results';
import { runBench, type Bench, type Cleanup } from './lib/bench';
import { listArg, loadAvg, logger, numArg, withTimeout } from './lib/common';
import { LoadGenerator } from './lib/generator';
import { sumOf } from './lib/metrics';
import { ProcWindow, procSample } from './lib/proc-cpu';
import { BOX_NORMAL, BOX_READING } from './lib/readings';
import { addDispatcher, registerDevices } from './lib/register';
import { writeReport, writeResult } from './lib/report';
import { startRedsail, type Redsail } from './lib/server';

const ONLY = listArg('only', 'latency,overload,lifted');
/** Under the suite runner's 270 s limit for this script, so an overrun still writes what was measured. */
const WATCHDOG_S = numArg('watchdog-s', 250);

const LAT = { devices: 1000, rate: 5000, faults: 200, faultsPerS: 10, warmS: 3, waitS: 10 };
const OV = {
  flooders: 100,
  floodS: 30,
  chunk: 32,
  faults: 200,
  /** Faults are spread over [firstS, floodS - firstS] of the flood. */
  firstS: 3,
  /** Seconds after the flood stops at which accepted and shed are read: no drain beyond that. */
  settleS: 3,
  /** Late fault alarms are waited for until this many seconds after the flood stops. */
  waitS: 10,
  /**
   * "RSS bounded": the server's RSS stays under this (about 2.3× its RSS before the flood). The
   * middle and last thirds are shown, not judged: V8's collector makes RSS a ~100 MB sawtooth, so
   * 30 s cannot tell a plateau from slow growth, and the ceiling is what an operator relies on.
   */
  rssCeilingMb: 512,
};
const LIFTED: LiftedConfig = {
  ...{ flooders: 200, floodS: 15, quietS: 30, chunk: 32, faults: 100 },
  ...{ peakRssMb: 400, backWithinMb: 50, p99Ms: 250, ratePerS: 1_000_000, burst: 1_000_000 },
};
/** The server's default per-device limit (server/src/config/config.ts), left in force here. */
const LIMIT = { ratePerS: 20, burst: 100 };
/** Faults are what a device would not want to lose: QoS 1. The load is QoS 0. */
const FAULT_QOS = 1;
const RULE = 'leakage';
const TARGETS: AlarmTargets = { p99Ms: 50, LAT, OV, LIMIT, faultQos: FAULT_QOS, rule: RULE };
/** A full reading with a leakage current over the 30 mA threshold of the `leakage` rule. */
const FAULT = JSON.stringify({ ...BOX_NORMAL, leakage_ma: 45 });
const DISPATCHER = { username: 'bench-alarm-disp', password: 'bench-alarm-disp-1' };

const log = logger();
const results: { latency?: fig.LatencyResult; overload?: fig.OverloadResult; lifted?: LiftedResult } = {};

/** A fresh server, `n` devices per prefix, a dispatcher, the fault devices and the dispatcher's socket. */
async function field(
  b: Bench,
  name: string,
  cleanup: Cleanup,
  load: [string, number],
  faults: [string, number],
  env?: Record<string, string>,
) {
  log(`${name}: starting the server`);
  const srv = await startRedsail(path.join(b.tmp, name), cleanup, env ? { env } : {});
  const register = ([prefix, n]: [string, number]) =>
    withTimeout(registerDevices(srv.api, srv.admin, prefix, n), 60_000, `registering ${n} ${prefix} devices`);
  const loaders = await register(load);
  const faulty = await register(faults);
  const dispatcher = await addDispatcher(srv.api, srv.admin, DISPATCHER);
  log(`${name}: ${loaders.length} load and ${faulty.length} fault devices registered`);
  const gen = LoadGenerator.start(cleanup);
  const c = await gen.connect(srv.mqttPort, loaders, BOX_READING);
  log(`${name}: ${c.ok} load connections up, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''}`);
  if (c.ok === 0) throw new Error('no load connection');
  const devs = await FaultDevices.connect(srv.mqttUrl, faulty, BOX_READING, FAULT_QOS);
  cleanup.add('fault devices', () => devs.close());
  const watch = await AlarmWatch.connect(srv.url, dispatcher, RULE);
  cleanup.add('dispatcher socket', () => watch.close());
  log(`${name}: ${devs.clients.length} fault devices online, dispatcher socket connected`);
  return { srv, gen, c, devs, watch };
}

type Faults = { devs: FaultDevices; watch: AlarmWatch; n: number; every: number; what: string };
/** Publishes fault i at startAt + i * intervalMs (this process' clock). */
async function fireFaults(b: Bench, f: Faults, startAt: number, intervalMs: number) {
  const { n, every, what } = f;
  for (let i = 0; i < n; i++) {
    const wait = startAt + i * intervalMs - performance.now();
    if (wait > 0) await b.nap(wait);
    f.devs.fire(i, FAULT, f.watch);
    if ((i + 1) % every === 0) log(`${what}: ${i + 1} faults sent, ${f.watch.received} alarms received`);
  }
}

async function alarmLatency(b: Bench, cleanup: Cleanup): Promise<void> {
  const r = fig.emptyLatency({ ...LAT, faultQos: FAULT_QOS, rule: RULE }, LAT.faults);
  results.latency = r;
  const f = await field(b, 'latency', cleanup, ['bg', LAT.devices], ['flt', LAT.faults]);
  r.background.connected = f.c.ok;
  r.background.refused = f.c.failed;
  f.gen.send({ type: 'run', rate: LAT.rate, qos: 0, window: 16 });
  log(
    `alarm latency: background load ${LAT.rate} msg/s QoS 0 from ${f.c.ok} devices; ${LAT.warmS} s warm-up`,
  );
  await b.nap(LAT.warmS * 1000);

  const m0 = await f.srv.scrape(); // also resets the loop-lag histogram
  const g0 = await f.gen.stats();
  const win = ProcWindow.open({ server: f.srv.pid, gen: f.gen.pid });
  const states0 = f.watch.counts.get('device:state') ?? 0;
  log(`alarm latency: ${LAT.faults} faults (${RULE}), ${LAT.faultsPerS}/s`);
  const faults = { ...f, n: LAT.faults, every: 50, what: 'alarm latency' };
  await fireFaults(b, faults, performance.now(), 1000 / LAT.faultsPerS);
  await f.watch.waitAll(LAT.waitS * 1000);
  const m1 = await f.srv.scrape();
  const g1 = await f.gen.stats();
  const w = win.close();
  f.gen.send({ type: 'idle' });
  fig.recordLatencyWindow(r, f.watch, w, [m0, m1], [g0, g1], states0);
  const died = f.srv.died();
  if (died) r.serverDied = died;
  const l = r.latency;
  log(
    `alarm latency: ${r.alarms.received}/${r.alarms.expected} alarms, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms ` +
      `(publish→ingest p50/p99 ${r.toIngest.p50Ms}/${r.toIngest.p99Ms} ms, ingest→socket ${r.fromIngest.p50Ms}/${r.fromIngest.p99Ms} ms); ` +
      `server cpu ${r.serverCpuPct} %, loop lag p99 ${r.lagP99Ms} ms; background sent ${r.background.sentPerS}/s, ` +
      `accepted ${r.background.acceptedPerS}/s, edge shed ${sumOf(r.edgeShed)}`,
  );
}

/** RSS of the server every second from now until stopped. */
function sampleRss(srv: Redsail, r: fig.OverloadResult, cleanup: Cleanup): () => void {
  const t0 = performance.now();
  const sample = () => {
    const p = procSample(srv.pid);
    if (p)
      r.rss.samples.push({
        s: Math.round((performance.now() - t0) / 100) / 10,
        rssMb: Math.round(p.rssBytes / 1e6),
      });
  };
  sample();
  r.rss.startMb = r.rss.samples[0]?.rssMb;
  const timer = setInterval(sample, 1000);
  cleanup.add('rss sampler', () => clearInterval(timer));
  return () => {
    clearInterval(timer);
    sample();
  };
}

/** /metrics, or undefined (logged) if it does not answer in 5 s. */
const tryScrape = (srv: Redsail, when: string) =>
  srv.scrape(5000).catch((err: unknown) => void log(`overload: /metrics ${when}: ${(err as Error).message}`));

async function overload(b: Bench, cleanup: Cleanup): Promise<void> {
  const config = {
    ...OV,
    faultQos: FAULT_QOS,
    rule: RULE,
    deviceRatePerS: LIMIT.ratePerS,
    deviceBurst: LIMIT.burst,
  };
  const r = fig.emptyOverload(config, OV.faults);
  results.overload = r;
  const f = await field(b, 'overload', cleanup, ['fld', OV.flooders], ['ok', OV.faults]);
  r.flood.connected = f.c.ok;
  r.flood.refused = f.c.failed;
  const stopRss = sampleRss(f.srv, r, cleanup);

  const m0 = await f.srv.scrape();
  const g0 = await f.gen.stats();
  const win = ProcWindow.open({ server: f.srv.pid, gen: f.gen.pid });
  const w0 = performance.now();
  f.gen.send({ type: 'flood', chunk: OV.chunk });
  const probe = new HealthProbe(f.srv.url);
  cleanup.add('health probe', () => probe.stop());
  log(
    `overload: flood started (${f.c.ok} connections, QoS 0, ${OV.floodS} s); ${OV.faults} faults during it`,
  );
  const interval = ((OV.floodS - 2 * OV.firstS) * 1000) / Math.max(1, OV.faults - 1);
  const faults = fireFaults(
    b,
    { ...f, n: OV.faults, every: 5, what: 'overload' },
    w0 + OV.firstS * 1000,
    interval,
  );
  faults.catch(() => {}); // awaited below; an abort must not surface as an unhandled rejection first
  const progress = setInterval(() => {
    log(
      `overload: flooding, server rss ${r.rss.samples.at(-1)?.rssMb} MB, ${f.watch.received} fault alarms received`,
    );
  }, 10_000);
  cleanup.add('progress', () => clearInterval(progress));
  await b.nap(Math.max(0, w0 + OV.floodS * 1000 - performance.now()));
  await faults;
  clearInterval(progress);
  f.gen.send({ type: 'idle' });
  const stop = performance.now();
  const w = win.close();
  // No new health probe from here on; the one in flight, if any, is awaited below.
  const probeDone = probe.stop();
  const g1 = await f.gen.stats(10_000);
  r.measured = true;
  const floodEnd = w.rssBytes('server');
  if (floodEnd !== undefined) r.rss.floodEndMb = Math.round(floodEnd / 1e6);
  log(`overload: flood stopped after ${w.dtS.toFixed(1)} s; ${g1.sent - g0.sent} messages written`);
  // Right at the end of the flood: read so far, and the loop lag over the flood (the scrape resets it).
  const m1 = await tryScrape(f.srv, 'right after the flood');
  // The server would read what sits in the socket buffers for minutes at the throttled rate: no drain,
  // the counters are read once, settleS after the flood stopped.
  await b.nap(Math.max(0, stop + OV.settleS * 1000 - performance.now()));
  const m2 = (await tryScrape(f.srv, `${OV.settleS} s after the flood`)) ?? m1;
  const countersAt = performance.now();
  if (!m2) throw new Error('/metrics did not answer after the flood');
  r.healthDuringFlood = await withTimeout(probeDone, 15_000, 'health probe');
  r.health = await healthOnce(f.srv.url);
  r.alive = f.srv.alive();
  const died = f.srv.died();
  if (died) r.serverDied = died;
  // Faults still missing (published up to firstS before the flood stopped) get until waitS after it.
  await f.watch.waitAll(Math.max(0, stop + OV.waitS * 1000 - performance.now()));
  stopRss();
  fig.recordRss(r, OV.floodS, OV.rssCeilingMb);
  const res = fig.recordFaults(r, f.watch, w);
  fig.recordFlood(r, res.expected, {
    ...{ m0, m1: m1 ?? undefined, m2, g0, g1, floodS: w.dtS },
    ...{ totalS: (countersAt - w0) / 1000, countersS: (countersAt - stop) / 1000 },
    ...{ flooders: OV.flooders, ratePerS: LIMIT.ratePerS, burst: LIMIT.burst },
  });
  log(`overload: ${fig.overloadLine(r)}`);
}

const mbOf = (bytes: number) => Math.round(bytes / 1e6);

/** The flood with the per-device limit lifted: only the global admission budget bounds the work. */
async function lifted(b: Bench, cleanup: Cleanup): Promise<void> {
  const c = LIFTED;
  const r = emptyLifted(c);
  results.lifted = r;
  const env = { DEVICE_RATE_PER_S: String(c.ratePerS), DEVICE_BURST: String(c.burst) };
  const f = await field(b, 'lifted', cleanup, ['lft', c.flooders], ['lq', c.faults], env);
  r.connected = f.c.ok;
  const t0 = performance.now();
  const rssAt = (): number | undefined => {
    const p = procSample(f.srv.pid);
    return p && Math.round(p.rssBytes / 1e6);
  };
  const sample = () => {
    const mb = rssAt();
    if (mb !== undefined)
      r.rss.samples.push({ s: Math.round((performance.now() - t0) / 100) / 10, rssMb: mb });
  };
  sample();
  r.rss.startMb = r.rss.samples[0]?.rssMb;
  const timer = setInterval(sample, 1000);
  cleanup.add('rss sampler', () => clearInterval(timer));
  const m0 = await f.srv.scrape();
  const g0 = await f.gen.stats();
  const win = ProcWindow.open({ server: f.srv.pid, gen: f.gen.pid });
  f.gen.send({ type: 'flood', chunk: c.chunk });
  log(`lifted: flood started (${f.c.ok} connections, limit lifted, ${c.floodS} s); ${c.faults} faults`);
  const first = 2;
  const interval = ((c.floodS - 2 * first) * 1000) / Math.max(1, c.faults - 1);
  await fireFaults(b, { ...f, n: c.faults, every: 25, what: 'lifted' }, t0 + first * 1000, interval);
  await b.nap(Math.max(0, t0 + c.floodS * 1000 - performance.now()));
  f.gen.send({ type: 'idle' });
  const stop = performance.now();
  const w = win.close();
  const g1 = await f.gen.stats(10_000);
  const mStop = await tryScrape(f.srv, 'right after the flood');
  if (mStop) r.appliedAtStop = mStop.accepted - m0.accepted - c.faults;
  log(`lifted: flood stopped, ${g1.sent - g0.sent} written, rss ${rssAt()} MB; ${c.quietS} s of quiet`);
  await f.watch.waitAll(10_000);
  await b.nap(Math.max(0, stop + c.quietS * 1000 - performance.now()));
  clearInterval(timer);
  sample();
  r.rss.afterMb = r.rss.samples.at(-1)?.rssMb;
  r.rss.maxMb = Math.max(...r.rss.samples.map((x) => x.rssMb));
  const m1 = await tryScrape(f.srv, 'after the quiet');
  r.alive = f.srv.alive();
  const died = f.srv.died();
  if (died) r.serverDied = died;
  fig.recordFaults(r, f.watch, w);
  r.written = g1.sent - g0.sent;
  if (m1) {
    r.accepted = m1.accepted - m0.accepted - c.faults;
    r.held = m1.held - m0.held;
    r.merged = (m1.shed.admission ?? 0) - (m0.shed.admission ?? 0);
    r.historyShed = m1.historyShed - m0.historyShed;
    r.lagP99Ms = Math.round(m1.lagP99S * 10_000) / 10;
    r.after = {
      heapUsedMb: mbOf(m1.heapUsedBytes),
      heapTotalMb: mbOf(m1.heapTotalBytes),
      externalMb: mbOf(m1.externalBytes),
    };
  }
  r.measured = true;
  const l = r.latency;
  log(
    `lifted: rss start ${r.rss.startMb} MB, peak ${r.rss.maxMb} MB, ${c.quietS} s after ${r.rss.afterMb} MB; ` +
      `faults ${r.alarms.received}/${r.alarms.expected}, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms ` +
      `(publish→ingest p99 ${r.toIngest.p99Ms} ms); written ${r.written}, applied ${r.accepted}, ` +
      `held ${r.held}, merged ${r.merged}, history shed ${r.historyShed}; cpu ${r.serverCpuPct} %; applied at stop ${r.appliedAtStop}; ` +
      `after: ${JSON.stringify(r.after)}`,
  );
}

const load0 = os.loadavg();
let written = false;
/** The report and the raw result, of whatever was measured (also after a watchdog or a signal). */
function finish(why?: string): void {
  if (written) return;
  written = true;
  for (const r of [results.latency, results.overload, results.lifted])
    if (r && !r.measured && !r.error && why) r.error = why;
  const load1 = os.loadavg();
  const report = alarmReport(TARGETS, results);
  console.log(`\n${report.markdown}`);
  console.log(
    `load average before ${loadAvg(load0)}, after ${loadAvg(load1)}; ` +
      `${os.cpus().length} cores; generator, devices and dispatcher client on the same machine` +
      (why ? `; ABORTED: ${why}` : ''),
  );
  writeReport(report);
  const file = writeResult('alarm', {
    when: new Date().toISOString(),
    ...(why && { aborted: why }),
    targetP99Ms: TARGETS.p99Ms,
    payloadBytes: Buffer.byteLength(BOX_READING),
    faultPayload: FAULT,
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: load1, node: process.version },
    ...results,
    summary: report.summary,
    markdown: report.markdown,
  });
  log(`wrote ${file}`);
}

runBench({ name: 'alarm', watchdogS: WATCHDOG_S, log, onFail: finish }, async (b) => {
  // The per-device limit stays at the server's defaults in both scenarios.
  delete process.env.DEVICE_RATE_PER_S;
  delete process.env.DEVICE_BURST;
  log(`alarm bench: ${ONLY.join(' + ')}; default per-device limit; load average ${loadAvg(load0)}`);
  const scenarios = { latency: alarmLatency, overload, lifted } as const;
  for (const name of ['latency', 'overload', 'lifted'] as const) {
    if (!ONLY.includes(name) || b.aborted()) continue;
    try {
      await b.scope(name, (cleanup) => scenarios[name](b, cleanup));
    } catch (err) {
      const message = (err as Error).message;
      log(`${name}: failed: ${message}`);
      const r = results[name];
      if (r) r.error = message;
    }
  }
  finish();
});
