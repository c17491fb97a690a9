import { describe, expect, it } from 'vitest';
import { COLS, DEPOT, ROWS, SITE, smallStreets } from '../../tests/fixtures/streets-small';
import type { Streets } from '../lib/demo-data';
import {
  buildGraph,
  distM,
  NoRouteError,
  polylineLengthM,
  shortestPath,
  snapToNetwork,
  type LatLng,
} from './routing';

const g = buildGraph(smallStreets());
const ll = (p: { lat: number; lng: number }): LatLng => [p.lat, p.lng];
const LAT_STEP_M = distM([ROWS[0], COLS[0]], [ROWS[1], COLS[0]]);
const onNetwork = (p: LatLng) => snapToNetwork(g, p).distanceM;

describe('buildGraph', () => {
  it('joins streets at shared vertices: one node per distinct coordinate', () => {
    // 9 grid corners + the extra vertex of 中街 + the dead end of 东巷.
    expect(g.nodes).toHaveLength(11);
    expect(g.edges).toHaveLength(13);
    const corner = g.nodes.findIndex(([lat, lng]) => lat === ROWS[1] && lng === COLS[1]);
    expect(g.incident[corner]).toHaveLength(3); // west, east and north: 中巷 stops here
  });
});

describe('snapToNetwork', () => {
  it('finds the nearest point on an edge, not just the nearest vertex', () => {
    const off: LatLng = [ROWS[0] + 0.0001, (COLS[0] + COLS[1]) / 2]; // ≈ 11 m north of 南街, mid-block
    const snap = snapToNetwork(g, off);
    expect(snap.point[0]).toBeCloseTo(ROWS[0], 9);
    expect(snap.point[1]).toBeCloseTo(off[1], 9);
    expect(snap.distanceM).toBeCloseTo(11.1, 1);
  });
});

describe('shortestPath', () => {
  it('follows the streets around the block, not the straight line', () => {
    const route = shortestPath(g, ll(DEPOT), ll(SITE));
    expect(route.points).toEqual([ll(DEPOT), [ROWS[1], COLS[0]], [ROWS[1], COLS[1]], ll(SITE)]);
    const byRoad = LAT_STEP_M + distM([ROWS[1], COLS[0]], ll(SITE));
    expect(route.lengthM).toBeCloseTo(byRoad, 6);
    expect(route.lengthM).toBeCloseTo(411, 0);
    expect(route.lengthM).toBeGreaterThan(distM(ll(DEPOT), ll(SITE)) * 1.3);
  });

  it('adds the straight legs from and to points off the network', () => {
    const start: LatLng = [ROWS[0] - 0.0002, COLS[0] + 0.0003]; // in a yard south of 南街
    const dest: LatLng = [ROWS[2] + 0.0001, COLS[1] - 0.0004]; // just north of 北街
    const route = shortestPath(g, start, dest);
    expect(route.points[0]).toEqual(start);
    expect(route.points.at(-1)).toEqual(dest);
    expect(onNetwork(route.points[1]!)).toBeLessThan(0.01);
    expect(onNetwork(route.points.at(-2)!)).toBeLessThan(0.01);
    expect(route.lengthM).toBeCloseTo(polylineLengthM(route.points), 9);
    // Every point between the two legs is on a street.
    for (const p of route.points.slice(1, -1)) expect(onNetwork(p)).toBeLessThan(0.01);
  });

  it('drives straight along one edge when both points snap onto it', () => {
    const a: LatLng = [ROWS[2], COLS[0] + 0.0002];
    const b: LatLng = [ROWS[2], COLS[0] + 0.0012];
    const route = shortestPath(g, a, b);
    expect(route.points).toEqual([a, b]);
    expect(route.lengthM).toBeCloseTo(distM(a, b), 9);
  });

  it('honours one-way streets: against one, the van goes round the block', () => {
    const line = (name: string, coordinates: [number, number][], oneway?: string) => ({
      type: 'Feature' as const,
      properties: { name, ...(oneway && { oneway }) },
      geometry: { type: 'LineString' as const, coordinates },
    });
    const [w, e, s, n] = [116.99, 116.992, 35.597, 35.598];
    const block = buildGraph({
      type: 'FeatureCollection',
      features: [
        line(
          '单行街',
          [
            [w, s],
            [e, s],
          ],
          'yes',
        ), // eastbound only
        line('环路', [
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ]),
      ],
    });
    const east = shortestPath(block, [s, w + 0.0005], [s, e - 0.0005]);
    expect(east.points).toHaveLength(2);
    const west = shortestPath(block, [s, e - 0.0005], [s, w + 0.0005]);
    expect(west.points.map(([lat]) => lat)).toContain(n); // round by the north side
    expect(west.lengthM).toBeGreaterThan(east.lengthM * 3);
  });

  it('a zero-length trip is a single point', () => {
    expect(shortestPath(g, ll(SITE), ll(SITE))).toEqual({ points: [ll(SITE)], lengthM: 0 });
  });

  it('names both ends when the streets are not connected', () => {
    const island: Streets['features'][number] = {
      type: 'Feature',
      properties: { name: '孤岛路' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [117.01, 35.61],
          [117.011, 35.61],
        ],
      },
    };
    const streets = smallStreets();
    const withIsland = buildGraph({ ...streets, features: [...streets.features, island] });
    const call = () => shortestPath(withIsland, ll(DEPOT), [35.6101, 117.0105]);
    expect(call).toThrow(NoRouteError);
    expect(call).toThrow(/no street path from 35\.597000,116\.990000 to 35\.610100,117\.010500/);
  });

  it('refuses an empty network clearly', () => {
    const empty = buildGraph({ type: 'FeatureCollection', features: [] });
    expect(() => shortestPath(empty, ll(DEPOT), ll(SITE))).toThrow(/street network is empty/);
  });
});
