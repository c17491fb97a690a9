// Road closures (store/road-closures.ts) on PostgreSQL (migration 8): the geometry as jsonb, `until`
// NULL for "until ended"; those in force at a time, oldest first, and the early end.
import type pg from 'pg';
import type { RoadClosureRecord, RoadClosureStore } from '../road-closures';
import { fromRow, selectFrom, type Table } from './table-sql';

const ROAD_CLOSURES: Table<RoadClosureRecord> = {
  name: 'road_closures',
  key: 'id',
  columns: {
    id: ['id', 'text'],
    geometry: ['geometry', 'jsonb'],
    radiusM: ['radius_m', 'double precision'],
    reason: ['reason', 'text'],
    until: ['until', 'bigint'],
    createdBy: ['created_by', 'text'],
    createdAt: ['created_at', 'bigint'],
    endedAt: ['ended_at', 'bigint'],
    endedBy: ['ended_by', 'text'],
  },
};

type Run = <T>(work: () => Promise<T>) => Promise<T>;
type Create = <R>(t: Table<R>, what: string, record: R) => Promise<void>;

export function pgRoadClosures(pool: pg.Pool, run: Run, create: Create): RoadClosureStore {
  const select = selectFrom(ROAD_CLOSURES);
  const rows = async (text: string, values: unknown[]) =>
    (await pool.query<Record<string, unknown>>(text, values)).rows.map((r) => fromRow<RoadClosureRecord>(r));
  return {
    createRoadClosure: (c) => create(ROAD_CLOSURES, `road closure ${c.id}`, c),
    getRoadClosure: (id) => run(async () => (await rows(`${select} WHERE id = $1`, [id]))[0]),
    listRoadClosures: (at, limit) =>
      run(() =>
        rows(
          `${select} WHERE ended_at IS NULL AND (until IS NULL OR until > $1) ORDER BY created_at, id LIMIT $2`,
          [at, limit === undefined ? null : Math.max(0, Math.floor(limit))],
        ),
      ),
    endRoadClosure: (id, at, by) =>
      run(
        async () =>
          ((
            await pool.query(
              'UPDATE road_closures SET ended_at = $1, ended_by = $2 WHERE id = $3 AND ended_at IS NULL',
              [at, by, id],
            )
          ).rowCount ?? 0) > 0,
      ),
  };
}
