import { describe, expect, it } from 'vitest';
import { detectStops, type StopPoint } from './track-stops';

const T = 1_700_000_000_000;
const S = 1000;
/** ~1.1 m per 0.00001° of latitude. */
const at = (s: number, lat: number, lng: number, speed_kmh?: number): StopPoint => ({
  ts: T + s * S,
  lat,
  lng,
  ...(speed_kmh !== undefined && { speed_kmh }),
});
/** Driving north at ~36 km/h (10 m/s), one fix every 10 s, from `lat` at second `s0`. */
const drive = (s0: number, n: number, lat: number): StopPoint[] =>
  Array.from({ length: n }, (_, i) => at(s0 + i * 10, lat + i * 0.0009, 116.99, 36));
/** Standing at (lat, 116.99) from s0 for n fixes every 10 s, with the given jitter pattern (m). */
const stand = (s0: number, n: number, lat: number, jitterM: (i: number) => number = () => 0): StopPoint[] =>
  Array.from({ length: n }, (_, i) => at(s0 + i * 10, lat + jitterM(i) / 111_000, 116.99, 0));

describe('detectStops', () => {
  it('finds a stand of 5 minutes between two drives, with its mean position and duration', () => {
    const pts = [...drive(0, 10, 35.59), ...stand(100, 31, 35.5981), ...drive(420, 10, 35.5982)];
    const stops = detectStops(pts);
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ from: T + 100 * S, to: T + 400 * S, durationS: 300 });
    expect(stops[0]!.lat).toBeCloseTo(35.5981, 5);
    expect(stops[0]).not.toHaveProperty('startsBefore');
    expect(stops[0]).not.toHaveProperty('endsAfter');
  });

  it('ignores a stand shorter than minDurationS, and a red light', () => {
    const pts = [...drive(0, 5, 35.59), ...stand(50, 7, 35.5945), ...drive(120, 5, 35.5946)];
    expect(detectStops(pts)).toStrictEqual([]);
  });

  it('keeps one stop through GPS jitter of ±15 m and a lone 8 km/h speed spike', () => {
    const jitter = (i: number) => [0, 12, -15, 7, -9, 14, -3][i % 7]!;
    const pts = stand(0, 40, 35.6, jitter);
    pts[17] = { ...pts[17]!, speed_kmh: 8 };
    const stops = detectStops(pts);
    expect(stops).toHaveLength(1);
    expect(stops[0]!.durationS).toBe(390);
  });

  it('passes over one GPS jump of 200 m, but two in a row end the stop', () => {
    const pts = stand(0, 30, 35.6);
    pts[10] = { ...pts[10]!, lat: 35.6 + 200 / 111_000 };
    expect(detectStops(pts).map((s) => s.durationS)).toStrictEqual([290]);
    pts[11] = { ...pts[11]!, lat: 35.6 + 200 / 111_000 };
    expect(detectStops(pts).map((s) => s.durationS)).toStrictEqual([170]);
  });

  it('does not count a slow crawl of 2 km/h over 100 m as a stop', () => {
    const pts = Array.from({ length: 20 }, (_, i) => at(i * 10, 35.6 + (i * 5.5) / 111_000, 116.99, 2));
    expect(detectStops(pts)).toStrictEqual([]);
  });

  it('marks a stop at the start of the window and one at its end', () => {
    const pts = [...stand(0, 20, 35.59), ...drive(200, 10, 35.591), ...stand(300, 20, 35.6)];
    const stops = detectStops(pts);
    expect(stops).toHaveLength(2);
    expect(stops[0]).toMatchObject({ from: T, startsBefore: true, durationS: 190 });
    expect(stops[0]).not.toHaveProperty('endsAfter');
    expect(stops[1]).toMatchObject({ to: T + 490 * S, endsAfter: true, durationS: 190 });
  });

  it('spans a gap in reporting when the van is where it was (parked, tracker off)', () => {
    const pts = [
      ...drive(0, 5, 35.59),
      at(50, 35.5945, 116.99, 0),
      at(3650, 35.59451, 116.99, 0),
      ...drive(3660, 5, 35.5946),
    ];
    const stops = detectStops(pts);
    expect(stops).toHaveLength(1);
    expect(stops[0]!.durationS).toBe(3600);
  });

  it('finds no stop across a gap when the van reappears elsewhere', () => {
    const pts = [at(0, 35.59, 116.99, 0), at(600, 35.6, 116.99, 0)];
    expect(detectStops(pts)).toStrictEqual([]);
  });

  it('judges points without a speed by position alone, and takes its options', () => {
    const pts = Array.from({ length: 10 }, (_, i) => at(i * 10, 35.6, 116.99));
    expect(detectStops(pts)).toStrictEqual([]);
    expect(detectStops(pts, { maxSpeedKmh: 3, radiusM: 30, minDurationS: 60 })).toHaveLength(1);
    expect(detectStops([])).toStrictEqual([]);
    expect(
      detectStops([at(0, 35.6, 116.99, 0)], { maxSpeedKmh: 3, radiusM: 30, minDurationS: 0 }),
    ).toStrictEqual([]);
  });
});
