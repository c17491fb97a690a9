import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from './graph';
import { OFF_ROAD_KMH, roadNetworkOf } from './network';
import { parseRoads, type RoadsFile } from './roads-file';
import type { LatLng } from './types';
import { roadCity } from '../../../bench/lib/road-city';

// Positions in metres east (x) and north (y) of 35.6 N, 117.0 E, as the river fixture is drawn.
const K = 111_320 * Math.cos((35.6 * Math.PI) / 180);
const at = (x: number, y: number): LatLng => ({ lat: 35.6 + y / 111_320, lng: 117 + x / K });
const pos = (x: number, y: number): [number, number] => [117 + x / K, 35.6 + y / 111_320];
const road = (properties: Record<string, unknown>, ...pts: [number, number][]) => ({
  type: 'Feature' as const,
  properties,
  geometry: { type: 'LineString' as const, coordinates: pts.map(([x, y]) => pos(x, y)) },
});
const expectAt = (c: [number, number] | undefined, p: [number, number], digits: number) => {
  expect(c?.[0]).toBeCloseTo(p[0], digits);
  expect(c?.[1]).toBeCloseTo(p[1], digits);
};
const roads = (...features: ReturnType<typeof road>[]): RoadsFile =>
  parseRoads({ type: 'FeatureCollection', features });

// A river between two bank roads (y = 0 and y = 300), one road bridge at x = 2000, a footbridge at x = 500.
const river = parseRoads(JSON.parse(readFileSync('tests/fixtures/roads-river.geojson', 'utf8')));
const KMH40 = 40 / 3.6;

describe('buildRoadGraph', () => {
  it('joins lines at shared vertices, honours oneway and leaves out roads that are not driven', () => {
    const g = buildRoadGraph(
      roads(
        road({ highway: 'residential' }, [0, 0], [100, 0]),
        road({ highway: 'residential', oneway: 'yes' }, [100, 0], [200, 0]),
        road({ highway: 'residential', oneway: '-1' }, [200, 0], [300, 0]),
        road({ highway: 'footway' }, [0, 0], [0, 100]),
        road({ highway: 'service', access: 'private' }, [100, 0], [100, 100]),
      ),
    );
    expect(g.vertexCount).toBe(4);
    expect(g.segCount).toBe(3);
    expect(g.edgeCount).toBe(4); // two ways + one + one
    expect(g.segFwdS[1]).toBeCloseTo(100 / (30 / 3.6), 1);
    expect(g.segBackS[1]).toBe(Infinity);
    expect(g.segFwdS[2]).toBe(Infinity);
    expect(g.topSpeedMps).toBeCloseTo(30 / 3.6, 6);
  });

  it('counts the river fixture: the footbridge is not a road', () => {
    const net = roadNetworkOf(river);
    expect(net.edgeCount).toBe((8 + 8 + 1) * 2);
  });
});

describe('route', () => {
  const net = roadNetworkOf(river);

  it('crosses the river by the road bridge, not the footbridge, along the roads', () => {
    const r = net.route(at(500, 0), at(500, 300))!;
    expect(r.distanceM).toBeCloseTo(3300, 0);
    expect(r.durationS).toBeCloseTo(3300 / KMH40, 0);
    expectAt(r.coordinates[0], pos(500, 0), 9);
    expectAt(r.coordinates.at(-1), pos(500, 300), 9);
    const xs = r.coordinates.map(([lng]) => Math.round((lng - 117) * K));
    expect(Math.max(...xs)).toBe(2000);
  });

  it('runs from the point to its snap on the road at the off-road speed, then along the road', () => {
    const r = net.route(at(1250, 40), at(1750, -30))!;
    expect(r.coordinates).toHaveLength(5); // point, its snap, the vertex at x = 1500, the snap, the point
    expect(r.coordinates[1]![1]).toBeCloseTo(35.6, 9); // snapped onto the south bank road
    expect(r.distanceM).toBeCloseTo(40 + 500 + 30, 1);
    expect(r.durationS).toBeCloseTo(70 / (OFF_ROAD_KMH / 3.6) + 500 / KMH40, 1);
  });

  it('routes two points on one segment straight along it, and respects its one-way', () => {
    const oneWay = roadNetworkOf(
      roads(
        road({ highway: 'residential', oneway: 'yes' }, [0, 0], [400, 0]),
        road({ highway: 'residential' }, [400, 0], [400, 100], [0, 100], [0, 0]),
      ),
    );
    const along = oneWay.route(at(100, 0), at(300, 0))!;
    expect(along.distanceM).toBeCloseTo(200, 1);
    expect(along.coordinates).toHaveLength(2);
    const against = oneWay.route(at(300, 0), at(100, 0))!;
    expect(against.distanceM).toBeCloseTo(100 + 100 + 400 + 100 + 100, 1); // round the block
  });

  it('is undefined where no road joins the points', () => {
    const apart = roadNetworkOf(
      roads(road({ highway: 'residential' }, [0, 0], [100, 0]), road({}, [0, 500], [100, 500])),
    );
    expect(apart.route(at(0, 0), at(100, 500))).toBeUndefined();
    expect(roadNetworkOf(roads()).route(at(0, 0), at(1, 1))).toBeUndefined();
  });
});

describe('closures', () => {
  it('routes and travel times never use a closed road; lifting the closure restores them', () => {
    const net = roadNetworkOf(river);
    const bridge = {
      id: 'b',
      radiusM: 20,
      geometry: { type: 'Point' as const, coordinates: pos(2000, 150) },
    };
    net.setClosures([bridge]);
    expect(net.closedSegments()).toBe(1);
    expect(net.route(at(500, 0), at(500, 300))).toBeUndefined();
    expect(net.travelTimes([at(500, 0), at(1000, 300)], at(500, 300))).toEqual([
      undefined,
      expect.closeTo(500 / KMH40, 1),
    ]);
    net.setClosures([]);
    expect(net.route(at(500, 0), at(500, 300))?.distanceM).toBeCloseTo(3300, 0);
  });

  it('does not snap onto a closed segment', () => {
    const net = roadNetworkOf(river);
    net.setClosures([{ id: 'c', radiusM: 10, geometry: { type: 'Point', coordinates: pos(1250, 0) } }]);
    // The nearest open road is now the vertex at x = 1000 (the segment 1000–1500 is closed).
    const r = net.route(at(1250, 10), at(0, 0))!;
    expectAt(r.coordinates[1], pos(1000, 0), 5);
    expect(r.distanceM).toBeCloseTo(Math.hypot(250, 10) + 1000, 1);
  });

  it('marks a line closure along every segment it touches', () => {
    const net = roadNetworkOf(river);
    net.setClosures([
      { id: 'l', radiusM: 5, geometry: { type: 'LineString', coordinates: [pos(600, 300), pos(1900, 300)] } },
    ]);
    expect(net.closedSegments()).toBe(3); // 500–1000, 1000–1500, 1500–2000 of the north bank
  });
});

describe('travelTimes', () => {
  const net = roadNetworkOf(river);

  it('agrees with route for every origin, and says undefined where no road joins', () => {
    const to = at(700, 310);
    const origins = [at(500, -5), at(1300, 300), at(3900, 0), at(2000, 150), at(99_000, 0)];
    const times = net.travelTimes(origins, to);
    origins.forEach((o, i) => {
      const r = net.route(o, to);
      if (r) expect(times[i]).toBeCloseTo(r.durationS, 6);
      else expect(times[i]).toBeUndefined();
    });
    expect(times[4]).toBeUndefined();
    expect(times[1]!).toBeLessThan(times[0]!); // across the street is far by road
  });

  it('is undefined for every origin when the destination is off the map', () => {
    expect(net.travelTimes([at(0, 0)], at(0, 50_000))).toEqual([undefined]);
  });
});

describe('fastest and travel', () => {
  const net = roadNetworkOf(river);

  it('finds the van nearest by road, not the one nearest as the crow flies, with its road distance', () => {
    const ticket = at(500, 300);
    const vans = [at(500, 0), at(1300, 300), at(99_000, 0)]; // 300 m across the river; 800 m along it
    const best = net.fastest(vans, ticket)!;
    expect(best.index).toBe(1);
    expect(best.distanceM).toBeCloseTo(800, 0);
    expect(best.durationS).toBeCloseTo(800 / KMH40, 0);
    const all = net.travel(vans, ticket);
    expect(all[0]!.distanceM).toBeCloseTo(3300, 0);
    expect(all[1]).toEqual(best && { durationS: best.durationS, distanceM: best.distanceM });
    expect(all[2]).toBeUndefined();
  });

  it('agrees with the full search on every random draw, and keeps the first of equal ones', () => {
    for (let k = 0; k < 30; k++) {
      const r = (n: number) => ((k * 7919 + n * 104_729) % 4000) - 50;
      const vans = Array.from({ length: 8 }, (_, i) => at(r(i), (r(i + 50) % 400) - 40));
      const to = at(r(99), (r(77) % 400) - 40);
      const times = net.travelTimes(vans, to);
      const min = Math.min(...times.map((t) => t ?? Infinity));
      expect(net.fastest(vans, to)?.durationS).toBeCloseTo(min, 9);
    }
    const off = net.fastest([at(1000, 10), at(1000, 0)], at(1500, 0))!;
    expect(off.index).toBe(1); // 10 m off the road, at the off-road speed, costs more
    expect(net.fastest([at(1000, 0), at(1000, 0)], at(1500, 0))!.index).toBe(0);
  });
});

describe('routes on a city grid (landmark bounds)', () => {
  it('are as fast as the exhaustive search finds, with and without closures', () => {
    const city = roadCity({ side: 30, seed: 7 });
    const net = roadNetworkOf(city.roads);
    const b = city.box;
    let seed = 11;
    const rnd = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const p = (): LatLng => ({
      lat: b.minLat + rnd() * (b.maxLat - b.minLat),
      lng: b.minLng + rnd() * (b.maxLng - b.minLng),
    });
    const centre = [(b.minLng + b.maxLng) / 2, (b.minLat + b.maxLat) / 2] as [number, number];
    for (const closures of [
      [],
      [{ id: 'c', radiusM: 250, geometry: { type: 'Point' as const, coordinates: centre } }],
    ]) {
      net.setClosures(closures);
      for (let i = 0; i < 60; i++) {
        const [from, to] = [p(), p()];
        const r = net.route(from, to);
        const t = net.travelTimes([from], to)[0];
        expect(r?.durationS).toBeCloseTo(t ?? NaN, 6);
      }
    }
  });
});
