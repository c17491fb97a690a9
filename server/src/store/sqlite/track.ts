// A van's track in SQLite: rollup buckets of lat/lng/speed_kmh, then raw rows with both lat and lng,
// thinned evenly (every k-th row and the last) when more than fit. See store/track.ts.
import type Database from 'better-sqlite3';
import { mergeTrack, num, pivotRollups, strideFor, type TrackResult, type TrackRow } from '../track';

interface RawRow {
  ts: number;
  lat: unknown;
  lng: unknown;
  speed: unknown;
  heading: unknown;
}

const HAS_POSITION = `t.device_id = @device AND t.ts BETWEEN @from AND @to
  AND json_type(t.data, '$.lat') IN ('integer', 'real') AND json_type(t.data, '$.lng') IN ('integer', 'real')`;

export function prepareTrack(db: Database.Database) {
  const rollups = db.prepare<[string, number, number], { ts: number; metric: string; avg: number }>(
    `SELECT bucket_ts AS ts, metric, "avg" FROM telemetry_rollup
     WHERE device_id = ? AND metric IN ('lat', 'lng', 'speed_kmh') AND bucket_ts BETWEEN ? AND ?`,
  );
  const count = db
    .prepare<{ device: string; from: number; to: number }, number>(
      `SELECT count(*) FROM telemetry AS t WHERE ${HAS_POSITION}`,
    )
    .pluck();
  const raw = db.prepare<{ device: string; from: number; to: number; k: number; last: number }, RawRow>(
    `SELECT ts, lat, lng, speed, heading FROM (
       SELECT t.ts AS ts, json_extract(t.data, '$.lat') AS lat, json_extract(t.data, '$.lng') AS lng,
              json_extract(t.data, '$.speed_kmh') AS speed, json_extract(t.data, '$.heading') AS heading,
              row_number() OVER (ORDER BY t.ts, t.rowid) - 1 AS n
       FROM telemetry AS t WHERE ${HAS_POSITION}
     ) WHERE n % @k = 0 OR n = @last ORDER BY n`,
  );
  return {
    query(device: string, from: number, to: number, maxPoints: number): TrackResult {
      const buckets = pivotRollups(rollups.all(device, from, to));
      const total = count.get({ device, from, to }) ?? 0;
      const k = strideFor(total, maxPoints - buckets.length);
      const rows = total === 0 ? [] : raw.all({ device, from, to, k, last: total - 1 });
      return { points: mergeTrack(buckets, rows.map(toRow)), thinned: k > 1 };
    },
  };
}

function toRow(r: RawRow): TrackRow {
  const speed = num(r.speed);
  const heading = num(r.heading);
  return {
    ts: r.ts,
    lat: r.lat as number,
    lng: r.lng as number,
    ...(speed !== undefined && { speed_kmh: speed }),
    ...(heading !== undefined && { heading }),
  };
}
