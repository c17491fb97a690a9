// The memory benchmark's store part: how much disk telemetry history takes per million readings,
// raw and after the retention policy folded it into rollups. In-process, through the public Store
// interface only (openSqliteStore + commit + compactTelemetry); a second, plain better-sqlite3
// connection to the same file checkpoints the WAL and reads page counts, row counts and per-table
// sizes (dbstat), never writes rows.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { compileRegistry, validateTelemetry } from '../../devices/index';
import type { MetricValue } from '../../devices/lib/types';
import { loadConfig } from '../../server/src/config/config';
import { evaluateRules, type RuleStates } from '../../server/src/pipeline/rules';
import { openSqliteStore } from '../../server/src/store/sqlite';
import type { DeviceRecord, RetentionPolicy, WriteBatch } from '../../server/src/store/store';
import { seededRandom } from '../../simulators/lib/random';
import { checkpoint, objectBytes, sample, type SizeSample } from './memory-sqlite';

export interface StoreGrowthOptions {
  /** Directory for the database (a temp dir the caller removes). */
  dir: string;
  /** Readings to write (stops early at writeBudgetMs). */
  readings: number;
  /** Devices writing; one batch = one reading of every device (plus its device_state upsert). */
  devices: number;
  /** Simulated seconds between two readings of one device. */
  intervalS: number;
  writeBudgetMs: number;
  compactBudgetMs: number;
  log: (s: string) => void;
}

export interface StoreGrowthResult {
  devices: number;
  intervalS: number;
  batchRows: number;
  requested: number;
  written: number;
  /** Writing stopped at the time budget before `requested`. */
  truncated: boolean;
  writeS: number;
  /** Readings per second, wall time (batch building + commit). */
  writeRowsPerS: number;
  /** Readings/s over the first and the last tenth of the writes: the rate falls as the table grows. */
  firstTenthPerS: number;
  lastTenthPerS: number;
  /** Seconds inside store.commit. */
  commitS: number;
  commitRowsPerS: number;
  simulatedHours: number;
  /** WAL size before the first checkpoint (how far it grew with its auto-checkpoint). */
  walBeforeCheckpointBytes: number;
  baseline: SizeSample;
  raw: SizeSample;
  policy: { rawHours: number; rollupDays: number; bucketMin: number };
  compaction: {
    rolledUp: number;
    deleted: number;
    seconds: number;
    rowsPerS: number;
    /** Stopped at the time budget (store closed under it). */
    truncated: boolean;
  };
  compacted: SizeSample;
  /** Bytes per million readings: raw (live data), and after compaction (live data, file). */
  perMillion: { rawLive: number; rawFile: number; compactedLive: number; compactedFile: number };
  /** Numeric metrics in one reading: one rollup row each per bucket. */
  numericMetrics: number;
  /** Live bytes per raw row and per rollup row (tables + their indexes). */
  bytesPerRawRow: number;
  bytesPerRollupRow: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** One distribution-box message as a device sends it (the metrics of BOX_READING in ./readings). */
function reading(rand: () => number): Record<string, unknown> {
  return {
    ua: round1(222 + rand() * 14),
    ub: round1(222 + rand() * 14),
    uc: round1(222 + rand() * 14),
    ia: round1(10 + rand() * 25),
    ib: round1(10 + rand() * 25),
    ic: round1(10 + rand() * 25),
    leakage_ma: Math.floor(rand() * 8),
    temp_c: round1(28 + rand() * 12),
    breaker: 'closed',
    door: rand() < 0.001 ? 'open' : 'closed',
  };
}

export async function measureStoreGrowth(o: StoreGrowthOptions): Promise<StoreGrowthResult> {
  const file = path.join(o.dir, 'redsail.db');
  const config = loadConfig({
    TELEMETRY_RAW_HOURS: process.env.TELEMETRY_RAW_HOURS,
    TELEMETRY_ROLLUP_DAYS: process.env.TELEMETRY_ROLLUP_DAYS,
    TELEMETRY_BUCKET_MIN: process.env.TELEMETRY_BUCKET_MIN,
  });
  const types = compileRegistry();
  const box = types.get('distribution_box');
  if (!box) throw new Error('no distribution_box device type');
  // Simulated time starts at a fixed instant; the store's clock (sessions only) follows it.
  const start = Date.UTC(2026, 0, 1);
  let simNow = start;
  const store = openSqliteStore({ file, now: () => simNow });
  let side: Database.Database | undefined;
  try {
    const ids = Array.from({ length: o.devices }, (_, i) => `mem-${String(i).padStart(5, '0')}`);
    const recs: DeviceRecord[] = ids.map((id) => ({
      id,
      type: 'distribution_box',
      attrs: { rating_a: 63 },
      secretHash: 'scrypt$1024$8$1$bench$bench',
      createdAt: start,
    }));
    await store.createDevices(recs);
    side = new Database(file);
    checkpoint(side, o.log);
    const baseline = sample(side, file);

    const rand = seededRandom(42); // the same readings every run
    const states = new Map<string, { state: Record<string, MetricValue>; rules: RuleStates }>();
    const intervalMs = o.intervalS * 1000;
    const spreadMs = intervalMs / o.devices;
    const batches = Math.ceil(o.readings / o.devices);
    let written = 0;
    let commitMs = 0;
    let truncated = false;
    const w0 = performance.now();
    let lastLog = w0;
    let lastTs = start;
    let numericMetrics = 0;
    /** (readings written, ms since w0) after each batch. */
    const marks: [number, number][] = [[0, 0]];
    for (let b = 0; b < batches; b++) {
      const batch: WriteBatch = {
        deviceStates: [],
        telemetry: [],
        alarms: [],
        tickets: [],
        ticketEvents: [],
      };
      const n = Math.min(o.devices, o.readings - written);
      for (let i = 0; i < n; i++) {
        const id = ids[i]!;
        const ts = Math.round(start + b * intervalMs + i * spreadMs);
        // What ingest does with a message: validate, merge into the state, evaluate the rules.
        const v = validateTelemetry(box, reading(rand));
        if (!v.ok) throw new Error(`generated reading rejected: ${v.message}`);
        if (b === 0 && i === 0)
          numericMetrics = Object.values(v.metrics).filter((x) => typeof x === 'number').length;
        const prev = states.get(id);
        const state = { ...prev?.state, ...v.metrics };
        const rules = evaluateRules(
          box.rules,
          { state: { ...state, $offline: false }, attrs: { rating_a: 63 } },
          prev?.rules ?? {},
          ts,
          true,
        ).states;
        states.set(id, { state, rules });
        batch.telemetry.push({ deviceId: id, ts, data: v.metrics });
        batch.deviceStates.push({ deviceId: id, state, status: 'online', lastSeen: ts, rules });
        lastTs = ts;
      }
      simNow = lastTs;
      const c0 = performance.now();
      await store.commit(batch);
      const now = performance.now();
      commitMs += now - c0;
      written += n;
      marks.push([written, now - w0]);
      if (now - lastLog >= 3000) {
        lastLog = now;
        const s = (now - w0) / 1000;
        o.log(
          `store: ${(written / 1e6).toFixed(2)} M readings written (${Math.round(written / s)}/s, ` +
            `commit ${Math.round(written / (commitMs / 1000))}/s), simulated ${((lastTs - start) / 3600_000).toFixed(1)} h`,
        );
      }
      if (now - w0 > o.writeBudgetMs && written < o.readings) {
        truncated = true;
        o.log(`store: write budget of ${o.writeBudgetMs / 1000} s spent at ${written} readings, stopping`);
        break;
      }
    }
    const writeS = (performance.now() - w0) / 1000;
    const at = (count: number) => marks.find(([w]) => w >= count) ?? [written, writeS * 1000];
    const rate = (a: [number, number], b: [number, number]) =>
      b[1] > a[1] ? Math.round((b[0] - a[0]) / ((b[1] - a[1]) / 1000)) : 0;
    const firstTenthPerS = rate([0, 0], at(written / 10));
    const lastTenthPerS = rate(at((written * 9) / 10), [written, marks.at(-1)?.[1] ?? 0]);
    const walBeforeCheckpointBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    checkpoint(side, o.log);
    const raw = sample(side, file);
    o.log(
      `store: ${written} readings in ${writeS.toFixed(1)} s (${Math.round(written / writeS)}/s); ` +
        `file ${(raw.dbBytes / 1e6).toFixed(1)} MB, live ${(raw.liveBytes / 1e6).toFixed(1)} MB`,
    );

    // The retention policy exactly as app.ts computes it, at a "now" that makes every raw row old.
    const compactNow = lastTs + 1 + config.TELEMETRY_RAW_HOURS * 3600_000;
    simNow = compactNow;
    const policy: RetentionPolicy = {
      rawBefore: compactNow - config.TELEMETRY_RAW_HOURS * 3600_000,
      rollupBefore: compactNow - config.TELEMETRY_ROLLUP_DAYS * 86_400_000,
      bucketMs: config.TELEMETRY_BUCKET_MIN * 60_000,
    };
    o.log(
      `store: compacting (raw ${config.TELEMETRY_RAW_HOURS} h, rollups ${config.TELEMETRY_ROLLUP_DAYS} d, ` +
        `${config.TELEMETRY_BUCKET_MIN} min buckets) at simulated now + ${config.TELEMETRY_RAW_HOURS} h`,
    );
    const counter = side.prepare('SELECT count(*) AS n FROM telemetry');
    const k0 = performance.now();
    let compactTruncated = false;
    const progress = setInterval(() => {
      const left = (counter.get() as { n: number }).n;
      const s = (performance.now() - k0) / 1000;
      o.log(
        `store: compaction ${s.toFixed(0)} s, ${written - left} of ${written} raw rows folded ` +
          `(${Math.round((written - left) / s)}/s)`,
      );
    }, 3000);
    const budget = setTimeout(() => {
      compactTruncated = true;
      o.log(`store: compaction budget of ${o.compactBudgetMs / 1000} s spent, closing the store to stop it`);
      void store.close();
    }, o.compactBudgetMs);
    let r: { rolledUp: number; deleted: number };
    try {
      r = await store.compactTelemetry(policy);
    } finally {
      clearInterval(progress);
      clearTimeout(budget);
    }
    const compactS = (performance.now() - k0) / 1000;
    checkpoint(side, o.log);
    const compacted = sample(side, file);
    o.log(
      `store: compaction folded ${r.rolledUp} raw rows into ${compacted.rollupRows} rollup rows in ` +
        `${compactS.toFixed(1)} s; live ${(compacted.liveBytes / 1e6).toFixed(1)} MB, file ${(compacted.dbBytes / 1e6).toFixed(1)} MB`,
    );

    const perM = (bytes: number) => (written > 0 ? Math.round((bytes / written) * 1e6) : 0);
    const rawObjects = ['telemetry', 'telemetry_device_ts'];
    const rollupObjects = Object.keys(compacted.objects).filter((n) => n.includes('telemetry_rollup'));
    return {
      devices: o.devices,
      intervalS: o.intervalS,
      batchRows: o.devices,
      requested: o.readings,
      written,
      truncated,
      writeS,
      writeRowsPerS: Math.round(written / writeS),
      firstTenthPerS,
      lastTenthPerS,
      commitS: commitMs / 1000,
      commitRowsPerS: Math.round(written / (commitMs / 1000)),
      simulatedHours: (lastTs - start) / 3600_000,
      walBeforeCheckpointBytes,
      baseline,
      raw,
      policy: {
        rawHours: config.TELEMETRY_RAW_HOURS,
        rollupDays: config.TELEMETRY_ROLLUP_DAYS,
        bucketMin: config.TELEMETRY_BUCKET_MIN,
      },
      compaction: {
        rolledUp: r.rolledUp,
        deleted: r.deleted,
        seconds: compactS,
        rowsPerS: Math.round(r.rolledUp / compactS),
        truncated: compactTruncated,
      },
      compacted,
      perMillion: {
        rawLive: perM(raw.liveBytes - baseline.liveBytes),
        rawFile: perM(raw.dbBytes + raw.walBytes - baseline.dbBytes - baseline.walBytes),
        compactedLive: perM(compacted.liveBytes - baseline.liveBytes),
        compactedFile: perM(compacted.dbBytes + compacted.walBytes - baseline.dbBytes - baseline.walBytes),
      },
      numericMetrics,
      bytesPerRawRow: raw.telemetryRows > 0 ? objectBytes(raw, rawObjects) / raw.telemetryRows : 0,
      bytesPerRollupRow:
        compacted.rollupRows > 0 ? objectBytes(compacted, rollupObjects) / compacted.rollupRows : 0,
    };
  } finally {
    side?.close();
    await store.close();
  }
}
