// Telemetry answers → uPlot data: seconds on x, gaps for silences, a min/max band for rollups.
import { describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '../api/types';
import { GAP_FACTOR, MIN_GAP_MS, RANGE_MS, gapThresholds, rangeWindow, toChartSeries } from './series';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const raw = (ms: number, value: TelemetryPoint['value']): TelemetryPoint => ({ ts: iso(ms), value });
const bucket = (ms: number, value: number, min: number, max: number): TelemetryPoint => ({
  ts: iso(ms),
  value,
  min,
  max,
  count: 10,
});
const answer = (points: TelemetryPoint[], from = T0 - 60 * MIN, to = T0 + 120 * MIN) => ({
  from: iso(from),
  to: iso(to),
  points,
});

describe('rangeWindow', () => {
  it('ends at now and spans the range', () => {
    expect(rangeWindow('6h', T0)).toEqual({ from: iso(T0 - 6 * 3600_000), to: iso(T0) });
    expect(RANGE_MS['7d']).toBe(7 * 24 * 3600_000);
  });
});

describe('toChartSeries', () => {
  it('an empty answer draws nothing but keeps the asked window', () => {
    const s = toChartSeries(answer([], T0, T0 + 6 * 3600_000));
    expect(s).toEqual({ data: [[], []], points: 0, band: false, from: T0 / 1000, to: T0 / 1000 + 6 * 3600 });
  });

  it('raw readings: x in seconds, values as they are, no band', () => {
    const s = toChartSeries(answer([raw(T0, 228), raw(T0 + MIN, 229.5), raw(T0 + 2 * MIN, 231)]));
    expect(s.data).toEqual([
      [T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120],
      [228, 229.5, 231],
    ]);
    expect(s.points).toBe(3);
    expect(s.band).toBe(false);
  });

  it('a silence far longer than the usual spacing becomes a gap (null) between the readings', () => {
    const pts = [0, 1, 2, 3, 40, 41].map((m) => raw(T0 + m * MIN, 230 + m));
    const s = toChartSeries(answer(pts));
    const [xs, ys] = s.data;
    expect(ys).toEqual([230, 231, 232, 233, null, 270, 271]);
    expect(xs[4]).toBe((T0 + 3 * MIN + T0 + 40 * MIN) / 2 / 1000);
    expect(s.points).toBe(6); // the gap marker is not a reading
  });

  it('a pause within the usual spacing (or under the minimum gap) stays one line', () => {
    const pts = [0, 1, 2, 4, 5].map((m) => raw(T0 + m * MIN, 1));
    expect(toChartSeries(answer(pts)).data[1]).not.toContain(null);
  });

  it('rollup buckets: the average as the line, min and max as a band; raw points join it with min = max', () => {
    const b = 15 * MIN;
    const s = toChartSeries(
      answer(
        [
          bucket(T0, 225, 220, 231),
          bucket(T0 + b, 226, 221, 233),
          raw(T0 + 2 * b, 229),
          raw(T0 + 2 * b + MIN, 230),
        ],
        T0,
        T0 + 3 * b,
      ),
    );
    expect(s.band).toBe(true);
    expect(s.data).toEqual([
      [T0 / 1000, (T0 + b) / 1000, (T0 + 2 * b) / 1000, (T0 + 2 * b + MIN) / 1000],
      [225, 226, 229, 230],
      [220, 221, 229, 230],
      [231, 233, 229, 230],
    ]);
    expect(s.points).toBe(4);
  });

  it('the bucket spacing does not make every bucket a gap next to dense raw readings', () => {
    const b = 15 * MIN;
    const buckets = [0, 1, 2, 3].map((i) => bucket(T0 + i * b, 10, 9, 11));
    const raws = Array.from({ length: 30 }, (_, i) => raw(T0 + 4 * b + i * 10_000, 10));
    const ys = toChartSeries(answer([...buckets, ...raws], T0, T0 + 6 * b)).data[1];
    expect(ys).not.toContain(null);
  });

  it('skips values that are not finite numbers (a text metric, a broken point)', () => {
    const s = toChartSeries(answer([raw(T0, 'tripped'), raw(T0 + MIN, true), raw(T0 + 2 * MIN, 5)]));
    expect(s.data).toEqual([[T0 / 1000 + 120], [5]]);
    expect(s.points).toBe(1);
  });

  it('sorts readings by time', () => {
    const s = toChartSeries(answer([raw(T0 + MIN, 2), raw(T0, 1)]));
    expect(s.data).toEqual([
      [T0 / 1000, T0 / 1000 + 60],
      [1, 2],
    ]);
  });
});

describe('gapThresholds', () => {
  it('GAP_FACTOR × the median spacing per kind, never under MIN_GAP_MS', () => {
    const readings = [
      ...[0, 15, 30, 45].map((m) => ({ ts: T0 + m * MIN, rollup: true })),
      ...[0, 1, 2, 3, 4].map((s) => ({ ts: T0 + 50 * MIN + s * 10_000, rollup: false })),
    ];
    expect(gapThresholds(readings)).toEqual({ rollup: GAP_FACTOR * 15 * MIN, raw: MIN_GAP_MS });
  });

  it('no spacing known: the minimum', () => {
    expect(gapThresholds([{ ts: T0, rollup: false }])).toEqual({ raw: MIN_GAP_MS, rollup: MIN_GAP_MS });
  });
});
