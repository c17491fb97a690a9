// Road closure rows (store/road-closures.ts): the geometry as JSON, `until` NULL for "until ended";
// the listing of those in force at a time, oldest first, and the early end.
import type Database from 'better-sqlite3';
import type { RoadClosureRecord } from '../road-closures';
import { fromJson, omitNulls } from './rows';

interface RoadClosureRow {
  id: string;
  geometry: string;
  radius_m: number;
  reason: string;
  until: number | null;
  created_by: string;
  created_at: number;
  ended_at: number | null;
  ended_by: string | null;
}

const toRow = (c: RoadClosureRecord): RoadClosureRow => ({
  id: c.id,
  geometry: JSON.stringify(c.geometry),
  radius_m: c.radiusM,
  reason: c.reason,
  until: c.until ?? null,
  created_by: c.createdBy,
  created_at: c.createdAt,
  ended_at: c.endedAt ?? null,
  ended_by: c.endedBy ?? null,
});

const fromRow = (r: RoadClosureRow): RoadClosureRecord =>
  omitNulls<RoadClosureRecord>({
    id: r.id,
    geometry: fromJson<RoadClosureRecord['geometry']>(r.geometry),
    radiusM: r.radius_m,
    reason: r.reason,
    until: r.until,
    createdBy: r.created_by,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
  });

const COLUMNS = [
  'id',
  'geometry',
  'radius_m',
  'reason',
  'until',
  'created_by',
  'created_at',
  'ended_at',
  'ended_by',
] as const satisfies readonly (keyof RoadClosureRow)[];
const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM road_closures`;

export function roadClosureStatements(db: Database.Database) {
  const insert = db.prepare<[RoadClosureRow]>(
    `INSERT INTO road_closures (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const get = db.prepare<[string], RoadClosureRow>(`${SELECT} WHERE id = ?`);
  const inForce = db.prepare<[number, number], RoadClosureRow>(
    `${SELECT} WHERE ended_at IS NULL AND (until IS NULL OR until > ?) ORDER BY created_at, id LIMIT ?`,
  );
  const end = db.prepare<[number, string, string]>(
    'UPDATE road_closures SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL',
  );
  return {
    insert: (c: RoadClosureRecord) => void insert.run(toRow(c)),
    get: (id: string) => {
      const row = get.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    inForce: (at: number, limit?: number) =>
      inForce.all(at, limit === undefined ? -1 : Math.max(0, Math.floor(limit))).map(fromRow),
    end: (id: string, at: number, by: string) => end.run(at, by, id).changes > 0,
  };
}
