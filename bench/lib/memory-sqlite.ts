// The store part's view of the SQLite file from a second, plain better-sqlite3 connection: checkpoint
// the WAL, then file sizes, page counts, row counts and the bytes of each table and index (dbstat).
import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';

export interface SizeSample {
  /** redsail.db file size. */
  dbBytes: number;
  /** redsail.db-wal size when sampled (0 after a TRUNCATE checkpoint). */
  walBytes: number;
  pageSize: number;
  pageCount: number;
  freelistCount: number;
  /** (page_count - freelist_count) * page_size: what the data occupies. */
  liveBytes: number;
  telemetryRows: number;
  rollupRows: number;
  /** Bytes per table or index (dbstat) above one page, largest first. */
  objects: Record<string, number>;
}

export function sample(side: Database.Database, file: string): SizeSample {
  const pragma = (name: string) => side.pragma(name, { simple: true }) as number;
  const pageSize = pragma('page_size');
  const pageCount = pragma('page_count');
  const freelistCount = pragma('freelist_count');
  const count = (table: string) =>
    (side.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const objects: Record<string, number> = {};
  const rows = side
    .prepare(
      'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name HAVING bytes > ? ORDER BY bytes DESC',
    )
    .all(pageSize) as { name: string; bytes: number }[];
  for (const r of rows) objects[r.name] = r.bytes;
  const wal = `${file}-wal`;
  return {
    dbBytes: statSync(file).size,
    walBytes: existsSync(wal) ? statSync(wal).size : 0,
    pageSize,
    pageCount,
    freelistCount,
    liveBytes: (pageCount - freelistCount) * pageSize,
    telemetryRows: count('telemetry'),
    rollupRows: count('telemetry_rollup'),
    objects,
  };
}

export function checkpoint(side: Database.Database, log: (s: string) => void): void {
  const r = side.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  if (r[0]?.busy) log(`store: wal_checkpoint(TRUNCATE) was blocked (busy ${r[0].busy})`);
}

export const objectBytes = (s: SizeSample, names: string[]) =>
  names.reduce((a, n) => a + (s.objects[n] ?? 0), 0);
