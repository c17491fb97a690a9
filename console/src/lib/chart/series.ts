// From a telemetry answer (GET /api/devices/{id}/telemetry) to what uPlot draws: x in seconds,
// the value (a rollup bucket's average), and — when the answer holds rollup buckets — their min and
// max as a band. A silence much longer than the usual spacing becomes a gap (a null), so the line
// does not pretend to know what happened meanwhile. Pure: no uPlot, no DOM.
import type { TelemetryDto } from '../api/types';

export const RANGES = ['6h', '24h', '7d'] as const;
export type RangeKey = (typeof RANGES)[number];

const HOUR_MS = 3600_000;
export const RANGE_MS: Record<RangeKey, number> = {
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 168 * HOUR_MS,
};

/** The query window of a range ending at `now`, as the API wants it (ISO times). */
export function rangeWindow(range: RangeKey, now: number): { from: string; to: string } {
  return { from: new Date(now - RANGE_MS[range]).toISOString(), to: new Date(now).toISOString() };
}

/** A pause of more than GAP_FACTOR × the usual spacing (and at least MIN_GAP_MS) breaks the line. */
export const GAP_FACTOR = 3;
export const MIN_GAP_MS = 5 * 60_000;

type Y = (number | null)[];

export interface ChartSeries {
  /** uPlot's aligned data: [x (s), value] or, with rollups, [x, value, min, max]. */
  data: [number[], Y] | [number[], Y, Y, Y];
  /** Readings drawn (gap markers and non-numeric values not counted). */
  points: number;
  /** Whether a min/max band is drawn (the answer held rollup buckets). */
  band: boolean;
  /** The window asked for, in seconds: the x scale spans it even where there is no data. */
  from: number;
  to: number;
}

interface Reading {
  ts: number;
  value: number;
  min: number;
  max: number;
  rollup: boolean;
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * How long a pause may be before it counts as a gap, for raw readings and for rollup buckets
 * separately (their spacing differs: seconds to minutes vs. the bucket size).
 */
export function gapThresholds(readings: readonly { ts: number; rollup: boolean }[]): {
  raw: number;
  rollup: number;
} {
  const steps = { raw: [] as number[], rollup: [] as number[] };
  for (let i = 1; i < readings.length; i++) {
    const a = readings[i - 1];
    const b = readings[i];
    if (!a || !b || a.rollup !== b.rollup || b.ts <= a.ts) continue;
    steps[b.rollup ? 'rollup' : 'raw'].push(b.ts - a.ts);
  }
  const limit = (xs: number[]) => Math.max(MIN_GAP_MS, GAP_FACTOR * (median(xs) ?? 0));
  return { raw: limit(steps.raw), rollup: limit(steps.rollup) };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readingsOf(points: TelemetryDto['points']): Reading[] {
  const out: Reading[] = [];
  for (const p of points) {
    const ts = Date.parse(p.ts);
    if (!finite(p.value) || !Number.isFinite(ts)) continue; // a string or boolean metric: nothing to plot
    const rollup = finite(p.min) && finite(p.max);
    out.push({
      ts,
      value: p.value,
      min: rollup ? Math.min(p.min ?? p.value, p.value) : p.value,
      max: rollup ? Math.max(p.max ?? p.value, p.value) : p.value,
      rollup,
    });
  }
  // Rollups come first, then raw points; both by time. Stable sort keeps equal times in order.
  return out.sort((a, b) => a.ts - b.ts);
}

/** uPlot data for one telemetry answer; gaps as nulls between readings too far apart. */
export function toChartSeries(answer: Pick<TelemetryDto, 'from' | 'to' | 'points'>): ChartSeries {
  const readings = readingsOf(answer.points);
  const band = readings.some((r) => r.rollup);
  const limit = gapThresholds(readings);
  const xs: number[] = [];
  const ys: Y = [];
  const mins: Y = [];
  const maxs: Y = [];
  let prev: Reading | undefined;
  for (const r of readings) {
    if (
      prev &&
      r.ts - prev.ts > Math.max(limit[prev.rollup ? 'rollup' : 'raw'], limit[r.rollup ? 'rollup' : 'raw'])
    ) {
      xs.push((prev.ts + r.ts) / 2 / 1000);
      ys.push(null);
      mins.push(null);
      maxs.push(null);
    }
    xs.push(r.ts / 1000);
    ys.push(r.value);
    mins.push(r.min);
    maxs.push(r.max);
    prev = r;
  }
  const from = Date.parse(answer.from) / 1000;
  const to = Date.parse(answer.to) / 1000;
  return {
    data: band ? [xs, ys, mins, maxs] : [xs, ys],
    points: readings.length,
    band,
    from,
    to,
  };
}
