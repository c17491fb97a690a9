// Telemetry history in PostgreSQL: one row per message (data = the message's metrics as JSONB),
// folded by compaction into per-metric rollup buckets (min/max/avg/count) — the same results as the
// SQLite store (store/sqlite/telemetry.ts). Only numbers are rolled up; booleans and strings live only
// as raw rows. Rows are written by the group commit (commit.ts).
import type pg from 'pg';
import type { MetricValue } from '../../../../devices/lib/types';
import type { RetentionPolicy, TelemetryPoint } from '../store';

/** Throws RangeError for a policy compaction cannot apply. */
export function checkRetentionPolicy(p: RetentionPolicy): void {
  if (!(p.bucketMs > 0) || !Number.isInteger(p.bucketMs)) {
    throw new RangeError(`bucketMs must be a positive integer, got ${p.bucketMs}`);
  }
}

/** One metric of one device between from and to (inclusive): rollups then raw points, oldest first. */
export async function queryTelemetry(
  pool: pg.Pool,
  deviceId: string,
  metric: string,
  from: number,
  to: number,
  limit?: number,
): Promise<TelemetryPoint[]> {
  // LIMIT NULL: no limit.
  const rollups = await pool.query<{ ts: number; min: number; max: number; avg: number; count: number }>(
    `SELECT bucket_ts AS ts, "min", "max", "avg", "count" FROM telemetry_rollup
     WHERE device_id = $1 AND metric = $2 AND bucket_ts BETWEEN $3 AND $4 ORDER BY bucket_ts LIMIT $5`,
    [deviceId, metric, from, to, limit ?? null],
  );
  const left = limit === undefined ? null : limit - rollups.rows.length;
  const raw =
    left !== null && left <= 0
      ? { rows: [] }
      : await pool.query<{ ts: number; value: MetricValue }>(
          `SELECT ts, data -> $4 AS value FROM telemetry
           WHERE device_id = $1 AND ts BETWEEN $2 AND $3
             AND jsonb_typeof(data -> $4) IN ('number', 'string', 'boolean')
           ORDER BY ts, id LIMIT $5`,
          [deviceId, from, to, metric, left],
        );
  const points: TelemetryPoint[] = rollups.rows.map((r) => ({
    ts: r.ts,
    value: r.avg,
    min: r.min,
    max: r.max,
    count: r.count,
  }));
  for (const r of raw.rows) points.push({ ts: r.ts, value: r.value });
  return points;
}

// One device: delete its old raw rows and fold their numeric metrics into buckets, in one statement.
// Merge into an existing bucket: min of mins, max of maxes, count-weighted mean.
const FOLD_DEVICE = `
  WITH old AS (
    DELETE FROM telemetry WHERE device_id = $1 AND ts < $2 RETURNING ts, data
  ), folded AS (
    INSERT INTO telemetry_rollup AS r (device_id, metric, bucket_ts, "min", "max", "avg", "count")
    SELECT $1, e.key, (old.ts / $3::bigint) * $3::bigint,
           min(e.value::float8), max(e.value::float8), avg(e.value::float8), count(*)
    FROM old, jsonb_each(old.data) AS e
    WHERE jsonb_typeof(e.value) = 'number'
    GROUP BY 2, 3
    ON CONFLICT (device_id, metric, bucket_ts) DO UPDATE SET
      "min" = least(r."min", EXCLUDED."min"),
      "max" = greatest(r."max", EXCLUDED."max"),
      "avg" = (r."avg" * r."count" + EXCLUDED."avg" * EXCLUDED."count") / (r."count" + EXCLUDED."count"),
      "count" = r."count" + EXCLUDED."count"
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM old) AS rows`;

/**
 * Folds raw rows with ts < rawBefore into buckets and deletes them, then deletes rollups with
 * bucket_ts < rollupBefore. One short transaction per device (each statement is atomic), so hot-path
 * commits interleave. `rolledUp` = raw rows folded away, `deleted` = expired rollups.
 */
export async function compactTelemetry(
  pool: pg.Pool,
  p: RetentionPolicy,
): Promise<{ rolledUp: number; deleted: number }> {
  checkRetentionPolicy(p);
  // Loose index scan over telemetry_device_ts: the devices with old rows, without reading every row.
  const devices = await pool.query<{ id: string }>(
    `WITH RECURSIVE d(id) AS (
       SELECT min(device_id) FROM telemetry
       UNION ALL SELECT (SELECT min(device_id) FROM telemetry WHERE device_id > d.id) FROM d WHERE d.id IS NOT NULL
     ) SELECT id FROM d WHERE id IS NOT NULL`,
  );
  let rolledUp = 0;
  for (const { id } of devices.rows) {
    const { rows } = await pool.query<{ rows: number }>(FOLD_DEVICE, [id, p.rawBefore, p.bucketMs]);
    rolledUp += rows[0]?.rows ?? 0;
  }
  const dropped = await pool.query('DELETE FROM telemetry_rollup WHERE bucket_ts < $1', [p.rollupBefore]);
  return { rolledUp, deleted: dropped.rowCount ?? 0 };
}
