// A van's track read from its telemetry history: one point per stored position (lat and lng in the
// same message), or per rollup bucket once compaction has folded the raw rows (bucket averages).
// Shared by both backends (sqlite/track.ts, pg/track.ts).

/** One position of a device: raw, or a rollup bucket (`rollup: true`, the bucket's average). */
export interface TrackRow {
  ts: number;
  lat: number;
  lng: number;
  speed_kmh?: number;
  heading?: number;
  rollup?: true;
}

export interface TrackResult {
  /** Oldest first. */
  points: TrackRow[];
  /** More raw points were in the window than fit: every k-th was kept (the last one always). */
  thinned: boolean;
}

export interface TrackStore {
  /** A device's positions in [from, to], oldest first, at most maxPoints. */
  queryTrack(deviceId: string, from: number, to: number, maxPoints: number): Promise<TrackResult>;
}

/** Rollup rows (one per metric and bucket) → one point per bucket that has both lat and lng. */
export function pivotRollups(rows: readonly { ts: number; metric: string; avg: number }[]): TrackRow[] {
  const byTs = new Map<number, Partial<Record<string, number>>>();
  for (const r of rows) {
    const b = byTs.get(r.ts) ?? {};
    b[r.metric] = r.avg;
    byTs.set(r.ts, b);
  }
  const out: TrackRow[] = [];
  for (const [ts, b] of [...byTs].sort((a, z) => a[0] - z[0])) {
    if (b.lat === undefined || b.lng === undefined) continue;
    // A mean of headings means nothing (359° and 1° average to 180°): rollups carry none.
    out.push({
      ts,
      lat: b.lat,
      lng: b.lng,
      ...(b.speed_kmh !== undefined && { speed_kmh: b.speed_kmh }),
      rollup: true,
    });
  }
  return out;
}

/**
 * The stride that keeps at most `budget` of `count` rows when every stride-th row and the last one
 * are kept (1: keep all).
 */
export function strideFor(count: number, budget: number): number {
  if (count <= budget) return 1;
  return budget <= 1 ? Number.MAX_SAFE_INTEGER : Math.ceil(count / (budget - 1));
}

/** Merges rollup and raw points into one list, oldest first (stable: rollups before raw on a tie). */
export function mergeTrack(rollups: TrackRow[], raw: TrackRow[]): TrackRow[] {
  return [...rollups, ...raw].sort((a, b) => a.ts - b.ts);
}

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
