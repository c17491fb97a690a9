// What the memory benchmark reports: the summary against the targets, the idle-devices table (one row
// per broker, Redsail's own view of its heap beneath), the store's growth, and the set-up in words.
import os from 'node:os';
import type { TargetName } from './brokers';
import { int, loadAvg } from './common';
import type { IdleResult } from './memory-idle';
import { rssOf } from './memory-idle';
import type { StoreGrowthResult } from './memory-store';
import { BOX_READING } from './readings';
import { met } from './report';

const MB = 1e6;
export const mb = (b: number) => `${(b / MB).toFixed(1)} MB`;
/** An error for a table cell: one line, bounded. */
export const short = (s: string | undefined) =>
  (s ?? '?').replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160);

/** The parameters the text and the tables mention. */
export interface MemoryConfig {
  PARTS: string[];
  DEVICES: number;
  KEEPALIVE_S: number;
  FORCE_GC: boolean;
  STORE_DEVICES: number;
  INTERVAL_S: number;
  WRITE_BUDGET_MS: number;
}

export interface IdleEntry {
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

export function idleMd(c: MemoryConfig, entries: IdleEntry[]): string {
  const rows = [
    `| broker | RSS, no device | RSS, ${int(c.DEVICES)} idle devices, settled | … after a full GC | per idle device (settled / after GC) | connecting ${int(c.DEVICES)} (rate) | broker CPU connecting | peak RSS |`,
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

export function storeMd(c: MemoryConfig, s: StoreGrowthResult): string {
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
    `| raw: ${int(s.written)} readings${s.truncated ? ` (stopped at the ${c.WRITE_BUDGET_MS / 1000} s budget)` : ''} | ${int(s.raw.telemetryRows)} raw | ${mb(file(s.raw))} | ${mb(s.raw.liveBytes)} | ${perM(s.raw.liveBytes - s.baseline.liveBytes)} | writes ${s.writeS.toFixed(1)} s: ${int(s.writeRowsPerS)} readings/s (${int(s.commitRowsPerS)}/s inside commit; first tenth ${int(s.firstTenthPerS)}/s, last tenth ${int(s.lastTenthPerS)}/s) |`,
    `| after compaction${s.compaction.truncated ? ' (stopped at its budget)' : ''} | ${int(s.compacted.rollupRows)} rollup, ${int(s.compacted.telemetryRows)} raw | ${mb(file(s.compacted))} (not shrunk without VACUUM) | ${mb(s.compacted.liveBytes)} | ${perM(s.compacted.liveBytes - s.baseline.liveBytes)} | ${int(s.compaction.rolledUp)} rows folded in ${s.compaction.seconds.toFixed(1)} s (${int(s.compaction.rowsPerS)}/s) |`,
    '',
    `Raw history costs ${int(s.bytesPerRawRow)} B per reading (table + (device_id, ts) index; the message is ` +
      `stored as JSON text); a rollup row (one metric, one ${s.policy.bucketMin}-min bucket, with its primary key and bucket index) ` +
      `${int(s.bytesPerRollupRow)} B, and a distribution box has ${numeric} numeric metrics, so one bucket of one device costs ` +
      `${int(s.bytesPerRollupRow * numeric)} B whatever the number of readings in it (here ${int(((s.policy.bucketMin * 60) / s.intervalS) | 0)}). ` +
      `WAL before the checkpoint: ${mb(s.walBeforeCheckpointBytes)}. ` +
      `Projection from these figures, one device reading every ${s.intervalS} s, steady state under the policy ` +
      `(${s.policy.rawHours} h raw, ${s.policy.rollupDays} d of rollups): ${mb(steadyRaw)} raw + ${mb(steadyRollup)} rollups ` +
      `= ${mb(steadyRaw + steadyRollup)} per device, ${(((steadyRaw + steadyRollup) * c.DEVICES) / 1e9).toFixed(0)} GB for ${int(c.DEVICES)} devices.`,
  ].join('\n');
}

export interface Summary {
  what: string;
  target: string;
  measured: string;
  met?: boolean;
}

export function summaryMd(rows: Summary[]): string {
  return [
    '| measure | target | measured | |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.target} | ${r.measured} | ${met(r.met)} |`),
  ].join('\n');
}

/** The set-up in words: machine, load, and how each part measures. */
export function setupMd(
  c: MemoryConfig,
  load0: number[],
  load1: number[],
  store?: StoreGrowthResult,
): string {
  return (
    `Set-up: ${os.cpus().length} cores, Node ${process.version}, load average ${loadAvg(load0)} before, ` +
    `${loadAvg(load1)} after; everything on one machine, 127.0.0.1 only. ` +
    (c.PARTS.includes('idle')
      ? `**Idle devices**: ${int(c.DEVICES)} distribution boxes registered by bulk import (Redsail; Mosquitto and bare aedes ` +
        `take anonymous clients), connected as MQTT 3.1.1 clients by the raw-socket ingest generator (50 CONNECTs in flight), ` +
        `keep-alive ${c.KEEPALIVE_S} s with PINGREQs at half of it; each sends one QoS-1 reading (${Buffer.byteLength(BOX_READING)} B) and then idles. ` +
        `RSS is the broker process's resident set from /proc, polled every 0.5 s until it stays within max(1 MB, 1 %) for 4–5 s ` +
        `(at most 20–30 s)` +
        (c.FORCE_GC
          ? `; the Node brokers (Redsail, bare aedes) run with --inspect on 127.0.0.1 and are then told to run two full GCs ` +
            `(HeapProfiler.collectGarbage) and RSS is read again once still: left alone, an idle server keeps the connect storm's ` +
            `garbage until some later GC. `
          : '; no GC forced (--no-gc). ') +
        `Redsail runs with OFFLINE_AFTER_S=3600 so silent devices do not ` +
        `turn offline (alarm and ticket each) during the run; Mosquitto and bare aedes also hold one subscriber on the telemetry wildcard. `
      : '') +
    (c.PARTS.includes('store')
      ? `**Store growth**: in-process, openSqliteStore in a temp dir with the options app.ts passes (file, clock), ${int(c.STORE_DEVICES)} distribution boxes each reading ` +
        `every ${c.INTERVAL_S} s of simulated time (validated and rule-evaluated like ingest does); one store.commit per round ` +
        `(${int(c.STORE_DEVICES)} telemetry rows + ${int(c.STORE_DEVICES)} device_state upserts); sizes after PRAGMA wal_checkpoint(TRUNCATE) ` +
        `from a second connection; then store.compactTelemetry with the default policy (TELEMETRY_RAW_HOURS, TELEMETRY_ROLLUP_DAYS, ` +
        `TELEMETRY_BUCKET_MIN computed as app.ts does) at a simulated now ${store?.policy.rawHours ?? 48} h after the last reading, so every raw row folds.`
      : '')
  );
}
