import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import {
  advance,
  cornerKmh,
  headingDeg,
  pointAt,
  preparePath,
  speedLimitMps,
  startVehicle,
  turnAngle,
  URBAN,
  type Vehicle,
} from './motion';
import type { LatLng } from './routing';

const O: LatLng = [35.597, 116.99];
const north: LatLng = [35.598, 116.99];
const east: LatLng = [35.597, 116.991];
const south: LatLng = [35.596, 116.99];
const west: LatLng = [35.597, 116.989];

/** Drives the whole path in steps of dtS; returns every fix. */
function drive(points: LatLng[], dtS: number, seed = 1) {
  const path = preparePath(points);
  const rand = seededRandom(seed);
  let v: Vehicle = startVehicle(rand);
  const fixes = [];
  for (let i = 0; i < 10_000; i++) {
    const step = advance(path, v, dtS, rand);
    v = step.vehicle;
    fixes.push(step.fix);
    if (step.fix.arrived) break;
  }
  return { path, fixes };
}

describe('headingDeg', () => {
  it('is degrees clockwise from north: N 0, E 90, S 180, W 270', () => {
    expect(headingDeg(O, north)).toBeCloseTo(0, 6);
    expect(headingDeg(O, east)).toBeCloseTo(90, 2);
    expect(headingDeg(O, south)).toBeCloseTo(180, 6);
    expect(headingDeg(O, west)).toBeCloseTo(270, 2);
    expect(headingDeg(O, [35.598, 116.99123])).toBeCloseTo(45, 0);
  });

  it('stays in [0, 360)', () => {
    const nnw = headingDeg(O, [35.598, 116.98999]);
    expect(nnw).toBeGreaterThan(359);
    expect(nnw).toBeLessThan(360);
  });
});

describe('turns', () => {
  it('measures how far a turn bends, either way round', () => {
    expect(turnAngle(0, 90)).toBe(90);
    expect(turnAngle(350, 10)).toBe(20);
    expect(turnAngle(10, 350)).toBe(20);
    expect(turnAngle(90, 270)).toBe(180);
  });

  it('slows for sharp turns only', () => {
    expect(cornerKmh(5)).toBe(Infinity);
    expect(cornerKmh(90)).toBe(12);
    expect(cornerKmh(45)).toBeCloseTo(21, 6);
  });
});

describe('advance', () => {
  it('arrives exactly at the last point, with nothing left and standing still', () => {
    const { path, fixes } = drive([O, north, [35.598, 116.992]], 1);
    const last = fixes.at(-1)!;
    expect(last).toMatchObject({ lat: 35.598, lng: 116.992, remainingM: 0, arrived: true, speed_kmh: 0 });
    expect(fixes.filter((f) => f.arrived)).toHaveLength(1);
    expect(last.heading).toBeCloseTo(90, 2);
    expect(fixes[0]!.remainingM).toBeLessThan(path.totalM);
    for (let i = 1; i < fixes.length; i++)
      expect(fixes[i]!.remainingM).toBeLessThanOrEqual(fixes[i - 1]!.remainingM);
  });

  it('arrives exactly in one huge step too', () => {
    const { fixes } = drive([O, east], 3600);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ lat: east[0], lng: east[1], remainingM: 0, arrived: true });
  });

  it('cruises at 25–35 km/h (± jitter) on the straight and slows for the corner', () => {
    const points: LatLng[] = [O, [35.602, 116.99], [35.602, 116.996]]; // 556 m north, then 543 m east
    const { path, fixes } = drive(points, 1, 7);
    const speeds = fixes.map((f) => f.speed_kmh);
    expect(Math.max(...speeds)).toBeGreaterThanOrEqual(25 - URBAN.jitterKmh);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(35 + URBAN.jitterKmh);
    const cornerAt = path.cumM[1]!;
    const nearCorner = fixes.filter((f) => Math.abs(path.totalM - f.remainingM - cornerAt) < 15);
    expect(Math.min(...nearCorner.map((f) => f.speed_kmh))).toBeLessThan(18);
    expect(fixes[10]!.heading).toBeCloseTo(0, 3);
    expect(fixes.at(-5)!.heading).toBeCloseTo(90, 1);
  });

  it('the same seed drives the same way', () => {
    const points: LatLng[] = [O, north, [35.598, 116.992]];
    expect(drive(points, 0.7, 3).fixes).toEqual(drive(points, 0.7, 3).fixes);
    expect(drive(points, 0.7, 3).fixes).not.toEqual(drive(points, 0.7, 4).fixes);
  });

  it('a path of one point is arrived at once, keeping the previous heading', () => {
    const path = preparePath([O]);
    const rand = seededRandom(1);
    const { fix } = advance(path, startVehicle(rand, { heading: 123 }), 1, rand);
    expect(fix).toMatchObject({ lat: O[0], lng: O[1], arrived: true, heading: 123, speed_kmh: 0 });
  });
});

describe('pointAt and speedLimitMps', () => {
  it('interpolates along segments', () => {
    const path = preparePath([O, north]);
    const mid = pointAt(path, path.totalM / 2);
    expect(mid.at[0]).toBeCloseTo(35.5975, 9);
    expect(mid.heading).toBeCloseTo(0, 6);
  });

  it('lets the van brake to walking pace at the destination', () => {
    const path = preparePath([O, north]);
    expect(speedLimitMps(path, path.totalM)).toBeCloseTo(URBAN.endKmh / 3.6, 9);
    expect(speedLimitMps(path, 0)).toBeGreaterThan(15);
  });
});
