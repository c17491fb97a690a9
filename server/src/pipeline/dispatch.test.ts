// Nearest-van search against a brute-force scan, and the queue order of waiting tickets.
import { describe, expect, it } from 'vitest';
import type { Priority, TicketRecord, TicketStatus } from '../store/store';
import { compareQueue, nextInQueue, rankCandidates, VanIndex, type NearVan, type VanPoint } from './dispatch';
import { haversineM } from './geo';
import { seededRandom } from '../../../simulators/lib/random';

const prng = seededRandom;

// Around Qufu; 0.01° latitude ≈ 1.11 km, 0.01° longitude ≈ 0.90 km here.
const C = { lat: 35.597, lng: 116.99 };
const vans: VanPoint[] = [
  { id: 'v-east', lat: C.lat, lng: C.lng + 0.01 },
  { id: 'v-north', lat: C.lat + 0.02, lng: C.lng },
  { id: 'v-near', lat: C.lat + 0.001, lng: C.lng + 0.001 },
  { id: 'v-west-far', lat: C.lat, lng: C.lng - 0.05 },
  { id: 'v-south', lat: C.lat - 0.005, lng: C.lng },
];

describe('VanIndex.nearest', () => {
  const index = new VanIndex(vans);

  it('orders every van by distance, with haversine meters', () => {
    const got = index.nearest(C.lat, C.lng, {});
    expect(got.map((v) => v.id)).toEqual(['v-near', 'v-south', 'v-east', 'v-north', 'v-west-far']);
    expect(got[2]?.distanceM).toBeCloseTo(904.1619341332669, 6);
    for (const v of got) {
      const van = vans.find((x) => x.id === v.id);
      expect(v.distanceM).toBe(haversineM(C.lat, C.lng, van?.lat ?? NaN, van?.lng ?? NaN));
    }
  });

  it('skips busy vans through the filter', () => {
    const busy = new Set(['v-near', 'v-south']);
    const got = index.nearest(C.lat, C.lng, { limit: 1, filter: (id) => !busy.has(id) });
    expect(got.map((v) => v.id)).toEqual(['v-east']);
  });

  it('honours limit', () => {
    expect(index.nearest(C.lat, C.lng, { limit: 2 }).map((v) => v.id)).toEqual(['v-near', 'v-south']);
    expect(index.nearest(C.lat, C.lng, { limit: 0 })).toEqual([]);
  });

  it('honours maxDistanceKm, inclusive on haversineM', () => {
    expect(index.nearest(C.lat, C.lng, { maxDistanceKm: 1 }).map((v) => v.id)).toEqual([
      'v-near',
      'v-south',
      'v-east',
    ]);
    const east = haversineM(C.lat, C.lng, C.lat, C.lng + 0.01);
    expect(index.nearest(C.lat, C.lng, { maxDistanceKm: east / 1000 }).at(-1)?.id).toBe('v-east');
    expect(index.nearest(C.lat, C.lng, { maxDistanceKm: 0.01 })).toEqual([]);
  });

  it('answers an empty index, and a filter that rejects everyone, with nothing', () => {
    expect(new VanIndex([]).nearest(C.lat, C.lng, { limit: 1 })).toEqual([]);
    expect(new VanIndex([]).size).toBe(0);
    expect(index.nearest(C.lat, C.lng, { filter: () => false })).toEqual([]);
  });

  it('does not scan every van for one decision (branch and bound)', () => {
    const rnd = prng(7);
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: `v${i}`,
      lat: C.lat + (rnd() - 0.5) * 0.09,
      lng: C.lng + (rnd() - 0.5) * 0.11,
    }));
    let calls = 0;
    const got = new VanIndex(many).nearest(C.lat, C.lng, { limit: 1, filter: () => (calls++, true) });
    expect(got).toHaveLength(1);
    expect(calls).toBeLessThan(200); // a linear scan would call it 1,000 times; typically ~35 here
  });

  it('matches a brute-force scan over 1,000 random vans for 200 random queries', () => {
    const rnd = prng(20250101);
    const box = () => ({ lat: C.lat + (rnd() - 0.5) * 0.09, lng: C.lng + (rnd() - 0.5) * 0.11 });
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: `van-${i}`, ...box() }));
    const busy = new Set(many.filter(() => rnd() < 0.5).map((v) => v.id));
    const idle = (id: string) => !busy.has(id);
    const index = new VanIndex(many);

    const brute = (lat: number, lng: number, limit: number, maxKm: number): NearVan[] =>
      many
        .filter((v) => idle(v.id))
        .map((v) => ({ id: v.id, distanceM: haversineM(lat, lng, v.lat, v.lng) }))
        .filter((v) => v.distanceM <= maxKm * 1000)
        .sort((a, b) => a.distanceM - b.distanceM)
        .slice(0, limit);

    for (let q = 0; q < 200; q++) {
      const p = box();
      const limit = 1 + Math.floor(rnd() * 5);
      const maxKm = q % 3 === 0 ? 0.2 + rnd() * 2 : Infinity;
      const got = index.nearest(p.lat, p.lng, { limit, filter: idle, maxDistanceKm: maxKm });
      const want = brute(p.lat, p.lng, limit, maxKm);
      expect(got.map((v) => v.id)).toEqual(want.map((v) => v.id));
      got.forEach((v, i) => expect(v.distanceM).toBe(want[i]?.distanceM));
    }
  });
});

describe('rankCandidates', () => {
  it('adds the ETA at the given speed, nearest first', () => {
    const got = rankCandidates(new VanIndex(vans), C, 36, { limit: 3, filter: (id) => id !== 'v-near' });
    expect(got.map((c) => c.id)).toEqual(['v-south', 'v-east', 'v-north']);
    for (const c of got) expect(c.etaS).toBeCloseTo(c.distanceM / 10, 9); // 36 km/h = 10 m/s
  });
});

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const ticket = (
  id: string,
  priority: Priority,
  createdAt: number,
  status: TicketStatus = 'new',
): TicketRecord => ({
  id,
  status,
  priority,
  source: 'hotline',
  category: 'electrical',
  description: 'no power',
  createdAt,
  updatedAt: createdAt,
  respondBy: createdAt + 3_600_000,
  resolveBy: createdAt + 8 * 3_600_000,
});

describe('queue order', () => {
  it('lets a P1 overtake an older P3', () => {
    const oldP3 = ticket('A', 'P3', T0);
    const newP1 = ticket('B', 'P1', T0 + 3_600_000);
    expect(compareQueue(newP1, oldP3)).toBeLessThan(0);
    expect(nextInQueue([oldP3, newP1])?.id).toBe('B');
  });

  it('takes the oldest first within a priority, then the smaller id', () => {
    const q = [ticket('C', 'P2', T0 + 2), ticket('B', 'P2', T0 + 1), ticket('A', 'P2', T0 + 2)];
    expect(nextInQueue(q)?.id).toBe('B');
    expect([...q].sort(compareQueue).map((t) => t.id)).toEqual(['B', 'A', 'C']);
    expect(compareQueue(q[0] as TicketRecord, q[0] as TicketRecord)).toBe(0);
  });

  it('sorts P1 … P4 in order', () => {
    const q = (['P4', 'P2', 'P1', 'P3'] as const).map((p, i) => ticket(`t${i}`, p, T0 - i));
    expect([...q].sort(compareQueue).map((t) => t.priority)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('skips tickets that are not waiting, and answers an empty queue with undefined', () => {
    const q = new Set([ticket('X', 'P1', T0, 'dispatched'), ticket('Y', 'P4', T0 + 5)]);
    expect(nextInQueue(q)?.id).toBe('Y');
    expect(nextInQueue([])).toBeUndefined();
    expect(nextInQueue([ticket('Z', 'P1', T0, 'on_site')])).toBeUndefined();
  });
});
