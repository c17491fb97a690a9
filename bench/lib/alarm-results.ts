// The alarm benchmark's figures: what each scenario records (JSON in bench/results/alarm.json), and
// how they are derived from the samples taken at the start and the end of its window.
import type { GenStats } from './load-gen';
import { counterDelta, slowCommits, sumOf, type Scrape } from './metrics';
import type { ClosedWindow } from './proc-cpu';
import type { Latency } from './stats';
import type { AlarmWatch } from './alarm-probe';

const r1 = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / 1e6));

export interface Alarms {
  expected: number;
  received: number;
  missing: string[];
  unexpected: number;
  wrongRule: number;
}

/** What both scenarios record of their faults and of the server's CPU. */
export interface FaultFigures {
  alarms: Alarms;
  latency: Latency;
  /** The latency split at the alarm's raisedAt: publish → server ingest, ingest → socket client. */
  toIngest: Latency;
  fromIngest: Latency;
  serverCpuPct?: number;
  generatorCpuPct?: number;
  lagP99Ms?: number;
  serverDied?: string;
  error?: string;
  /** The measuring window completed (figures below are real). */
  measured: boolean;
}

export interface LatencyResult extends FaultFigures {
  config: Record<string, number | string>;
  windowS: number;
  serverRssMb?: number;
  background: { connected: number; refused: number; sentPerS: number; acceptedPerS: number };
  edgeShed: Record<string, number>;
  historyShed: number;
  /** Mean duration of one group commit to the store over the window, and commits per second. */
  commitMeanMs?: number;
  commitsPerS?: number;
  socketEvents: Record<string, number>;
  /** device:state entries per second the dispatcher socket received over the window. */
  deviceStatePerS?: number;
  /** The dispatcher socket dropped before the end. */
  socketLost?: string;
}

export interface RssSample {
  s: number;
  rssMb: number;
}

export interface FloodFigures {
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
}

export interface OverloadResult extends FaultFigures {
  config: Record<string, number | string>;
  flood: FloodFigures;
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
  /** Group commits over the flood (until the counters were read): count, mean, and the slow ones. */
  commits?: { n: number; meanMs: number; over10Ms: number; over25Ms: number; over50Ms: number };
  health: { status?: number; ms?: number; error?: string };
  alive: boolean;
}

function faultsNone(expected: number): FaultFigures {
  const none = { count: 0 };
  const alarms = { expected, received: 0, missing: [], unexpected: 0, wrongRule: 0 };
  return { alarms, latency: none, toIngest: none, fromIngest: none, measured: false };
}

export function emptyLatency(config: LatencyResult['config'], faults: number): LatencyResult {
  return {
    ...faultsNone(faults),
    config,
    windowS: 0,
    background: { connected: 0, refused: 0, sentPerS: 0, acceptedPerS: 0 },
    edgeShed: {},
    historyShed: 0,
    socketEvents: {},
  };
}

export function emptyOverload(config: OverloadResult['config'], faults: number): OverloadResult {
  const flood: FloodFigures = {
    ...{ connected: 0, refused: 0, written: 0, writtenPerS: 0, read: 0, heldBack: 0, countersS: 0 },
    ...{ accepted: 0, acceptedPerS: 0, shed: {}, shedTotal: 0, shedPerS: 0, historyShed: 0 },
    ...{ closedByServer: 0, limitMax: 0, windowS: 0, shedCounted: false },
  };
  return { ...faultsNone(faults), config, flood, rss: { samples: [] }, health: {}, alive: false };
}

/**
 * Into a scenario's result: the faults' alarms as the dispatcher saw them, and the server's and the
 * generator's CPU over the window (100 = one core).
 */
export function recordFaults(r: FaultFigures, watch: AlarmWatch, w: ClosedWindow<'server' | 'gen'>) {
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
  const server = w.cpuPct('server');
  const gen = w.cpuPct('gen');
  if (server !== undefined) r.serverCpuPct = Math.round(server);
  if (gen !== undefined) r.generatorCpuPct = Math.round(gen);
  return res;
}

/** The latency scenario's window: scrapes and generator stats at its start and end. */
export function recordLatencyWindow(
  r: LatencyResult,
  watch: AlarmWatch,
  w: ClosedWindow<'server' | 'gen'>,
  [m0, m1]: [Scrape, Scrape],
  [g0, g1]: [GenStats, GenStats],
  states0: number,
): void {
  const dt = w.dtS;
  r.measured = true;
  r.windowS = r1(dt);
  const res = recordFaults(r, watch, w);
  r.serverRssMb = mb(w.rssBytes('server'));
  r.lagP99Ms = r1(m1.lagP99S * 1000);
  r.background.sentPerS = Math.round((g1.sent - g0.sent) / dt);
  // The faults are accepted too: count the background alone.
  r.background.acceptedPerS = Math.round((m1.accepted - m0.accepted - res.expected) / dt);
  r.edgeShed = counterDelta(m0.shed, m1.shed);
  r.historyShed = m1.historyShed - m0.historyShed;
  r.socketEvents = Object.fromEntries(watch.counts);
  r.deviceStatePerS = Math.round(((watch.counts.get('device:state') ?? 0) - states0) / dt);
  const commits = m1.commits - m0.commits;
  if (commits > 0) {
    r.commitMeanMs = r1(((m1.commitS - m0.commitS) / commits) * 1000);
    r.commitsPerS = Math.round(commits / dt);
  }
  if (watch.disconnected) r.socketLost = watch.disconnected;
}

/** The RSS figures of the overload scenario from its once-a-second samples. */
export function recordRss(r: OverloadResult, floodS: number, ceilingMb: number): void {
  const rss = r.rss;
  rss.endMb = rss.samples.at(-1)?.rssMb;
  rss.maxMb = Math.max(...rss.samples.map((s) => s.rssMb));
  const maxIn = (a: number, b: number) => {
    const v = rss.samples.filter((s) => s.s >= a && s.s < b).map((s) => s.rssMb);
    return v.length > 0 ? Math.max(...v) : undefined;
  };
  rss.midMaxMb = maxIn(floodS / 3, (2 * floodS) / 3);
  rss.lastMaxMb = maxIn((2 * floodS) / 3, floodS + 1);
  if (rss.midMaxMb !== undefined && rss.lastMaxMb !== undefined) r.rssBounded = rss.maxMb < ceilingMb;
}

export interface FloodSamples {
  m0: Scrape;
  /** Right at the end of the flood, if /metrics answered. */
  m1: Scrape | undefined;
  /** When the counters are read. */
  m2: Scrape;
  g0: GenStats;
  g1: GenStats;
  /** Seconds: the flood, from its start until the counters were read, and from its stop until then. */
  floodS: number;
  totalS: number;
  countersS: number;
  /** The per-device limit the flooders run into. */
  flooders: number;
  ratePerS: number;
  burst: number;
}

/** Written, read, held back, accepted and shed over the flood; the faults' own messages subtracted. */
export function recordFlood(r: OverloadResult, faultsSent: number, s: FloodSamples): void {
  const { m0, m1, m2, g0, g1, totalS } = s;
  const f = r.flood;
  r.lagP99Ms = r1((m1 ?? m2).lagP99S * 1000);
  f.countersS = r1(s.countersS);
  f.windowS = r1(totalS);
  f.written = g1.sent - g0.sent;
  f.writtenPerS = Math.round(f.written / s.floodS);
  const readBy = (m: Scrape) => m.accepted - m0.accepted - faultsSent + sumOf(counterDelta(m0.shed, m.shed));
  if (m1) f.readAtFloodEnd = readBy(m1);
  f.read = readBy(m2);
  f.heldBack = f.written - f.read;
  f.accepted = m2.accepted - m0.accepted - faultsSent;
  f.acceptedPerS = Math.round(f.accepted / totalS);
  f.shed = counterDelta(m0.shed, m2.shed);
  f.shedTotal = sumOf(f.shed);
  f.shedPerS = Math.round(f.shedTotal / totalS);
  f.historyShed = m2.historyShed - m0.historyShed;
  f.closedByServer = g1.closed - g0.closed;
  f.limitMax = Math.round(s.flooders * (s.ratePerS * totalS + s.burst));
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
}

/** The overload scenario's figures in one log line. */
export function overloadLine(r: OverloadResult): string {
  const f = r.flood;
  const l = r.latency;
  const hf = r.healthDuringFlood;
  return (
    `written ${f.written} (${f.writtenPerS}/s), read ${f.read} (at flood end ${f.readAtFloodEnd ?? '?'}), ` +
    `held back ${f.heldBack}; accepted ${f.accepted} (${f.acceptedPerS}/s, bound ${f.limitMax}), shed ${f.shedTotal} ` +
    `(${f.shedPerS}/s) ${JSON.stringify(f.shed)}, counters read ${f.countersS} s after the flood; ` +
    `rss start ${r.rss.startMb} MB, max ${r.rss.maxMb} MB (mid third ${r.rss.midMaxMb}, last third ${r.rss.lastMaxMb}), ` +
    `end ${r.rss.endMb} MB; cpu ${r.serverCpuPct} % (generator ${r.generatorCpuPct} %), lag p99 ${r.lagP99Ms} ms; ` +
    `faults ${r.alarms.received}/${r.alarms.expected}, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms ` +
    `(publish→ingest p50 ${r.toIngest.p50Ms} ms, ingest→socket p50 ${r.fromIngest.p50Ms} ms); ` +
    `health ${r.health.status ?? r.health.error}, alive ${r.alive}; health during the flood p50 ` +
    `${hf?.latency.p50Ms} ms, p99 ${hf?.latency.p99Ms} ms, max ${hf?.latency.maxMs} ms, ${hf?.failed} failed`
  );
}
