// Memory benchmark, two measurements (from the repository root):
//
// 1. Idle devices: the real server (child process, temp DATA_DIR, 127.0.0.1 only) with 10,000
//    distribution boxes registered by bulk import; RSS with no device connected, then with all of
//    them connected as real MQTT clients (bench/lib/ingest-gen.ts: raw sockets, 50 CONNECTs in
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
// Progress goes to stderr; the markdown fragment to stdout (and to bench/run.ts through --report <file>); the figures to
// bench/results/memory-<ISO time>.json.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { writeReport, writeResult } from './lib/report';
import os from 'node:os';
import path from 'node:path';
import type { TargetName } from './lib/ingest-targets';
import { measureIdle, rssOf, type IdleResult } from './lib/memory-idle';
import { measureStoreGrowth, type StoreGrowthResult } from './lib/memory-store';
import { BOX_READING } from './lib/readings';
import { Cleanup, tempRemover, watchdog } from './lib/stack';

const REPO = process.cwd();
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const PARTS = arg('parts', 'idle,store').split(',');
const DEVICES = Number(arg('devices', '10000'));
const TARGETS = arg('targets', 'redsail,mosquitto,aedes').split(',') as TargetName[];
const READINGS = Number(arg('readings', '1000000'));
const STORE_DEVICES = Number(arg('store-devices', '1000'));
const INTERVAL_S = Number(arg('interval-s', '10'));
const KEEPALIVE_S = Number(arg('keepalive-s', '60'));
const HEAP_SNAPSHOT = process.argv.includes('--heap-snapshot');
const FORCE_GC = !process.argv.includes('--no-gc');
const WRITE_BUDGET_MS = Number(arg('write-budget-s', '90')) * 1000;
const COMPACT_BUDGET_MS = Number(arg('compact-budget-s', '60')) * 1000;
const WATCHDOG_MS = Number(arg('watchdog-s', '360')) * 1000;
/** Soft total: the comparison brokers are skipped when they would end past it (0 = never skip). */
const BUDGET_S = Number(arg('budget-s', '200'));
const COMPARISON_S = 30;
const TARGET_RSS_MB = 300;

const t0 = Date.now();
const log = (s: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}`);
const MB = 1e6;
const mb = (b: number) => `${(b / MB).toFixed(1)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** An error for a table cell: one line, bounded. */
const short = (s: string | undefined) => (s ?? '?').replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160);

/** Runs fn, rejecting after ms (the caller's Cleanup then stops whatever fn started). */
function bounded<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    fn(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface IdleEntry {
  target: TargetName;
  result?: IdleResult;
  error?: string;
  skipped?: string;
}

const LABEL: Record<TargetName, string> = {
  redsail: 'Redsail (server process)',
  mosquitto: 'Mosquitto',
  aedes: 'bare aedes',
};

function idleMd(entries: IdleEntry[]): string {
  const rows = [
    `| broker | RSS, no device | RSS, ${int(DEVICES)} idle devices, settled | … after a full GC | per idle device (settled / after GC) | connecting ${int(DEVICES)} (rate) | broker CPU connecting | peak RSS |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  const moving = (s: { stable: boolean }) => (s.stable ? '' : ' (still moving)');
  for (const e of entries) {
    const r = e.result;
    if (!r) {
      const why = e.skipped
        ? `skipped: ${e.skipped}; run \`--parts idle --targets ${e.target}\``
        : `failed: ${short(e.error)}`;
      rows.push(`| ${LABEL[e.target]} | ${why} | | | | | | |`);
      continue;
    }
    const gc = r.after.afterGc;
    rows.push(
      `| ${LABEL[e.target]} | ${mb(rssOf(r.before))} | ${mb(r.after.settled.rssBytes)}${moving(r.after.settled)} | ` +
        `${gc ? `${mb(gc.rssBytes)}${moving(gc)}` : '— (not Node)'} | ` +
        `${r.perDeviceKbSettled.toFixed(1)}${gc ? ` / ${r.perDeviceKb.toFixed(1)}` : ''} KB | ` +
        `${r.connectS.toFixed(1)} s (${int(r.connectPerS)}/s)${r.refused ? `, ${int(r.refused)} refused` : ''} | ` +
        `${r.connectCpuS.toFixed(1)} s | ${mb(r.peakRssBytes)} |`,
    );
  }
  const red = entries.find((e) => e.target === 'redsail')?.result;
  const out = [rows.join('\n')];
  if (red?.breakdownBefore && red.breakdownAfter) {
    const b = red.breakdownBefore;
    const a = red.breakdownAfter;
    const n = Math.max(1, red.connected);
    const other = (x: typeof a) => x.rssBytes - x.heapTotalBytes - x.externalBytes;
    const per = (x: number, y: number) => `${((y - x) / n / 1000).toFixed(1)} KB/device`;
    const storm = red.breakdownAfterSettled;
    out.push(
      '',
      `Redsail's own view (/metrics, main thread's V8 heap), no device → ${int(red.connected)} idle devices, both after a full GC: ` +
        `heap used ${mb(b.heapUsedBytes)} → ${mb(a.heapUsedBytes)} (${per(b.heapUsedBytes, a.heapUsedBytes)}), ` +
        `heap reserved ${mb(b.heapTotalBytes)} → ${mb(a.heapTotalBytes)}, ` +
        `external (Buffers, native) ${mb(b.externalBytes)} → ${mb(a.externalBytes)} (${per(b.externalBytes, a.externalBytes)}), ` +
        `rest of RSS (code, stacks, malloc arenas, SQLite caches, the store's worker thread) ${mb(other(b))} → ${mb(other(a))} ` +
        `(${per(other(b), other(a))}). ` +
        (storm
          ? `Before that GC the heap held ${mb(storm.heapUsedBytes)} used of ${mb(storm.heapTotalBytes)} reserved: garbage of the connect storm an idle server keeps until a GC. `
          : '') +
        `The server counted ${int(a.connected)} devices connected.` +
        (red.after.afterGc?.rssFileBytes !== undefined
          ? ` Of the ${mb(rssOf(red.after))}, ${mb(red.after.afterGc.rssFileBytes)} is file-backed (the node binary and ` +
            `libraries, shared with any other Node process) and ${mb(red.after.afterGc.rssAnonBytes ?? 0)} anonymous.`
          : ''),
    );
    if (red.heapDelta) {
      out.push(
        '',
        `Heap snapshots (opt-in \`--heap-snapshot\`; writing one costs the server memory, so RSS figures of such a run are high): ` +
          `live V8 heap grew ${mb(red.heapGrowthBytes ?? 0)}, ${int((red.heapGrowthBytes ?? 0) / n)} B per device; largest groups (own sizes):`,
        '',
        '| object | count | bytes | per device |',
        '|---|---|---|---|',
        ...red.heapDelta
          .slice(0, 12)
          .map(
            (d) =>
              `| ${d.name.replace(/\|/g, '\\|')} | ${int(d.count)} | ${mb(d.bytes)} | ${int(d.bytes / n)} B |`,
          ),
      );
    }
  }
  return out.join('\n');
}

function storeMd(s: StoreGrowthResult): string {
  const file = (x: StoreGrowthResult['raw']) => x.dbBytes + x.walBytes;
  const perM = (bytes: number) => (s.written > 0 ? mb((bytes / s.written) * 1e6) : '—');
  const numeric = s.numericMetrics;
  // Steady state per device under the retention policy at this reading interval (projection).
  const rawRows = (s.policy.rawHours * 3600) / s.intervalS;
  const rollupRows = ((s.policy.rollupDays * 86_400) / (s.policy.bucketMin * 60)) * numeric;
  const steadyRaw = rawRows * s.bytesPerRawRow;
  const steadyRollup = rollupRows * s.bytesPerRollupRow;
  return [
    '| stage | telemetry rows | file (db + wal) | live data (pages − free pages) | live per million readings | time |',
    '|---|---|---|---|---|---|',
    `| empty (${int(s.devices)} devices registered) | 0 | ${mb(file(s.baseline))} | ${mb(s.baseline.liveBytes)} | — | — |`,
    `| raw: ${int(s.written)} readings${s.truncated ? ` (stopped at the ${WRITE_BUDGET_MS / 1000} s budget)` : ''} | ${int(s.raw.telemetryRows)} raw | ${mb(file(s.raw))} | ${mb(s.raw.liveBytes)} | ${perM(s.raw.liveBytes - s.baseline.liveBytes)} | writes ${s.writeS.toFixed(1)} s: ${int(s.writeRowsPerS)} readings/s (${int(s.commitRowsPerS)}/s inside commit; first tenth ${int(s.firstTenthPerS)}/s, last tenth ${int(s.lastTenthPerS)}/s) |`,
    `| after compaction${s.compaction.truncated ? ' (stopped at its budget)' : ''} | ${int(s.compacted.rollupRows)} rollup, ${int(s.compacted.telemetryRows)} raw | ${mb(file(s.compacted))} (not shrunk without VACUUM) | ${mb(s.compacted.liveBytes)} | ${perM(s.compacted.liveBytes - s.baseline.liveBytes)} | ${int(s.compaction.rolledUp)} rows folded in ${s.compaction.seconds.toFixed(1)} s (${int(s.compaction.rowsPerS)}/s) |`,
    '',
    `Raw history costs ${int(s.bytesPerRawRow)} B per reading (table + (device_id, ts) index; the message is ` +
      `stored as JSON text); a rollup row (one metric, one ${s.policy.bucketMin}-min bucket, with its primary key and bucket index) ` +
      `${int(s.bytesPerRollupRow)} B, and a distribution box has ${numeric} numeric metrics, so one bucket of one device costs ` +
      `${int(s.bytesPerRollupRow * numeric)} B whatever the number of readings in it (here ${int(((s.policy.bucketMin * 60) / s.intervalS) | 0)}). ` +
      `WAL before the checkpoint: ${mb(s.walBeforeCheckpointBytes)}. ` +
      `Projection from these figures, one device reading every ${s.intervalS} s, steady state under the policy ` +
      `(${s.policy.rawHours} h raw, ${s.policy.rollupDays} d of rollups): ${mb(steadyRaw)} raw + ${mb(steadyRollup)} rollups ` +
      `= ${mb(steadyRaw + steadyRollup)} per device, ${(((steadyRaw + steadyRollup) * DEVICES) / 1e9).toFixed(0)} GB for ${int(DEVICES)} devices.`,
  ].join('\n');
}

interface Summary {
  what: string;
  target: string;
  measured: string;
  met?: boolean;
}

function summaryMd(rows: Summary[]): string {
  return [
    '| measure | target | measured | |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.target} | ${r.measured} | ${r.met === undefined ? '—' : r.met ? 'met' : '**not met**'} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'redsail-memory-'));
  const cleanup = new Cleanup();
  cleanup.add('temp dir', tempRemover(tmp));
  const load0 = os.loadavg();
  log(
    `memory bench: parts ${PARTS.join('+')}; idle: ${DEVICES} devices on ${TARGETS.join(', ')}, keep-alive ${KEEPALIVE_S} s; ` +
      `store: ${READINGS} readings of ${STORE_DEVICES} devices every ${INTERVAL_S} s; ` +
      `load average ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const guard = watchdog(cleanup, WATCHDOG_MS, log);

  const idle: IdleEntry[] = [];
  let store: StoreGrowthResult | undefined;
  let storeError: string | undefined;
  const idleOne = async (target: TargetName) => {
    const c = new Cleanup();
    try {
      const result = await bounded(`${target} idle devices`, target === 'redsail' ? 200_000 : 90_000, () =>
        measureIdle(
          target,
          {
            repo: REPO,
            tmp: path.join(tmp, target),
            devices: DEVICES,
            keepaliveS: KEEPALIVE_S,
            payload: BOX_READING,
            forceGc: FORCE_GC,
            heapSnapshot: HEAP_SNAPSHOT,
            log,
          },
          c,
        ),
      );
      idle.push({ target, result });
    } catch (err) {
      log(`${target}: failed: ${(err as Error).message}`);
      idle.push({ target, error: (err as Error).message });
    } finally {
      log(`${target}: stopping`);
      await c.run();
    }
  };
  try {
    // Redsail first, the store next, the comparison brokers last.
    if (PARTS.includes('idle') && TARGETS.includes('redsail')) await idleOne('redsail');
    if (PARTS.includes('store') && !guard.timedOut()) {
      try {
        const dir = path.join(tmp, 'store');
        mkdirSync(dir, { recursive: true });
        store = await bounded('store growth', WRITE_BUDGET_MS + COMPACT_BUDGET_MS + 30_000, () =>
          measureStoreGrowth({
            dir,
            readings: READINGS,
            devices: STORE_DEVICES,
            intervalS: INTERVAL_S,
            writeBudgetMs: WRITE_BUDGET_MS,
            compactBudgetMs: COMPACT_BUDGET_MS,
            log,
          }),
        );
      } catch (err) {
        storeError = (err as Error).message;
        log(`store: failed: ${storeError}`);
      }
    }
    // The comparison brokers take ~15-25 s each: only within the soft time budget.
    if (PARTS.includes('idle')) {
      for (const t of TARGETS.filter((x) => x !== 'redsail')) {
        const elapsed = (Date.now() - t0) / 1000;
        if (guard.timedOut()) break;
        if (BUDGET_S > 0 && elapsed + COMPARISON_S > BUDGET_S) {
          log(`${t}: skipped, ${elapsed.toFixed(0)} s gone of the ${BUDGET_S} s budget`);
          idle.push({ target: t, skipped: `time budget (${elapsed.toFixed(0)} s of ${BUDGET_S} s gone)` });
          continue;
        }
        await idleOne(t);
      }
    }
  } finally {
    guard.clear();
    await cleanup.run();
  }
  const load1 = os.loadavg();

  const summary: Summary[] = [];
  const red = idle.find((e) => e.target === 'redsail');
  if (red) {
    const r = red.result;
    // Judged on the RSS the process settles at by itself (what an operator sees), not after a forced GC.
    summary.push({
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
      met: r !== undefined && r.connected === DEVICES && r.after.settled.rssBytes < TARGET_RSS_MB * MB,
    });
    if (r)
      summary.push({
        what: `connecting ${int(DEVICES)} devices (scrypt check of each secret)`,
        target: '—',
        measured: `${r.connectS.toFixed(1)} s, ${int(r.connectPerS)}/s, ${r.connectCpuS.toFixed(1)} CPU s in the server (${((r.connectCpuS / Math.max(1, r.connected)) * 1000).toFixed(1)} ms per device)`,
      });
  }
  if (store) {
    summary.push({
      what: 'store growth per million readings, raw (live data)',
      target: '—',
      measured:
        mb(((store.raw.liveBytes - store.baseline.liveBytes) / store.written) * 1e6) +
        (store.truncated
          ? ` (extrapolated from ${int(store.written)} readings: writing hit its time budget)`
          : ''),
    });
    summary.push({
      what: `… after retention (${store.policy.bucketMin}-min rollups)`,
      target: '—',
      measured: `${mb(((store.compacted.liveBytes - store.baseline.liveBytes) / store.written) * 1e6)} live; file stays ${mb(store.compacted.dbBytes + store.compacted.walBytes)} until VACUUM`,
    });
  } else if (PARTS.includes('store')) {
    summary.push({
      what: 'store growth',
      target: '—',
      measured: `failed: ${short(storeError ?? 'not run')}`,
    });
  }

  const setup =
    `Set-up: ${os.cpus().length} cores, Node ${process.version}, load average ${load0.map((l) => l.toFixed(2)).join(' ')} before, ` +
    `${load1.map((l) => l.toFixed(2)).join(' ')} after; everything on one machine, 127.0.0.1 only. ` +
    (PARTS.includes('idle')
      ? `**Idle devices**: ${int(DEVICES)} distribution boxes registered by bulk import (Redsail; Mosquitto and bare aedes ` +
        `take anonymous clients), connected as MQTT 3.1.1 clients by the raw-socket ingest generator (50 CONNECTs in flight), ` +
        `keep-alive ${KEEPALIVE_S} s with PINGREQs at half of it; each sends one QoS-1 reading (${Buffer.byteLength(BOX_READING)} B) and then idles. ` +
        `RSS is the broker process's resident set from /proc, polled every 0.5 s until it stays within max(1 MB, 1 %) for 4–5 s ` +
        `(at most 20–30 s)` +
        (FORCE_GC
          ? `; the Node brokers (Redsail, bare aedes) run with --inspect on 127.0.0.1 and are then told to run two full GCs ` +
            `(HeapProfiler.collectGarbage) and RSS is read again once still: left alone, an idle server keeps the connect storm's ` +
            `garbage until some later GC. `
          : '; no GC forced (--no-gc). ') +
        `Redsail runs with OFFLINE_AFTER_S=3600 so silent devices do not ` +
        `turn offline (alarm and ticket each) during the run; Mosquitto and bare aedes also hold one subscriber on the telemetry wildcard. `
      : '') +
    (PARTS.includes('store')
      ? `**Store growth**: in-process, openSqliteStore in a temp dir with the options app.ts passes (file, clock), ${int(STORE_DEVICES)} distribution boxes each reading ` +
        `every ${INTERVAL_S} s of simulated time (validated and rule-evaluated like ingest does); one store.commit per round ` +
        `(${int(STORE_DEVICES)} telemetry rows + ${int(STORE_DEVICES)} device_state upserts); sizes after PRAGMA wal_checkpoint(TRUNCATE) ` +
        `from a second connection; then store.compactTelemetry with the default policy (TELEMETRY_RAW_HOURS, TELEMETRY_ROLLUP_DAYS, ` +
        `TELEMETRY_BUCKET_MIN computed as app.ts does) at a simulated now ${store?.policy.rawHours ?? 48} h after the last reading, so every raw row folds.`
      : '');

  const md = [
    '### Memory',
    '',
    setup,
    '',
    summaryMd(summary),
    ...(idle.length > 0 ? ['', idleMd(idle)] : []),
    ...(store ? ['', storeMd(store)] : []),
    '',
  ].join('\n');
  console.log(md);
  writeReport({
    markdown: md,
    summary: summary.map((r) => ({
      scenario: `memory: ${r.what}`,
      figure: r.measured,
      ...(r.target !== '—' && { target: r.target }),
      ...(r.met !== undefined && { met: r.met }),
    })),
  });
  const file = writeResult(REPO, 'memory', {
    when: new Date().toISOString(),
    config: {
      parts: PARTS,
      devices: DEVICES,
      targets: TARGETS,
      keepaliveS: KEEPALIVE_S,
      payloadBytes: Buffer.byteLength(BOX_READING),
      readings: READINGS,
      storeDevices: STORE_DEVICES,
      intervalS: INTERVAL_S,
      targetRssMb: TARGET_RSS_MB,
    },
    machine: { cores: os.cpus().length, loadBefore: load0, loadAfter: load1, node: process.version },
    summary,
    idle,
    store: store ?? { error: storeError },
    markdown: md,
  });
  log(`wrote ${path.relative(REPO, file)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
