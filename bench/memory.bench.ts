// Memory benchmark, two measurements (from the repository root):
//
// 1. Idle devices: the real server (child process, temp DATA_DIR, 127.0.0.1 only) with 10,000
//    distribution boxes registered by bulk import; RSS with no device connected, then with all of
//    them connected as real MQTT clients (bench/lib/load-gen.ts: raw sockets, 50 CONNECTs in
//    flight), each having sent one QoS-1 reading and then idle with a 60 s keep-alive; RSS polled from
//    /proc until it holds still. The same on Mosquitto and bare aedes. Target: 10,000 idle devices in
//    < 300 MB RSS (the whole Redsail process).
// 2. Store growth: in-process, the SQLite store in a temp dir; 1,000,000 distribution-box readings of
//    1,000 devices (one per device every 10 s of simulated time) through store.commit in batches of
//    one reading per device plus its device_state upsert, as the write queue does under load; size
//    raw, then after the default retention policy folded every raw row into rollups.
//
//   npx tsx bench/memory.bench.ts [--report <file>] [--parts idle,store] [--devices 10000]
//     [--targets redsail,mosquitto,aedes] [--readings 1000000] [--store-devices 1000] [--interval-s 10]
//     [--keepalive-s 60] [--no-gc] [--heap-snapshot] [--write-budget-s 90] [--compact-budget-s 60]
//     [--budget-s 200] [--watchdog-s 360]
//
// Order: Redsail idle, store growth, then Mosquitto and bare aedes if they fit in --budget-s (soft;
// 0 = always). --no-gc: do not force a full GC in the Node brokers (through --inspect on 127.0.0.1)
// before reading RSS. --heap-snapshot: V8 heap snapshots of Redsail before and after connecting, the
// growth by constructor in the markdown (writing snapshots inflates that run's RSS figures).
//
// Progress goes to stderr; the markdown fragment to stdout (and to bench/run.ts through --report
// <file>); the figures to bench/results/memory.json.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBench, type Bench } from './lib/bench';
import type { TargetName } from './lib/brokers';
import { flag, int, listArg, logger, numArg, withTimeout } from './lib/common';
import { measureIdle } from './lib/memory-idle';
import * as md from './lib/memory-report';
import { measureStoreGrowth, type StoreGrowthResult } from './lib/memory-store';
import { BOX_READING } from './lib/readings';
import { writeReport, writeResult } from './lib/report';

const PARTS = listArg('parts', 'idle,store');
const DEVICES = numArg('devices', 10000);
const TARGETS = listArg('targets', 'redsail,mosquitto,aedes') as TargetName[];
const READINGS = numArg('readings', 1000000);
const STORE_DEVICES = numArg('store-devices', 1000);
const INTERVAL_S = numArg('interval-s', 10);
const KEEPALIVE_S = numArg('keepalive-s', 60);
const HEAP_SNAPSHOT = flag('heap-snapshot');
const FORCE_GC = !flag('no-gc');
const WRITE_BUDGET_MS = numArg('write-budget-s', 90) * 1000;
const COMPACT_BUDGET_MS = numArg('compact-budget-s', 60) * 1000;
/** Soft total: the comparison brokers are skipped when they would end past it (0 = never skip). */
const BUDGET_S = numArg('budget-s', 200);
const COMPARISON_S = 30;
const TARGET_RSS_MB = 300;
const CONFIG: md.MemoryConfig = {
  ...{ PARTS, DEVICES, KEEPALIVE_S, FORCE_GC },
  ...{ STORE_DEVICES, INTERVAL_S, WRITE_BUDGET_MS },
};

const t0 = Date.now();
const log = logger('stderr');
const { mb, short } = md;

async function idleOne(b: Bench, target: TargetName, idle: md.IdleEntry[]): Promise<void> {
  try {
    const o = {
      tmp: path.join(b.tmp, target),
      devices: DEVICES,
      keepaliveS: KEEPALIVE_S,
      payload: BOX_READING,
    };
    const result = await b.scope(target, (c) =>
      withTimeout(
        measureIdle(target, { ...o, forceGc: FORCE_GC, heapSnapshot: HEAP_SNAPSHOT, log }, c),
        target === 'redsail' ? 200_000 : 90_000,
        `${target} idle devices`,
      ),
    );
    idle.push({ target, result });
  } catch (err) {
    log(`${target}: failed: ${(err as Error).message}`);
    idle.push({ target, error: (err as Error).message });
  }
}

/** The summary against the targets (judged on the RSS the process settles at by itself, not after a forced GC). */
function summarise(idle: md.IdleEntry[], store: StoreGrowthResult | undefined, storeError?: string) {
  const rows: md.Summary[] = [];
  const red = idle.find((e) => e.target === 'redsail');
  const r = red?.result;
  if (red) {
    rows.push({
      what: `${int(DEVICES)} idle devices connected, Redsail RSS (whole process)`,
      target: `< ${TARGET_RSS_MB} MB`,
      measured: r
        ? `${mb(r.after.settled.rssBytes)} as it settled after connecting (peak ${mb(r.peakRssBytes)}; ` +
          `${mb(r.before.settled.rssBytes)} with none connected)` +
          (r.after.afterGc
            ? `; ${mb(r.after.afterGc.rssBytes)} after a forced full GC, ${r.perDeviceKb.toFixed(1)} KB per device`
            : '') +
          (r.connected < DEVICES ? `; only ${int(r.connected)} of ${int(DEVICES)} connected` : '')
        : `failed: ${short(red.error)}`,
      met: r !== undefined && r.connected === DEVICES && r.after.settled.rssBytes < TARGET_RSS_MB * 1e6,
    });
  }
  if (r)
    rows.push({
      what: `connecting ${int(DEVICES)} devices (scrypt check of each secret)`,
      target: '—',
      measured: `${r.connectS.toFixed(1)} s, ${int(r.connectPerS)}/s, ${r.connectCpuS.toFixed(1)} CPU s in the server (${((r.connectCpuS / Math.max(1, r.connected)) * 1000).toFixed(1)} ms per device)`,
    });
  if (store) {
    const perM = (live: number) => mb(((live - store.baseline.liveBytes) / store.written) * 1e6);
    rows.push({
      what: 'store growth per million readings, raw (live data)',
      target: '—',
      measured:
        perM(store.raw.liveBytes) +
        (store.truncated
          ? ` (extrapolated from ${int(store.written)} readings: writing hit its time budget)`
          : ''),
    });
    rows.push({
      what: `… after retention (${store.policy.bucketMin}-min rollups)`,
      target: '—',
      measured: `${perM(store.compacted.liveBytes)} live; file stays ${mb(store.compacted.dbBytes + store.compacted.walBytes)} until VACUUM`,
    });
  } else if (PARTS.includes('store')) {
    rows.push({ what: 'store growth', target: '—', measured: `failed: ${short(storeError ?? 'not run')}` });
  }
  return rows;
}

runBench({ name: 'memory', watchdogS: numArg('watchdog-s', 360), log }, async (b) => {
  const load0 = os.loadavg();
  log(
    `memory bench: parts ${PARTS.join('+')}; idle: ${DEVICES} devices on ${TARGETS.join(', ')}, keep-alive ${KEEPALIVE_S} s; ` +
      `store: ${READINGS} readings of ${STORE_DEVICES} devices every ${INTERVAL_S} s; ` +
      `load average ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const idle: md.IdleEntry[] = [];
  let store: StoreGrowthResult | undefined;
  let storeError: string | undefined;
  // Redsail first, the store next, the comparison brokers last.
  if (PARTS.includes('idle') && TARGETS.includes('redsail')) await idleOne(b, 'redsail', idle);
  if (PARTS.includes('store') && !b.aborted()) {
    try {
      const dir = path.join(b.tmp, 'store');
      mkdirSync(dir, { recursive: true });
      const o = { dir, readings: READINGS, devices: STORE_DEVICES, intervalS: INTERVAL_S };
      const budgets = { writeBudgetMs: WRITE_BUDGET_MS, compactBudgetMs: COMPACT_BUDGET_MS };
      const bound = WRITE_BUDGET_MS + COMPACT_BUDGET_MS + 30_000;
      store = await withTimeout(measureStoreGrowth({ ...o, ...budgets, log }), bound, 'store growth');
    } catch (err) {
      storeError = (err as Error).message;
      log(`store: failed: ${storeError}`);
    }
  }
  // The comparison brokers take ~15-25 s each: only within the soft time budget.
  for (const t of PARTS.includes('idle') ? TARGETS.filter((x) => x !== 'redsail') : []) {
    const elapsed = (Date.now() - t0) / 1000;
    if (b.aborted()) break;
    if (BUDGET_S > 0 && elapsed + COMPARISON_S > BUDGET_S) {
      log(`${t}: skipped, ${elapsed.toFixed(0)} s gone of the ${BUDGET_S} s budget`);
      idle.push({ target: t, skipped: `time budget (${elapsed.toFixed(0)} s of ${BUDGET_S} s gone)` });
      continue;
    }
    await idleOne(b, t, idle);
  }
  const load1 = os.loadavg();
  const summary = summarise(idle, store, storeError);
  const markdown = [
    '### Memory',
    '',
    md.setupMd(CONFIG, load0, load1, store),
    '',
    md.summaryMd(summary),
    ...(idle.length > 0 ? ['', md.idleMd(CONFIG, idle)] : []),
    ...(store ? ['', md.storeMd(CONFIG, store)] : []),
    '',
  ].join('\n');
  console.log(markdown);
  writeReport({
    markdown,
    summary: summary.map((r) => ({
      scenario: `memory: ${r.what}`,
      figure: r.measured,
      ...(r.target !== '—' && { target: r.target }),
      ...(r.met !== undefined && { met: r.met }),
    })),
  });
  const file = writeResult('memory', {
    when: new Date().toISOString(),
    config: {
      ...{ parts: PARTS, devices: DEVICES, targets: TARGETS, keepaliveS: KEEPALIVE_S },
      ...{ payloadBytes: Buffer.byteLength(BOX_READING), readings: READINGS, storeDevices: STORE_DEVICES },
      ...{ intervalS: INTERVAL_S, targetRssMb: TARGET_RSS_MB },
    },
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: load1, node: process.version },
    summary,
    idle,
    store: store ?? { error: storeError },
    markdown,
  });
  log(`wrote ${file}`);
});
