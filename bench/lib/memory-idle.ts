// The memory benchmark's idle-devices part: one broker (the real Redsail server with its devices
// registered in bulk, Mosquitto, or bare aedes), its resident memory with no device connected, then
// with every device connected through the load generator (bench/lib/load-gen.ts), each having sent
// one QoS-1 reading and then idle with an MQTT keep-alive. RSS is read from /proc and polled until it
// holds still for a few seconds (bounded), since nobody can force the broker's GC from outside.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Cleanup } from '../../scripts/lib/cleanup';
import { freePort, startTarget, type TargetName } from './brokers';
import { sleep, type Log } from './common';
import { LoadGenerator, type Connected } from './generator';
import { heapDelta, summarizeSnapshot, takeSnapshot, type HeapDelta, type HeapSummary } from './memory-heap';
import { forceGc } from './memory-gc';
import { scrape } from './metrics';
import { procSample, settleRss, type Settled } from './proc-cpu';

const MB = 1e6;

/** Redsail's own view of its memory, from prom-client's default metrics on /metrics. */
export interface MemBreakdown {
  rssBytes: number;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** heap_space_size_used_bytes per V8 space. */
  spaces: Record<string, number>;
  connected: number;
}

export async function readBreakdown(url: string): Promise<MemBreakdown> {
  const m = await scrape(url, 15_000);
  return {
    rssBytes: m.rssBytes,
    heapTotalBytes: m.heapTotalBytes,
    heapUsedBytes: m.heapUsedBytes,
    externalBytes: m.externalBytes,
    spaces: m.heapSpaces,
    connected: m.devicesConnected,
  };
}

/** RSS as it settled on its own, and (Node brokers) after a forced full GC. */
export interface Measured {
  settled: Settled;
  afterGc?: Settled;
}

/** The figure to judge by: after the full GC where there is one. */
export const rssOf = (m: Measured): number => (m.afterGc ?? m.settled).rssBytes;

export interface IdleResult {
  target: TargetName;
  devices: number;
  /** Redsail: seconds to start the server and register the devices (bulk import, scrypt per device). */
  setupS: number;
  before: Measured;
  connected: number;
  refused: number;
  firstError?: string;
  connectS: number;
  connectPerS: number;
  /** Broker CPU seconds spent while connecting (Redsail: mostly scrypt of the device secrets). */
  connectCpuS: number;
  /** Highest broker RSS seen while connecting and settling. */
  peakRssBytes: number;
  /** Readings acknowledged (PUBACK) / accepted by Redsail. */
  acked: number;
  accepted?: number;
  after: Measured;
  /** (after - before) / connected, from rssOf. */
  perDeviceKb: number;
  /** The same from the RSS as it settled without a forced GC. */
  perDeviceKbSettled: number;
  breakdownBefore?: MemBreakdown;
  /** Before the forced GC (heap used includes the connect storm's garbage). */
  breakdownAfterSettled?: MemBreakdown;
  breakdownAfter?: MemBreakdown;
  /** Live V8 heap growth between the two snapshots (sum of own sizes), and its largest groups. */
  heapGrowthBytes?: number;
  heapDelta?: HeapDelta[];
  died?: string;
}

export interface IdleOptions {
  tmp: string;
  devices: number;
  keepaliveS: number;
  payload: string;
  /** Node brokers: force a full GC through the inspector before reading RSS. */
  forceGc: boolean;
  heapSnapshot: boolean;
  log: Log;
}

function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

export async function measureIdle(name: TargetName, o: IdleOptions, cleanup: Cleanup): Promise<IdleResult> {
  const { log } = o;
  const heapDir = path.join(o.tmp, 'heap');
  const snapshots = o.heapSnapshot && name === 'redsail';
  const inspectPort = o.forceGc && name !== 'mosquitto' ? await freePort() : undefined;
  const nodeOptions = [
    process.env.NODE_OPTIONS ?? '',
    ...(inspectPort !== undefined ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
    ...(snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : []),
  ]
    .join(' ')
    .trim();
  const env: Record<string, string> = nodeOptions ? { NODE_OPTIONS: nodeOptions } : {};
  const s0 = performance.now();
  if (name === 'redsail') {
    log(`${name}: starting the server, registering ${o.devices} devices (bulk import)`);
    mkdirSync(heapDir, { recursive: true });
    // Devices that send one reading and then only keep-alives would go offline (alarm + ticket each)
    // after OFFLINE_AFTER_S (180 s): push it past the run so the idle state is what is measured.
    env.OFFLINE_AFTER_S = '3600';
  }
  const dir = name === 'redsail' ? path.join(o.tmp, 'redsail') : o.tmp;
  const target = await startTarget(
    name,
    dir,
    o.devices,
    cleanup,
    log,
    name === 'mosquitto' ? undefined : env,
  );
  const setupS = (performance.now() - s0) / 1000;
  const url = target.redsail?.url;

  /** RSS once it holds still; then, with an inspector, once more after two full GCs. */
  const measure = async (what: string, first: [number, number, number]): Promise<Measured> => {
    const settled = await settleRss(target.pid, ...first);
    log(
      `${name}: RSS ${what} ${(settled.rssBytes / MB).toFixed(1)} MB ` +
        `(${settled.stable ? 'stable' : 'still moving'} after ${settled.waitedS.toFixed(1)} s)`,
    );
    if (inspectPort === undefined) return { settled };
    await forceGc(inspectPort);
    const afterGc = await settleRss(target.pid, 2, 3, 15);
    log(`${name}: RSS ${what} after a full GC ${(afterGc.rssBytes / MB).toFixed(1)} MB`);
    return { settled, afterGc };
  };

  log(`${name}: up in ${setupS.toFixed(1)} s; waiting for RSS to settle`);
  const before = await measure('with no device connected', [3, 4, 20]);
  const breakdownBefore = url ? await readBreakdown(url) : undefined;
  let heapBefore: HeapSummary | undefined;
  if (snapshots && url) {
    log(`${name}: heap snapshot (before)`);
    heapBefore = summarizeSnapshot(await takeSnapshot(target.pid, heapDir, () => readBreakdown(url)));
  }

  const gen = LoadGenerator.start(cleanup);
  const cpu0 = procSample(target.pid)?.cpuS ?? 0;
  const c0 = performance.now();
  let peakRssBytes = rssOf(before);
  const poll = setInterval(() => {
    const p = procSample(target.pid);
    if (p) peakRssBytes = Math.max(peakRssBytes, p.rssBytes);
  }, 500);
  const progress = setInterval(() => {
    const p = procSample(target.pid);
    log(
      `${name}: connecting, ${((performance.now() - c0) / 1000).toFixed(0)} s, broker holds ${fdCount(target.pid)} fds, ` +
        `RSS ${p ? (p.rssBytes / MB).toFixed(0) : '?'} MB`,
    );
  }, 5000);
  let c: Connected;
  try {
    c = await gen.connect(target.port, target.clients, o.payload, {
      keepalive: o.keepaliveS,
      timeoutMs: 180_000,
    });
  } finally {
    clearInterval(progress);
  }
  const connectS = (performance.now() - c0) / 1000;
  const connectCpuS = (procSample(target.pid)?.cpuS ?? cpu0) - cpu0;
  log(
    `${name}: ${c.ok} connected, ${c.failed} refused${c.firstError ? ` (${c.firstError})` : ''} in ` +
      `${connectS.toFixed(1)} s (${Math.round(c.ok / connectS)}/s), broker CPU ${connectCpuS.toFixed(1)} s`,
  );

  // One QoS-1 reading per device, then silence but for keep-alive pings.
  gen.send({ type: 'once', qos: 1 });
  let stats = await gen.stats();
  const until = Date.now() + 30_000;
  while (stats.acked < stats.sent && Date.now() < until) {
    await sleep(250);
    stats = await gen.stats();
  }
  const accepted = target.name === 'redsail' ? await target.count() : undefined;
  log(
    `${name}: ${stats.acked} of ${stats.sent} readings acknowledged` +
      (accepted !== undefined ? `, ${accepted} accepted` : '') +
      `; idle, waiting for RSS to settle`,
  );
  const settledNoGc = await settleRss(target.pid, 5, 5, 30);
  const breakdownAfterSettled = url ? await readBreakdown(url) : undefined;
  let after: Measured = { settled: settledNoGc };
  if (inspectPort !== undefined) {
    await forceGc(inspectPort);
    after = { settled: settledNoGc, afterGc: await settleRss(target.pid, 2, 3, 15) };
  }
  clearInterval(poll);
  peakRssBytes = Math.max(peakRssBytes, settledNoGc.rssBytes);
  const breakdownAfter = url ? await readBreakdown(url) : undefined;
  const perDevice = (a: number, b: number) => (c.ok > 0 ? (a - b) / c.ok / 1000 : 0);
  const perDeviceKb = perDevice(rssOf(after), rssOf(before));
  const perDeviceKbSettled = perDevice(after.settled.rssBytes, before.settled.rssBytes);
  log(
    `${name}: RSS with ${c.ok} idle devices ${(settledNoGc.rssBytes / MB).toFixed(1)} MB ` +
      `(${settledNoGc.stable ? 'stable' : 'still moving'} after ${settledNoGc.waitedS.toFixed(1)} s)` +
      (after.afterGc ? `, ${(after.afterGc.rssBytes / MB).toFixed(1)} MB after a full GC` : '') +
      `: ${perDeviceKb.toFixed(1)} KB per device; peak ${(peakRssBytes / MB).toFixed(0)} MB`,
  );
  let delta: HeapDelta[] | undefined;
  let heapGrowthBytes: number | undefined;
  if (heapBefore && url) {
    log(`${name}: heap snapshot (after)`);
    const heapAfter = summarizeSnapshot(await takeSnapshot(target.pid, heapDir, () => readBreakdown(url)));
    delta = heapDelta(heapBefore, heapAfter);
    heapGrowthBytes = heapAfter.totalBytes - heapBefore.totalBytes;
  }
  const died = target.died();
  return {
    target: name,
    devices: o.devices,
    setupS,
    before,
    connected: c.ok,
    refused: c.failed,
    ...(c.firstError !== undefined && { firstError: c.firstError }),
    connectS,
    connectPerS: Math.round(c.ok / connectS),
    connectCpuS,
    peakRssBytes,
    acked: stats.acked,
    ...(accepted !== undefined && { accepted }),
    after,
    perDeviceKb,
    perDeviceKbSettled,
    ...(breakdownBefore && { breakdownBefore }),
    ...(breakdownAfterSettled && { breakdownAfterSettled }),
    ...(breakdownAfter && { breakdownAfter }),
    ...(heapGrowthBytes !== undefined && { heapGrowthBytes }),
    ...(delta && { heapDelta: delta }),
    ...(died && { died }),
  };
}
