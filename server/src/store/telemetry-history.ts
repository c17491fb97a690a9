// The Store's telemetry history: one metric of a device over time (raw points, then rollup buckets
// once compaction has folded them), and the compaction that keeps it bounded (retention).
import type { MetricValue } from '../../../devices/lib/types';

/** A point of one metric's history: raw (value) or a rollup bucket (value = avg, with min/max/count). */
export interface TelemetryPoint {
  ts: number;
  value: MetricValue;
  min?: number;
  max?: number;
  count?: number;
}

export interface RetentionPolicy {
  /** Raw points older than this are folded into rollups and deleted. */
  rawBefore: number;
  /** Rollups older than this are deleted. */
  rollupBefore: number;
  /** Rollup bucket width. */
  bucketMs: number;
}

export interface TelemetryHistoryStore {
  /**
   * One metric of one device between from and to (inclusive), oldest first: rollups then raw points;
   * at most `limit` points in all when given.
   */
  queryTelemetry(
    deviceId: string,
    metric: string,
    from: number,
    to: number,
    limit?: number,
  ): Promise<TelemetryPoint[]>;

  /** Folds old raw telemetry into rollup buckets, drops expired rollups. */
  compactTelemetry(policy: RetentionPolicy): Promise<{ rolledUp: number; deleted: number }>;
}
