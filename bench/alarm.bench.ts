// Alarm benchmark: how fast a fault reaches a dispatcher's console while the server is busy, and
// whether it still does while devices flood the broker. Two scenarios, each on a fresh server
// process (defaults: per-device limit DEVICE_RATE_PER_S=20, DEVICE_BURST=100):
//
//  1. alarm latency: 1,000 devices send normal readings at 5,000 msg/s in all (QoS 0, the ingest
//     generator child process); meanwhile 200 other distribution boxes (mqtt.js, in this process)
//     each send one leakage reading (leakage_ma ≥ 30: `leakage`, critical, no `for` — raised at
//     once), 10 a second. Latency = `alarm:raised` received by a dispatcher's Socket.IO client −
//     performance.now() just before the publish, both on this process' clock.
//  2. overload: 100 devices flood QoS 0 as fast as their sockets drain for 30 s (generator `flood`
//     mode); server RSS sampled every second; 20 faults from well-behaved devices during the flood,
//     timed the same way; /api/health and the process after. The server drops a device's messages
//     over its limit (counted as shed) and holds that connection unread for 1/rate per dropped
//     message (up to 10 s, server/src/broker/read-throttle.ts), so most of what the generator writes
//     stays in socket buffers: written, read (accepted + shed) and held back are reported as they
//     are, read from /metrics 3 s after the flood stops, with no drain beyond that.
//
// Writes bench/results/alarm-<time>.json, prints a markdown fragment, and hands the suite runner its
// report (markdown + summary rows) in the file given by --report.
//
//   npx tsx bench/alarm.bench.ts [--report <file>] [--only latency|overload] [--watchdog-s 150]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cleanup, startServer, tempRemover } from './lib/stack';
import type { Api } from '../tests/helpers/api';
import { LoadGenerator } from './lib/gen-driver';
import {
  AlarmWatch,
  FaultDevices,
  HealthProbe,
  registerDevices,
  scrape,
  shedDelta,
  sleep,
  sumOf,
  slowCommits,
  withTimeout,
  type Latency,
  type Scrape,
} from './lib/alarm-probe';
import { procSample } from './lib/proc-cpu';
import { BOX_NORMAL, BOX_READING } from './lib/readings';
import type { GenClient } from './lib/ingest-gen';
import { argValue, writeReport, writeResult, type SummaryRow } from './lib/report';

const REPO = process.cwd();
const ONLY = (argValue('only') ?? 'latency,overload').split(',');
/** Under the suite runner's 180 s limit for this script, so an overrun still writes what was measured. */
const WATCHDOG_MS = Number(argValue('watchdog-s') ?? '150') * 1000;

const LAT = {
  devices: 1000,
  rate: 5000,
  faults: 200,
  faultsPerS: 10,
  warmS: 3,
  waitS: 10,
};
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
/** The server's default per-device limit (server/src/config/config.ts), left in force here. */
const DEVICE_RATE_PER_S = 20;
const DEVICE_BURST = 100;
/** Faults are what a device would not want to lose: QoS 1. The load is QoS 0. */
const FAULT_QOS = 1;
const TARGET_P99_MS = 50;
const RULE = 'leakage';
/** A full reading with a leakage current over the 30 mA threshold of the `leakage` rule. */
const FAULT = JSON.stringify({ ...BOX_NORMAL, leakage_ma: 45 });
const DISPATCHER = { username: 'bench-alarm-disp', password: 'bench-alarm-disp-1' };

const t0 = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}`);
const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / 1e6));
const r1 = (x: number) => Math.round(x * 10) / 10;

interface LatencyResult {
  config: typeof LAT & { faultQos: number; rule: string };
  alarms: { expected: number; received: number; missing: string[]; unexpected: number; wrongRule: number };
  latency: Latency;
  /** The latency split at the alarm's raisedAt: publish → server ingest, ingest → socket client. */
  toIngest: Latency;
  fromIngest: Latency;
  windowS: number;
  serverCpuPct?: number;
  lagP99Ms?: number;
  serverRssMb?: number;
  generatorCpuPct?: number;
  background: { connected: number; refused: number; sentPerS: number; acceptedPerS: number };
  edgeShed: Record<string, number>;
  historyShed: number;
  /** Mean duration of one group commit to the store over the window, and commits per second. */
  commitMeanMs?: number;
  commitsPerS?: number;
  socketEvents: Record<string, number>;
  /** device:state events per second the dispatcher socket received over the window. */
  deviceStatePerS?: number;
  /** The dispatcher socket dropped before the end. */
  socketLost?: string;
  serverDied?: string;
  error?: string;
  /** The measurement window completed (figures below are real). */
  measured: boolean;
}

interface RssSample {
  s: number;
  rssMb: number;
}

interface OverloadResult {
  config: typeof OV & { faultQos: number; rule: string; deviceRatePerS: number; deviceBurst: number };
  flood: {
    connected: number;
    refused: number;
    /** Flood PUBLISH packets the generator wrote to its sockets over the flood. */
    written: number;
    writtenPerS: number;
    /** Flood messages the server read (accepted + shed) by the end of the flood, if /metrics answered then. */
    readAtFloodEnd?: number;
    /** … and by `countersS` after the flood stopped: the figures below are those. */
    read: number;
    /** written − read: left in socket buffers (mostly the kernel's), never read by the server. */
    heldBack: number;
    /** Seconds after the flood stopped at which accepted and shed were read (no drain waited for). */
    countersS: number;
    /** Flood messages accepted by the pipeline (the faults subtracted). */
    accepted: number;
    acceptedPerS: number;
    shed: Record<string, number>;
    shedTotal: number;
    shedPerS: number;
    historyShed: number;
    /** Flooding connections the server closed during the flood. */
    closedByServer: number;
    /** Most the per-device limit lets through from the flooders until the counters were read: n × (rate × s + burst). */
    limitMax: number;
    /** Seconds from the flood's start until the counters were read: what accepted and shed cover. */
    windowS: number;
    /** Shed > 0 and accepted ≤ limitMax. */
    shedCounted: boolean;
  };
  /** /api/health once a second during the flood. */
  healthDuringFlood?: { latency: Latency; failed: number };
  rss: {
    startMb?: number;
    maxMb?: number;
    /** Max over the middle and the last third of the flood. */
    midMaxMb?: number;
    lastMaxMb?: number;
    floodEndMb?: number;
    endMb?: number;
    samples: RssSample[];
  };
  /** maxMb < rssCeilingMb. */
  rssBounded?: boolean;
  serverCpuPct?: number;
  generatorCpuPct?: number;
  lagP99Ms?: number;
  alarms: { expected: number; received: number; missing: string[]; unexpected: number; wrongRule: number };
  latency: Latency;
  toIngest: Latency;
  fromIngest: Latency;
  /** Group commits over the flood (until the counters were read): count, mean, and the slow ones. */
  commits?: { n: number; meanMs: number; over10Ms: number; over25Ms: number; over50Ms: number };
  health: { status?: number; ms?: number; error?: string };
  alive: boolean;
  serverDied?: string;
  error?: string;
  /** The flood ran and was measured (figures below are real). */
  measured: boolean;
}

const results: { latency?: LatencyResult; overload?: OverloadResult } = {};

/** Set by the watchdog or a signal: no new scenario starts, and every nap throws. */
let aborted: string | undefined;

/** Sleeps `ms` unless the bench is aborting, in which case it throws (within 250 ms). */
async function nap(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (aborted) throw new Error(`aborted: ${aborted}`);
    const left = until - performance.now();
    if (left <= 0) return;
    await sleep(Math.min(250, left));
  }
}

interface Server {
  url: string;
  api: Api;
  admin: string;
  mqttUrl: string;
  pid: number;
  dispatcher: string;
  died(): string | undefined;
  alive(): boolean;
}

/** A fresh server process with a dispatcher, everything torn down through `cleanup`. */
async function bootServer(tmp: string, name: string, cleanup: Cleanup): Promise<Server> {
  const dir = path.join(tmp, name);
  const consoleDir = path.join(dir, 'console');
  mkdirSync(consoleDir, { recursive: true });
  writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>bench</title>');
  const { server, url, api, admin } = await withTimeout(
    startServer(REPO, path.join(dir, 'data'), consoleDir, cleanup),
    60_000,
    'server start',
  );
  let why: string | undefined;
  server.child.once('exit', (code, signal) => (why = `exited (${signal ?? code})`));
  const res = await api.post('/api/users', { ...DISPATCHER, role: 'dispatcher' }, admin);
  if (res.status !== 201) throw new Error(`dispatcher: ${res.status} ${JSON.stringify(res.body)}`);
  const dispatcher = await api.login(DISPATCHER.username, DISPATCHER.password);
  return {
    url,
    api,
    admin,
    mqttUrl: `mqtt://127.0.0.1:${server.mqttPort}`,
    pid: server.child.pid!,
    dispatcher,
    died: () => why && `${why}: ${(server.stdout.at(-1) ?? '').slice(0, 300)}`,
    alive: () =>
      server.child.exitCode === null && server.child.signalCode === null && !!procSample(server.child.pid!),
  };
}

function register(srv: Server, prefix: string, n: number): Promise<GenClient[]> {
  return withTimeout(
    registerDevices(srv.api, srv.admin, prefix, n),
    60_000,
    `registering ${n} ${prefix} devices`,
  );
}

/** Publishes fault i at startAt + i * intervalMs (this process' clock). */
async function fireFaults(
  devs: FaultDevices,
  watch: AlarmWatch,
  n: number,
  startAt: number,
  intervalMs: number,
  every: number,
  what: string,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const wait = startAt + i * intervalMs - performance.now();
    if (wait > 0) await nap(wait);
    devs.fire(i, FAULT, watch);
    if ((i + 1) % every === 0) log(`${what}: ${i + 1} faults sent, ${watch.received} alarms received`);
  }
}

type ProcSample = ReturnType<typeof procSample>;

/**
 * Into a scenario's result: the faults' alarms as the dispatcher saw them, and the server's and the
 * generator's CPU over the `dt` s window (100 = one core) from their samples at its start and end.
 */
function recordWindow(
  r: LatencyResult | OverloadResult,
  watch: AlarmWatch,
  dt: number,
  [p0, p1]: [ProcSample, ProcSample],
  [q0, q1]: [ProcSample, ProcSample],
): ReturnType<AlarmWatch['result']> {
  const res = watch.result();
  r.latency = res.latency;
  r.toIngest = res.toIngest;
  r.fromIngest = res.fromIngest;
  r.alarms = {
    expected: res.expected,
    received: res.received,
    missing: res.missing.slice(0, 20),
    unexpected: watch.unexpected,
    wrongRule: watch.wrongRule,
  };
  if (p0 && p1) r.serverCpuPct = Math.round(((p1.cpuS - p0.cpuS) / dt) * 100);
  if (q0 && q1) r.generatorCpuPct = Math.round(((q1.cpuS - q0.cpuS) / dt) * 100);
  return res;
}

async function alarmLatency(tmp: string, cleanup: Cleanup): Promise<LatencyResult> {
  const r: LatencyResult = {
    config: { ...LAT, faultQos: FAULT_QOS, rule: RULE },
    alarms: { expected: LAT.faults, received: 0, missing: [], unexpected: 0, wrongRule: 0 },
    latency: { count: 0 },
    toIngest: { count: 0 },
    fromIngest: { count: 0 },
    windowS: 0,
    background: { connected: 0, refused: 0, sentPerS: 0, acceptedPerS: 0 },
    edgeShed: {},
    historyShed: 0,
    socketEvents: {},
    measured: false,
  };
  results.latency = r;
  log('alarm latency: starting the server');
  const srv = await bootServer(tmp, 'latency', cleanup);
  const bg = await register(srv, 'bg', LAT.devices);
  const faulty = await register(srv, 'flt', LAT.faults);
  log(`alarm latency: ${bg.length} background and ${faulty.length} fault devices registered`);

  const gen = LoadGenerator.start(REPO, cleanup);
  const c = await gen.connect('127.0.0.1', Number(new URL(srv.mqttUrl).port), bg, BOX_READING);
  r.background.connected = c.ok;
  r.background.refused = c.failed;
  log(
    `alarm latency: ${c.ok} background connections up, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''}`,
  );
  if (c.ok === 0) throw new Error('no background connection');

  const devs = await FaultDevices.connect(srv.mqttUrl, faulty, BOX_READING, FAULT_QOS);
  cleanup.add('fault devices', () => devs.close());
  const watch = await AlarmWatch.connect(srv.url, srv.dispatcher, RULE);
  cleanup.add('dispatcher socket', () => watch.close());
  log(`alarm latency: ${devs.clients.length} fault devices online, dispatcher socket connected`);

  gen.send({ type: 'run', rate: LAT.rate, qos: 0, window: 16 });
  log(`alarm latency: background load ${LAT.rate} msg/s QoS 0 from ${c.ok} devices; ${LAT.warmS} s warm-up`);
  await nap(LAT.warmS * 1000);

  const m0 = await scrape(srv.url); // also resets the loop-lag histogram
  const g0 = await gen.stats();
  const p0 = procSample(srv.pid);
  const q0 = procSample(gen.pid);
  const states0 = watch.counts.get('device:state') ?? 0;
  const w0 = performance.now();
  log(`alarm latency: ${LAT.faults} faults (${RULE}), ${LAT.faultsPerS}/s`);
  await fireFaults(devs, watch, LAT.faults, performance.now(), 1000 / LAT.faultsPerS, 50, 'alarm latency');
  await watch.waitAll(LAT.waitS * 1000);
  const m1 = await scrape(srv.url);
  const g1 = await gen.stats();
  const p1 = procSample(srv.pid);
  const q1 = procSample(gen.pid);
  const dt = (performance.now() - w0) / 1000;
  gen.send({ type: 'idle' });

  r.measured = true;
  r.windowS = r1(dt);
  const res = recordWindow(r, watch, dt, [p0, p1], [q0, q1]);
  r.serverRssMb = mb(p1?.rssBytes);
  r.lagP99Ms = r1(m1.lagP99S * 1000);
  r.background.sentPerS = Math.round((g1.sent - g0.sent) / dt);
  // The faults are accepted too: count the background alone.
  r.background.acceptedPerS = Math.round((m1.accepted - m0.accepted - res.expected) / dt);
  r.edgeShed = shedDelta(m0.shed, m1.shed);
  r.historyShed = m1.historyShed - m0.historyShed;
  r.socketEvents = Object.fromEntries(watch.counts);
  r.deviceStatePerS = Math.round(((watch.counts.get('device:state') ?? 0) - states0) / dt);
  const commits = m1.commits - m0.commits;
  if (commits > 0) {
    r.commitMeanMs = r1(((m1.commitS - m0.commitS) / commits) * 1000);
    r.commitsPerS = Math.round(commits / dt);
  }
  if (watch.disconnected) r.socketLost = watch.disconnected;
  const died = srv.died();
  if (died) r.serverDied = died;
  const l = r.latency;
  log(
    `alarm latency: ${res.received}/${res.expected} alarms, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms ` +
      `(publish→ingest p50/p99 ${r.toIngest.p50Ms}/${r.toIngest.p99Ms} ms, ingest→socket ${r.fromIngest.p50Ms}/${r.fromIngest.p99Ms} ms); ` +
      `server cpu ${r.serverCpuPct} %, loop lag p99 ${r.lagP99Ms} ms; background sent ${r.background.sentPerS}/s, ` +
      `accepted ${r.background.acceptedPerS}/s, edge shed ${sumOf(r.edgeShed)}`,
  );
  return r;
}

async function overload(tmp: string, cleanup: Cleanup): Promise<OverloadResult> {
  const r: OverloadResult = {
    config: {
      ...OV,
      faultQos: FAULT_QOS,
      rule: RULE,
      deviceRatePerS: DEVICE_RATE_PER_S,
      deviceBurst: DEVICE_BURST,
    },
    flood: {
      connected: 0,
      refused: 0,
      written: 0,
      writtenPerS: 0,
      read: 0,
      heldBack: 0,
      countersS: 0,
      accepted: 0,
      acceptedPerS: 0,
      shed: {},
      shedTotal: 0,
      shedPerS: 0,
      historyShed: 0,
      closedByServer: 0,
      limitMax: 0,
      windowS: 0,
      shedCounted: false,
    },
    rss: { samples: [] },
    alarms: { expected: OV.faults, received: 0, missing: [], unexpected: 0, wrongRule: 0 },
    latency: { count: 0 },
    toIngest: { count: 0 },
    fromIngest: { count: 0 },
    health: {},
    alive: false,
    measured: false,
  };
  results.overload = r;
  log('overload: starting the server');
  const srv = await bootServer(tmp, 'overload', cleanup);
  const flooders = await register(srv, 'fld', OV.flooders);
  const faulty = await register(srv, 'ok', OV.faults);
  log(`overload: ${flooders.length} flooding and ${faulty.length} well-behaved devices registered`);

  const gen = LoadGenerator.start(REPO, cleanup);
  const c = await gen.connect('127.0.0.1', Number(new URL(srv.mqttUrl).port), flooders, BOX_READING);
  r.flood.connected = c.ok;
  r.flood.refused = c.failed;
  log(
    `overload: ${c.ok} flooding connections up, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''}`,
  );
  if (c.ok === 0) throw new Error('no flooding connection');
  const devs = await FaultDevices.connect(srv.mqttUrl, faulty, BOX_READING, FAULT_QOS);
  cleanup.add('fault devices', () => devs.close());
  const watch = await AlarmWatch.connect(srv.url, srv.dispatcher, RULE);
  cleanup.add('dispatcher socket', () => watch.close());
  log(`overload: ${devs.clients.length} well-behaved devices online, dispatcher socket connected`);

  // RSS every second, from just before the flood to the end.
  const sampleT0 = performance.now();
  const sampleRss = () => {
    const p = procSample(srv.pid);
    if (p) r.rss.samples.push({ s: r1((performance.now() - sampleT0) / 1000), rssMb: mb(p.rssBytes)! });
  };
  sampleRss();
  r.rss.startMb = r.rss.samples[0]?.rssMb;
  const sampler = setInterval(sampleRss, 1000);
  cleanup.add('rss sampler', () => clearInterval(sampler));

  const m0 = await scrape(srv.url);
  const g0 = await gen.stats();
  const p0 = procSample(srv.pid);
  const q0 = procSample(gen.pid);
  const w0 = performance.now();
  gen.send({ type: 'flood', chunk: OV.chunk });
  const probe = new HealthProbe(srv.url);
  cleanup.add('health probe', () => probe.stop());
  log(`overload: flood started (${c.ok} connections, QoS 0, ${OV.floodS} s); ${OV.faults} faults during it`);
  const interval = ((OV.floodS - 2 * OV.firstS) * 1000) / Math.max(1, OV.faults - 1);
  const faults = fireFaults(devs, watch, OV.faults, w0 + OV.firstS * 1000, interval, 5, 'overload');
  faults.catch(() => {}); // awaited below; an abort must not surface as an unhandled rejection first
  const progress = setInterval(() => {
    const last = r.rss.samples.at(-1);
    log(`overload: flooding, server rss ${last?.rssMb} MB, ${watch.received} fault alarms received`);
  }, 10_000);
  cleanup.add('progress', () => clearInterval(progress));
  await nap(Math.max(0, w0 + OV.floodS * 1000 - performance.now()));
  await faults;
  clearInterval(progress);
  gen.send({ type: 'idle' });
  const stop = performance.now();
  const dt = (stop - w0) / 1000;
  const p1 = procSample(srv.pid);
  const q1 = procSample(gen.pid);
  // No new health probe from here on; the one in flight, if any, is awaited below.
  const probeDone = probe.stop();
  const g1 = await gen.stats(10_000);
  r.measured = true;
  r.rss.floodEndMb = mb(p1?.rssBytes);
  log(`overload: flood stopped after ${dt.toFixed(1)} s; ${g1.sent - g0.sent} messages written`);
  // Right at the end of the flood: read so far, and the loop lag over the flood (the scrape resets it).
  let m1: Scrape | undefined;
  try {
    m1 = await scrape(srv.url, 5000);
  } catch (err) {
    log(`overload: /metrics right after the flood: ${(err as Error).message}`);
  }
  // The server would read what sits in the socket buffers for minutes at the throttled rate: no drain,
  // the counters are read once, settleS after the flood stopped.
  await nap(Math.max(0, stop + OV.settleS * 1000 - performance.now()));
  let m2 = m1;
  try {
    m2 = await scrape(srv.url, 5000);
  } catch (err) {
    log(`overload: /metrics ${OV.settleS} s after the flood: ${(err as Error).message}`);
  }
  const countersAt = performance.now();
  if (!m2) throw new Error('/metrics did not answer after the flood');
  r.healthDuringFlood = await withTimeout(probeDone, 15_000, 'health probe');

  const h0 = performance.now();
  try {
    const res = await fetch(`${srv.url}/api/health`, { signal: AbortSignal.timeout(5000) });
    await res.text();
    r.health = { status: res.status, ms: r1(performance.now() - h0) };
  } catch (err) {
    r.health = { error: (err as Error).message };
  }
  r.alive = srv.alive();
  const died = srv.died();
  if (died) r.serverDied = died;
  // Faults still missing (published up to firstS before the flood stopped) get until waitS after it.
  await watch.waitAll(Math.max(0, stop + OV.waitS * 1000 - performance.now()));
  clearInterval(sampler);
  sampleRss();
  r.rss.endMb = r.rss.samples.at(-1)?.rssMb;
  r.rss.maxMb = Math.max(...r.rss.samples.map((s) => s.rssMb));
  const maxIn = (a: number, b: number) => {
    const v = r.rss.samples.filter((s) => s.s >= a && s.s < b).map((s) => s.rssMb);
    return v.length > 0 ? Math.max(...v) : undefined;
  };
  r.rss.midMaxMb = maxIn(OV.floodS / 3, (2 * OV.floodS) / 3);
  r.rss.lastMaxMb = maxIn((2 * OV.floodS) / 3, OV.floodS + 1);
  if (r.rss.midMaxMb !== undefined && r.rss.lastMaxMb !== undefined) {
    r.rssBounded = r.rss.maxMb < OV.rssCeilingMb;
  }

  const res = recordWindow(r, watch, dt, [p0, p1], [q0, q1]);
  r.lagP99Ms = r1((m1 ?? m2).lagP99S * 1000);
  const f = r.flood;
  // Flood start until the counters were read: what the accepted and shed figures cover.
  const totalS = (countersAt - w0) / 1000;
  f.countersS = r1((countersAt - stop) / 1000);
  f.windowS = r1(totalS);
  f.written = g1.sent - g0.sent;
  f.writtenPerS = Math.round(f.written / dt);
  // The faults are accepted too (all of them published before the flood stopped): count the flood alone.
  const readBy = (m: Scrape) => m.accepted - m0.accepted - res.expected + sumOf(shedDelta(m0.shed, m.shed));
  if (m1) f.readAtFloodEnd = readBy(m1);
  f.read = readBy(m2);
  f.heldBack = f.written - f.read;
  f.accepted = m2.accepted - m0.accepted - res.expected;
  f.acceptedPerS = Math.round(f.accepted / totalS);
  f.shed = shedDelta(m0.shed, m2.shed);
  f.shedTotal = sumOf(f.shed);
  f.shedPerS = Math.round(f.shedTotal / totalS);
  f.historyShed = m2.historyShed - m0.historyShed;
  f.closedByServer = g1.closed - g0.closed;
  f.limitMax = Math.round(OV.flooders * (DEVICE_RATE_PER_S * totalS + DEVICE_BURST));
  f.shedCounted = f.shedTotal > 0 && f.accepted <= f.limitMax;
  const commits = m2.commits - m0.commits;
  if (commits > 0)
    r.commits = {
      n: commits,
      meanMs: r1(((m2.commitS - m0.commitS) / commits) * 1000),
      over10Ms: slowCommits(m0, m2, 0.01),
      over25Ms: slowCommits(m0, m2, 0.025),
      over50Ms: slowCommits(m0, m2, 0.05),
    };
  const l = r.latency;
  const hf = r.healthDuringFlood;
  log(
    `overload: written ${f.written} (${f.writtenPerS}/s), read ${f.read} (at flood end ${f.readAtFloodEnd ?? '?'}), ` +
      `held back ${f.heldBack}; accepted ${f.accepted} (${f.acceptedPerS}/s, bound ${f.limitMax}), shed ${f.shedTotal} ` +
      `(${f.shedPerS}/s) ${JSON.stringify(f.shed)}, counters read ${f.countersS} s after the flood; ` +
      `rss start ${r.rss.startMb} MB, max ${r.rss.maxMb} MB (mid third ${r.rss.midMaxMb}, last third ${r.rss.lastMaxMb}), ` +
      `end ${r.rss.endMb} MB; cpu ${r.serverCpuPct} % (generator ${r.generatorCpuPct} %), lag p99 ${r.lagP99Ms} ms; ` +
      `faults ${res.received}/${res.expected}, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms ` +
      `(publish→ingest p50 ${r.toIngest.p50Ms} ms, ingest→socket p50 ${r.fromIngest.p50Ms} ms); ` +
      `health ${r.health.status ?? r.health.error}, alive ${r.alive}; health during the flood p50 ` +
      `${hf.latency.p50Ms} ms, p99 ${hf.latency.p99Ms} ms, max ${hf.latency.maxMs} ms, ${hf.failed} failed`,
  );
  return r;
}

// ---- report

/** One line of an error for the markdown (the JSON keeps it whole). */
const brief = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
};
const met = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? 'met' : '**not met**');
const ms = (x: number | undefined) => (x === undefined ? '—' : `${x} ms`);
/** Every fault raised its alarm (and exactly the faults expected were sent). */
const allAlarms = (r: { alarms: { received: number; expected: number } }, n: number) =>
  r.alarms.received === r.alarms.expected && r.alarms.expected === n;
/** All alarms in, and p99 under the target. */
const latencyMet = (r: { alarms: { received: number; expected: number }; latency: Latency }, n: number) =>
  allAlarms(r, n) && r.latency.p99Ms !== undefined && r.latency.p99Ms < TARGET_P99_MS;

function latencyMd(r: LatencyResult | undefined): string {
  const head =
    `### Alarm latency\n\n` +
    `A fresh server (default per-device limit 20 msg/s, burst 100) carries a background load of ` +
    `${LAT.rate.toLocaleString('en')} msg/s QoS 0 of normal distribution-box readings from ` +
    `${LAT.devices.toLocaleString('en')} devices (raw-socket generator process, 5 msg/s each, nothing ` +
    `raised). Meanwhile ${LAT.faults} other distribution boxes (one mqtt.js connection each, online with a ` +
    `normal reading first) each publish one reading with \`leakage_ma: 45\` at QoS ${FAULT_QOS} ` +
    `(rule \`${RULE}\`, critical, no \`for\`), ${LAT.faultsPerS} a second. Latency is the \`alarm:raised\` ` +
    `arriving at a dispatcher's Socket.IO client (connected like the console: it also receives the fleet's device states, batched as \`device:states\`) minus ` +
    `\`performance.now()\` just before the publish, one process' clock; it is split at the alarm's \`raisedAt\` ` +
    `(the server's wall clock when ingest handled the reading; same machine) into transport and queueing ` +
    `before ingest, and commit, emit and client decoding after it. Server CPU and event-loop lag p99 ` +
    `(\`redsail_nodejs_eventloop_lag_p99_seconds\`) cover the fault window.\n\n`;
  if (!r) return `${head}Not run.\n`;
  if (!r.measured) return `${head}**Not measured**: ${brief(r.error ?? r.serverDied ?? 'unknown')}\n`;
  const l = r.latency;
  const all = allAlarms(r, LAT.faults);
  const rows = [
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| alarms received | ${r.alarms.received} / ${r.alarms.expected}${r.alarms.missing.length ? ` (missing e.g. ${r.alarms.missing.slice(0, 3).join(', ')})` : ''} | all ${LAT.faults} | ${met(all)} |`,
    `| latency p50 | ${ms(l.p50Ms)} | | |`,
    `| latency p99 | ${ms(l.p99Ms)} | < ${TARGET_P99_MS} ms | ${met(latencyMet(r, LAT.faults))} |`,
    `| latency max | ${ms(l.maxMs)} | | |`,
    `| split at \`raisedAt\`: publish → ingest, p50 / p99 | ${ms(r.toIngest.p50Ms)} / ${ms(r.toIngest.p99Ms)} | | |`,
    `| split at \`raisedAt\`: ingest → dispatcher socket, p50 / p99 | ${ms(r.fromIngest.p50Ms)} / ${ms(r.fromIngest.p99Ms)} | | |`,
    `| server CPU (100 % = one core) | ${r.serverCpuPct ?? '—'} % | | |`,
    `| server event-loop lag p99 | ${ms(r.lagP99Ms)} | | |`,
    `| background sent / accepted | ${r.background.sentPerS.toLocaleString('en')} / ${r.background.acceptedPerS.toLocaleString('en')} msg/s | ${LAT.rate.toLocaleString('en')} msg/s | |`,
    `| shed at the edge / history shed during the window | ${sumOf(r.edgeShed)} / ${r.historyShed} | 0 / 0 | |`,
    `| store group commits: mean duration, rate | ${ms(r.commitMeanMs)}, ${r.commitsPerS ?? '—'}/s | | |`,
    `| device states the dispatcher socket received (entries of \`device:states\`) | ${r.deviceStatePerS?.toLocaleString('en') ?? '—'}/s | | |`,
    `| alarms from other devices or rules | ${r.alarms.unexpected + r.alarms.wrongRule} | 0 | |`,
  ];
  const notes: string[] = [];
  if (r.error) notes.push(`Run failed after measuring: ${brief(r.error)}.`);
  if (r.serverDied) notes.push(`Server ${brief(r.serverDied)}.`);
  if (r.socketLost) notes.push(`Dispatcher socket lost: ${r.socketLost}.`);
  return `${head}${rows.join('\n')}\n${notes.length ? `\n${notes.join(' ')}\n` : ''}`;
}

function overloadMd(r: OverloadResult | undefined): string {
  const n = (x: number) => x.toLocaleString('en');
  const head =
    `### Overload\n\n` +
    `A fresh server with the default per-device limit (${DEVICE_RATE_PER_S} msg/s, burst ${DEVICE_BURST}: at ` +
    `most ${n(OV.flooders * DEVICE_RATE_PER_S)} msg/s accepted from the flooders) takes ${OV.flooders} ` +
    `connections flooding QoS 0 normal readings for ${OV.floodS} s, each writing as fast as its socket ` +
    `drains (generator process, ${OV.chunk} PUBLISH per write). The server drops what a device sends over ` +
    `its limit (counted in \`redsail_mqtt_messages_shed_total{reason="device_rate"}\`) and leaves that ` +
    `connection unread for 1/rate per dropped message (up to 10 s, and under half its keep-alive), so TCP backpressure slows the flooders ` +
    `down: the server reads a fraction of what the generator wrote and the rest waits in socket buffers. ` +
    `Written, read (accepted + shed) and held back by TCP (written − read) are shown without a target; ` +
    `accepted and shed are read from /metrics ${OV.settleS} s after the flood stops, with no drain waited ` +
    `for (the server would go on reading the buffered rest at the throttled rate). "Shed counted": shed > 0, ` +
    `and accepted from the flooders within what the limit lets through until then (${OV.flooders} × ` +
    `(${DEVICE_RATE_PER_S} msg/s × seconds + ${DEVICE_BURST})). During the flood ${OV.faults} well-behaved ` +
    `distribution boxes (mqtt.js, QoS ${FAULT_QOS}) each send one leakage reading, timed to the ` +
    `dispatcher's \`alarm:raised\` as above. Server RSS is read from /proc every second; "bounded": its max ` +
    `stays under ${OV.rssCeilingMb} MB (the maxima over the middle and the last third of the flood are shown ` +
    'for the trend: RSS is a sawtooth of the collector, so 30 s cannot tell a plateau from slow growth).\n\n';
  if (!r) return `${head}Not run.\n`;
  if (!r.measured) return `${head}**Not measured**: ${brief(r.error ?? r.serverDied ?? 'unknown')}\n`;
  const f = r.flood;
  const hf = r.healthDuringFlood;
  const l = r.latency;
  const pct = (x: number) => (f.written > 0 ? `${((x / f.written) * 100).toFixed(1)} %` : '—');
  const shed = Object.entries(f.shed)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  const rss = r.rss;
  const v = (x: number | undefined) => (x === undefined ? '—' : String(x));
  const rows = [
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| server process alive, \`/api/health\` after the flood | ${r.alive ? 'alive' : 'dead'}, ${r.health.status ?? r.health.error ?? '—'}${r.health.ms !== undefined ? ` in ${r.health.ms} ms` : ''} | alive, 200 | ${met(overloadUp(r))} |`,
    `| RSS start / max / at flood end / end; max over the middle / last third of the flood | ${v(rss.startMb)} / ${v(rss.maxMb)} / ${v(rss.floodEndMb)} / ${v(rss.endMb)} MB; ${v(rss.midMaxMb)} / ${v(rss.lastMaxMb)} MB | bounded: max < ${OV.rssCeilingMb} MB | ${met(r.rssBounded)} |`,
    `| flood messages written by the generator | ${n(f.written)} (${n(f.writtenPerS)}/s) | | |`,
    `| read by the server (accepted + shed): at flood end / ${f.countersS} s after | ${f.readAtFloodEnd === undefined ? '—' : n(f.readAtFloodEnd)} / ${n(f.read)} (${pct(f.read)} of written) | | |`,
    `| held back by TCP (written − read ${f.countersS} s after the flood) | ${n(f.heldBack)} (${pct(f.heldBack)}) | | |`,
    `| accepted from the flooders (over ${f.windowS} s) | ${n(f.accepted)} (${n(f.acceptedPerS)}/s) | ≤ ${n(f.limitMax)} (the per-device limit) | |`,
    `| shed at the edge (\`redsail_mqtt_messages_shed_total\`) | ${n(f.shedTotal)} (${n(f.shedPerS)}/s${shed ? `; ${shed}` : ''}) | counted: > 0, accepted within the limit | ${met(f.shedCounted)} |`,
    `| \`/api/health\` once a second during the flood: p50 / p99 / max, failed | ${hf ? `${ms(hf.latency.p50Ms)} / ${ms(hf.latency.p99Ms)} / ${ms(hf.latency.maxMs)}, ${hf.failed} failed` : '—'} | | |`,
    `| history points shed / flooding connections closed by the server | ${f.historyShed} / ${f.closedByServer} | | |`,
    `| server CPU / generator CPU over the flood (100 % = one core) | ${r.serverCpuPct ?? '—'} % / ${r.generatorCpuPct ?? '—'} % | | |`,
    `| server event-loop lag p99 over the flood | ${ms(r.lagP99Ms)} | | |`,
    `| fault alarms received | ${r.alarms.received} / ${r.alarms.expected}${r.alarms.missing.length ? ` (missing e.g. ${r.alarms.missing.slice(0, 3).join(', ')})` : ''} | all ${OV.faults} | ${met(allAlarms(r, OV.faults))} |`,
    `| fault latency p50 / p99 / max | ${ms(l.p50Ms)} / ${ms(l.p99Ms)} / ${ms(l.maxMs)} | p99 < ${TARGET_P99_MS} ms | ${met(latencyMet(r, OV.faults))} |`,
    `| split at \`raisedAt\`: publish → ingest / ingest → socket, p50 | ${ms(r.toIngest.p50Ms)} / ${ms(r.fromIngest.p50Ms)} | | |`,
    `| split at \`raisedAt\`: publish → ingest / ingest → socket, p99 | ${ms(r.toIngest.p99Ms)} / ${ms(r.fromIngest.p99Ms)} | | |`,
    `| store group commits over the flood: count, mean; longer than 10 / 25 / 50 ms | ${r.commits ? `${n(r.commits.n)}, ${ms(r.commits.meanMs)}; ${r.commits.over10Ms} / ${r.commits.over25Ms} / ${r.commits.over50Ms}` : '—'} | | |`,
  ];
  const notes: string[] = [];
  if (r.error) notes.push(`Run failed after measuring: ${brief(r.error)}.`);
  if (r.serverDied) notes.push(`Server ${brief(r.serverDied)}.`);
  return `${head}${rows.join('\n')}\n${notes.length ? `\n${notes.join(' ')}\n` : ''}`;
}

// ---- summary rows for the suite runner

const overloadUp = (r: OverloadResult) => r.alive && r.health.status === 200;

function latencyFigure(l: Latency, alarms: { received: number }, n: number): string {
  const missing = alarms.received < n ? `; ${alarms.received}/${n} alarms` : '';
  return `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}${missing}`;
}

const notMeasured = (r: { error?: string; serverDied?: string }) =>
  `not measured: ${brief(r.error ?? r.serverDied ?? 'unknown').slice(0, 120)}`;

function summary(): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const target = `p99 < ${TARGET_P99_MS} ms`;
  const lr = results.latency;
  if (lr) {
    rows.push({
      scenario: `alarm latency under ${LAT.rate.toLocaleString('en')} msg/s (${LAT.faults} faults)`,
      figure: lr.measured ? latencyFigure(lr.latency, lr.alarms, LAT.faults) : notMeasured(lr),
      target,
      met: lr.measured && latencyMet(lr, LAT.faults),
    });
  }
  const o = results.overload;
  if (o) {
    const f = o.flood;
    const scenario = `overload: ${OV.flooders} publishers flooding ${OV.floodS} s`;
    rows.push({
      scenario,
      figure: o.measured
        ? `${overloadUp(o) ? 'up' : 'DOWN'}; RSS max ${o.rss.maxMb ?? '—'} MB; shed ${f.shedTotal.toLocaleString('en')} ` +
          `(${f.shedPerS.toLocaleString('en')}/s); lag p99 ${ms(o.lagP99Ms)}`
        : notMeasured(o),
      target: 'up, bounded RSS, shed counted',
      met: o.measured && overloadUp(o) && o.rssBounded === true && f.shedCounted,
    });
    if (o.measured) {
      const held = f.written > 0 ? ` (${((f.heldBack / f.written) * 100).toFixed(0)} % held back)` : '';
      rows.push({
        scenario: `${scenario}: written / read by the server / held back by TCP`,
        figure: `${f.written.toLocaleString('en')} / ${f.read.toLocaleString('en')} / ${f.heldBack.toLocaleString('en')}${held}`,
      });
    }
    rows.push({
      scenario: `overload: fault alarm latency (${OV.faults} faults)`,
      figure: o.measured ? latencyFigure(o.latency, o.alarms, OV.faults) : notMeasured(o),
      target,
      met: o.measured && latencyMet(o, OV.faults),
    });
  }
  return rows;
}

let written = false;
function finish(why?: string): void {
  if (written) return;
  written = true;
  for (const r of [results.latency, results.overload]) if (r && !r.measured && !r.error && why) r.error = why;
  const load1 = os.loadavg();
  const md = `${latencyMd(results.latency)}\n${overloadMd(results.overload)}`;
  const rows = summary();
  console.log(`\n${md}`);
  console.log(
    `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}; ` +
      `${os.cpus().length} cores; generator, devices and dispatcher client on the same machine` +
      (why ? `; ABORTED: ${why}` : ''),
  );
  writeReport({ markdown: md, summary: rows });
  const file = writeResult(REPO, 'alarm', {
    when: new Date().toISOString(),
    ...(why && { aborted: why }),
    targetP99Ms: TARGET_P99_MS,
    payloadBytes: Buffer.byteLength(BOX_READING),
    faultPayload: FAULT,
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: load1, node: process.version },
    ...results,
    summary: rows,
    markdown: md,
  });
  const report = argValue('report');
  log(`wrote ${path.relative(REPO, file)}${report ? ` and the report ${report}` : ''}`);
}

const load0 = os.loadavg();

/** Each scenario on its own server, torn down before the next starts; `live` holds the running one's. */
async function runScenarios(tmp: string, live: Set<Cleanup>): Promise<void> {
  const scenarios: [string, (tmp: string, c: Cleanup) => Promise<unknown>][] = [
    ['latency', alarmLatency],
    ['overload', overload],
  ];
  for (const [name, fn] of scenarios) {
    if (!ONLY.includes(name) || aborted) continue;
    const cleanup = new Cleanup();
    live.add(cleanup);
    try {
      await fn(tmp, cleanup);
    } catch (err) {
      const message = (err as Error).message;
      log(`${name}: failed: ${message}`);
      const r = name === 'latency' ? results.latency : results.overload;
      if (r) r.error = message;
    } finally {
      log(`${name}: tearing down`);
      await cleanup.run();
      live.delete(cleanup);
    }
  }
}

async function main(): Promise<void> {
  // The per-device limit stays at the server's defaults in both scenarios.
  delete process.env.DEVICE_RATE_PER_S;
  delete process.env.DEVICE_BURST;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'redsail-alarm-'));
  const top = new Cleanup();
  top.add('temp dir', tempRemover(tmp));
  const live = new Set<Cleanup>();
  log(
    `alarm bench: ${ONLY.join(' + ')}; default per-device limit; load average ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  let running: Promise<void> = Promise.resolve();
  // Watchdog or signal: stop what runs (its pending steps then fail fast), give the scenario up to
  // 20 s to unwind, stop again whatever it started meanwhile, write what was measured, exit.
  const abort = async (why: string, code: number) => {
    if (aborted) return;
    aborted = why;
    log(`${why}: stopping`);
    for (const c of live) await c.run();
    await Promise.race([running, sleep(20_000)]);
    for (const c of live) await c.run();
    await top.run();
    finish(why);
    process.exit(code);
  };
  const watchdog = setTimeout(
    () => void abort(`watchdog: the bench ran over ${WATCHDOG_MS / 1000} s`, 2),
    WATCHDOG_MS,
  );
  process.on('SIGINT', () => void abort('interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => void abort('terminated (SIGTERM)', 143));
  running = runScenarios(tmp, live);
  try {
    await running;
  } finally {
    clearTimeout(watchdog);
  }
  // An abort in progress writes the results and exits on its own.
  if (aborted) return new Promise<void>(() => {});
  await top.run();
  finish();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
