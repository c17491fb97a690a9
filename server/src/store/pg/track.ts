// A van's track in PostgreSQL: the same answer as the SQLite store (sqlite/track.ts) — rollup buckets
// of lat/lng/speed_kmh, then raw rows with both lat and lng, thinned evenly when more than fit (every
// k-th of the device's rows in the window and the last, of which those with a position).
import type pg from 'pg';
import { mergeTrack, num, pivotRollups, strideFor, type TrackResult, type TrackRow } from '../track';

export async function queryTrack(
  pool: pg.Pool,
  device: string,
  from: number,
  to: number,
  maxPoints: number,
): Promise<TrackResult> {
  const rollups = await pool.query<{ ts: number; metric: string; avg: number }>(
    `SELECT bucket_ts AS ts, metric, "avg" FROM telemetry_rollup
     WHERE device_id = $1 AND metric IN ('lat', 'lng', 'speed_kmh') AND bucket_ts BETWEEN $2 AND $3`,
    [device, from, to],
  );
  const buckets = pivotRollups(rollups.rows.map((r) => ({ ...r, ts: Number(r.ts) })));
  const counted = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM telemetry WHERE device_id = $1 AND ts BETWEEN $2 AND $3',
    [device, from, to],
  );
  const total = Number(counted.rows[0]?.n ?? 0);
  const k = strideFor(total, maxPoints - buckets.length);
  const raw =
    total === 0
      ? []
      : (
          await pool.query<{ ts: string; lat: unknown; lng: unknown; speed: unknown; heading: unknown }>(
            `SELECT t.ts, (t.data -> 'lat')::float8 AS lat, (t.data -> 'lng')::float8 AS lng,
                    t.data -> 'speed_kmh' AS speed, t.data -> 'heading' AS heading
             FROM (
               SELECT id, row_number() OVER (ORDER BY ts, id) - 1 AS n, count(*) OVER () AS total
               FROM telemetry WHERE device_id = $1 AND ts BETWEEN $2 AND $3
             ) AS s JOIN telemetry AS t ON t.id = s.id
             WHERE (s.n % $4 = 0 OR s.n = s.total - 1)
               AND jsonb_typeof(t.data -> 'lat') = 'number' AND jsonb_typeof(t.data -> 'lng') = 'number'
             ORDER BY s.n`,
            [device, from, to, k],
          )
        ).rows;
  const rows: TrackRow[] = raw.map((r) => {
    const speed = num(r.speed);
    const heading = num(r.heading);
    return {
      ts: Number(r.ts),
      lat: r.lat as number,
      lng: r.lng as number,
      ...(speed !== undefined && { speed_kmh: speed }),
      ...(heading !== undefined && { heading }),
    };
  });
  return { points: mergeTrack(buckets, rows), thinned: k > 1 };
}
