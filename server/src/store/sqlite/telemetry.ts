// Telemetry history: one row per message (data = the message's metrics as JSON), folded by compaction
// into per-metric rollup buckets (min/max/avg/count). Only numeric values are rolled up; booleans and
// strings live only as raw rows. Statements are prepared once, when the store opens; rows are written
// by the group commit (commit.ts).
import type Database from 'better-sqlite3';
import type { MetricValue } from '../../../../devices/lib/types';
import type { RetentionPolicy, TelemetryPoint } from '../store';

/** Raw rows folded per compaction transaction: bounds how long one step holds the write lock. */
export const DEFAULT_COMPACT_CHUNK_ROWS = 5_000;

interface RawPointRow {
  ts: number;
  type: string;
  atom: string | number | null;
}
interface RollupPointRow {
  ts: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

/** json_each's type/atom of one value → the MetricValue it was written as. */
function metricValue(row: RawPointRow): MetricValue | undefined {
  switch (row.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'real':
    case 'text':
      return row.atom ?? undefined;
    default:
      return undefined; // null, object, array: not a metric value
  }
}

/** Throws RangeError for a policy compaction cannot apply. */
export function checkRetentionPolicy(p: RetentionPolicy): void {
  if (!(p.bucketMs > 0) || !Number.isInteger(p.bucketMs)) {
    throw new RangeError(`bucketMs must be a positive integer, got ${p.bucketMs}`);
  }
}

export function prepareTelemetry(db: Database.Database, chunkRows: number) {
  // LIMIT -1: no limit.
  const rollups = db.prepare<[string, string, number, number, number], RollupPointRow>(
    `SELECT bucket_ts AS ts, "min", "max", "avg", "count" FROM telemetry_rollup
     WHERE device_id = ? AND metric = ? AND bucket_ts BETWEEN ? AND ? ORDER BY bucket_ts LIMIT ?`,
  );
  const raw = db.prepare<[string, number, number, string, number], RawPointRow>(
    `SELECT t.ts AS ts, j.type AS type, j.atom AS atom FROM telemetry AS t, json_each(t.data) AS j
     WHERE t.device_id = ? AND t.ts BETWEEN ? AND ? AND j.key = ?
       AND j.type IN ('true', 'false', 'integer', 'real', 'text')
     ORDER BY t.ts, t.rowid LIMIT ?`,
  );
  // Loose index scan: the distinct devices in O(devices · log rows), not a scan of the table.
  const devices = db
    .prepare<[], string>(
      `WITH RECURSIVE d(id) AS (
         SELECT min(device_id) FROM telemetry
         UNION ALL SELECT (SELECT min(device_id) FROM telemetry WHERE device_id > d.id) FROM d WHERE d.id IS NOT NULL
       ) SELECT id FROM d WHERE id IS NOT NULL`,
    )
    .pluck();
  // ts of the n-th (0-based) old row of a device: the end of one chunk.
  const chunkEnd = db
    .prepare<[string, number, number], number>(
      'SELECT ts FROM telemetry WHERE device_id = ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET ?',
    )
    .pluck();
  // Merge into an existing bucket: min of mins, max of maxes, count-weighted mean (RHS = old values).
  const fold = db.prepare<{ device: string; before: number; bucket: number }>(
    `INSERT INTO telemetry_rollup (device_id, metric, bucket_ts, "min", "max", "avg", "count")
     SELECT t.device_id, j.key, (t.ts / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER),
            min(j.atom), max(j.atom), avg(j.atom), count(*)
     FROM telemetry AS t, json_each(t.data) AS j
     WHERE t.device_id = @device AND t.ts < @before AND j.type IN ('integer', 'real')
     GROUP BY 1, 2, 3
     ON CONFLICT (device_id, metric, bucket_ts) DO UPDATE SET
       "min" = min("min", excluded."min"),
       "max" = max("max", excluded."max"),
       "avg" = ("avg" * "count" + excluded."avg" * excluded."count") / ("count" + excluded."count"),
       "count" = "count" + excluded."count"`,
  );
  const dropRaw = db.prepare<[string, number]>('DELETE FROM telemetry WHERE device_id = ? AND ts < ?');
  const dropRollups = db.prepare<[number, number]>(
    `DELETE FROM telemetry_rollup WHERE rowid IN
       (SELECT rowid FROM telemetry_rollup WHERE bucket_ts < ? LIMIT ?)`,
  );

  /** One transaction: folds about chunkRows old rows, starting at devices[start]; returns where to resume. */
  const foldChunk = db.transaction(
    (ids: readonly string[], start: number, p: RetentionPolicy): { next: number; rows: number } => {
      let budget = chunkRows;
      let next = start;
      let rows = 0;
      while (next < ids.length && budget > 0) {
        const device = ids[next] ?? '';
        const end = chunkEnd.get(device, p.rawBefore, budget - 1);
        // All rows up to and including the chunk's last ts (ties stay together), or all old rows.
        const before = end === undefined ? p.rawBefore : Math.min(end + 1, p.rawBefore);
        fold.run({ device, before, bucket: p.bucketMs });
        const n = dropRaw.run(device, before).changes;
        rows += n;
        budget -= n;
        // Done with this device; `n === 0` guards against a row that can never be folded (no livelock).
        if (end === undefined || n === 0) next += 1;
      }
      return { next, rows };
    },
  );

  return {
    query(deviceId: string, metric: string, from: number, to: number, limit?: number): TelemetryPoint[] {
      const points: TelemetryPoint[] = rollups
        .all(deviceId, metric, from, to, limit ?? -1)
        .map((r) => ({ ts: r.ts, value: r.avg, min: r.min, max: r.max, count: r.count }));
      if (limit !== undefined && points.length >= limit) return points;
      for (const row of raw.all(
        deviceId,
        from,
        to,
        metric,
        limit === undefined ? -1 : limit - points.length,
      )) {
        const value = metricValue(row);
        if (value !== undefined) points.push({ ts: row.ts, value });
      }
      return points;
    },

    /**
     * Folds raw rows with ts < rawBefore into buckets and deletes them, then deletes rollups with
     * bucket_ts < rollupBefore. Many short transactions, yielding to the event loop between them so
     * hot-path commits interleave. `rolledUp` = raw rows folded away, `deleted` = expired rollups.
     */
    async compact(p: RetentionPolicy, isOpen: () => boolean): Promise<{ rolledUp: number; deleted: number }> {
      checkRetentionPolicy(p);
      const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
      const ids = devices.all();
      let rolledUp = 0;
      let deleted = 0;
      for (let next = 0; next < ids.length && isOpen(); await yieldToEventLoop()) {
        const step = foldChunk.immediate(ids, next, p);
        next = step.next;
        rolledUp += step.rows;
      }
      for (let n = chunkRows; n === chunkRows && isOpen(); await yieldToEventLoop()) {
        n = dropRollups.run(p.rollupBefore, chunkRows).changes;
        deleted += n;
      }
      return { rolledUp, deleted };
    },
  };
}

export type TelemetryStatements = ReturnType<typeof prepareTelemetry>;
