// Unit spec of the patrol order: nearest neighbour, 2-opt (which beats it on a crafted case, prices
// one-way legs in their direction, and never makes a path longer), always a permutation from the
// depot; and the travel-time matrix, by road where the network answers and straight line elsewhere.
import { describe, expect, it } from 'vitest';
import type { LatLng, RoadNetwork } from '../roads/types';
import { etaSeconds, haversineM } from './geo';
import {
  matrixCost,
  nearestNeighbour,
  pathCost,
  patrolOrder,
  travelMatrix,
  twoOpt,
  type Cost,
} from './patrol-order';

/** Planar points (units of 100 m), cost = distance. */
const planar =
  (pts: readonly [number, number][]): Cost =>
  (i, j) => {
    const a = pts[i] ?? [0, 0];
    const b = pts[j] ?? [0, 0];
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  };

/** Every order over points 0..n-1 that starts at 0. */
function* orders(n: number): Generator<number[]> {
  const rest = Array.from({ length: n - 1 }, (_, i) => i + 1);
  const perm = function* (left: number[], acc: number[]): Generator<number[]> {
    if (left.length === 0) yield [0, ...acc];
    for (const x of left)
      yield* perm(
        left.filter((y) => y !== x),
        [...acc, x],
      );
  };
  yield* perm(rest, []);
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const isPermutationFromDepot = (o: readonly number[], n: number) =>
  o[0] === 0 && [...o].sort((a, b) => a - b).join() === Array.from({ length: n }, (_, i) => i).join();

describe('patrol order', () => {
  // A U-shaped street: the depot at the bottom, two lamps up the left arm, two up the right. The
  // nearest lamp is up the left, so nearest neighbour sweeps right and must come all the way back.
  const U: [number, number][] = [
    [0, 0], // depot
    [-9, 1],
    [-2, 4],
    [3, 4],
    [6, 1],
  ];

  it('2-opt beats nearest neighbour on a crafted case, reaching the best order', () => {
    const cost = planar(U);
    const nn = nearestNeighbour(U.length, cost);
    expect(nn).toEqual([0, 2, 3, 4, 1]);
    const opt = twoOpt(nn, cost);
    expect(pathCost(opt, cost)).toBeLessThan(pathCost(nn, cost) - 5);
    const best = Math.min(...[...orders(U.length)].map((o) => pathCost(o, cost)));
    expect(pathCost(opt, cost)).toBeCloseTo(best, 9);
    expect(patrolOrder(U.length, cost)).toEqual(opt);
  });

  it('prices a reversed segment in its new direction (one-way streets)', () => {
    // Going 1 → 2 is cheap, 2 → 1 costs a detour: 2-opt must not reverse onto the long way.
    const m = [
      [0, 5, 5, 9],
      [5, 0, 1, 5],
      [5, 50, 0, 1],
      [9, 5, 50, 0],
    ];
    const cost = matrixCost(m);
    const o = patrolOrder(4, cost);
    expect(o).toEqual([0, 1, 2, 3]);
    expect(pathCost(o, cost)).toBe(7);
  });

  it('on random towns: a permutation from the depot, never longer than nearest neighbour', () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 12);
      const pts = Array.from({ length: n }, () => [rand() * 20, rand() * 20] as [number, number]);
      // Asymmetric on half the trials: a one-way penalty on legs that go "west".
      const base = planar(pts);
      const cost: Cost =
        trial % 2 === 0 ? base : (i, j) => base(i, j) * ((pts[j]?.[0] ?? 0) < (pts[i]?.[0] ?? 0) ? 1.7 : 1);
      const nn = nearestNeighbour(n, cost);
      const o = patrolOrder(n, cost);
      expect(isPermutationFromDepot(nn, n)).toBe(true);
      expect(isPermutationFromDepot(o, n), JSON.stringify(o)).toBe(true);
      expect(pathCost(o, cost)).toBeLessThanOrEqual(pathCost(nn, cost) + 1e-9);
    }
  });

  it('handles no stop and one stop', () => {
    const cost = planar(U);
    expect(patrolOrder(1, cost)).toEqual([0]);
    expect(patrolOrder(2, cost)).toEqual([0, 1]);
    expect(nearestNeighbour(0, cost)).toEqual([]);
  });
});

describe('travel matrix', () => {
  const pts: LatLng[] = [
    { lat: 35.6, lng: 117.0 },
    { lat: 35.605, lng: 117.0 },
    { lat: 35.6, lng: 117.01 },
  ];
  const straight = (a: LatLng, b: LatLng) => etaSeconds(haversineM(a.lat, a.lng, b.lat, b.lng), 20);

  it('without a network: straight lines at the urban speed', () => {
    const { matrix, basis } = travelMatrix(pts, 20);
    expect(basis).toBe('straight_line');
    expect(matrix[0]?.[1]).toBeCloseTo(straight(pts[0] ?? pts[1]!, pts[1]!), 6);
    expect(matrix[1]?.[1]).toBe(0);
  });

  it('with a network: its road times, straight line where no road joins', () => {
    const asked: LatLng[] = [];
    const roads: RoadNetwork = {
      edgeCount: 1,
      route: () => undefined,
      setClosures: () => undefined,
      travelTimes: (origins, to) => {
        asked.push(to);
        // Point 2 is across the river: no road reaches it from point 1.
        return origins.map((o) => (to === pts[2] && o === pts[1] ? undefined : 1000));
      },
    };
    const { matrix, basis } = travelMatrix(pts, 20, roads);
    expect(basis).toBe('road');
    expect(asked).toEqual(pts);
    expect(matrix[0]?.[1]).toBe(1000);
    expect(matrix[1]?.[2]).toBeCloseTo(straight(pts[1]!, pts[2]!), 6);
    expect(matrix[2]?.[2]).toBe(0);
  });
});
