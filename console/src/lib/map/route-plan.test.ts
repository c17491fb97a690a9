// A busy van's road route: when it is asked again, the ETA and its countdown, the part still ahead.
import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  metresBetween,
  REFRESH_AFTER_MS,
  routeAhead,
  routeDue,
  straightLineSeconds,
  type RouteAsk,
} from './route-plan';
import { toRoute } from './van-routes.svelte';

const M = 1 / 111_320; // degrees of latitude per metre
const last: RouteAsk = {
  ticketId: 't1',
  from: { lat: 35.59, lng: 116.98 },
  to: { lat: 35.6, lng: 116.99 },
  at: 0,
};

describe('when a route is asked again', () => {
  it('first of all, and when the ticket or its place changes', () => {
    expect(routeDue(undefined, last)).toBe(true);
    expect(routeDue(last, { ...last, ticketId: 't2' })).toBe(true);
    expect(routeDue(last, { ...last, to: { lat: 35.6 + 20 * M, lng: 116.99 } })).toBe(true);
  });

  it('not per position frame: only once the van has moved about 50 m', () => {
    const moved = (m: number) => ({ ...last, from: { lat: 35.59 + m * M, lng: 116.98 }, at: 1_000 });
    expect(routeDue(last, moved(10))).toBe(false);
    expect(routeDue(last, moved(49))).toBe(false);
    expect(routeDue(last, moved(51))).toBe(true);
  });

  it('or every 30 s while the van stands still', () => {
    expect(routeDue(last, { ...last, at: REFRESH_AFTER_MS - 1 })).toBe(false);
    expect(routeDue(last, { ...last, at: REFRESH_AFTER_MS })).toBe(true);
  });
});

describe('the ETA', () => {
  it('counts down as m:ss, h:mm:ss beyond an hour, never below zero', () => {
    expect(formatCountdown(272)).toBe('4:32');
    expect(formatCountdown(59.2)).toBe('1:00');
    expect(formatCountdown(3_725)).toBe('1:02:05');
    expect(formatCountdown(-8)).toBe('0:00');
  });

  it('is the road time of the route, from when it was asked', () => {
    const r = toRoute(last, {
      distance_m: 1_800,
      duration_s: 240,
      geometry: {
        type: 'LineString',
        coordinates: [
          [116.98, 35.591],
          [116.99, 35.599],
        ],
      },
    });
    expect(r.kind).toBe('road');
    expect(r.arriveAt).toBe(240_000);
    expect(r.distanceM).toBe(1_800);
    expect(r.line).toEqual([
      [35.59, 116.98],
      [35.591, 116.98],
      [35.599, 116.99],
      [35.6, 116.99],
    ]);
  });

  it('without a road route, is a straight-line estimate, labelled as such', () => {
    const r = toRoute(last, undefined);
    expect(r.kind).toBe('straight');
    expect(r.line).toHaveLength(2);
    expect(r.distanceM).toBeCloseTo(metresBetween(last.from, last.to), 6);
    expect(r.arriveAt).toBe(straightLineSeconds(r.distanceM) * 1000);
    expect(straightLineSeconds(2_500)).toBe(360); // 25 km/h
  });
});

describe('the route ahead of the van', () => {
  const route: [number, number][] = [
    [35.59, 116.98],
    [35.595, 116.98],
    [35.595, 116.99],
  ];

  it('starts at the van and goes on from the nearest point of the route', () => {
    const ahead = routeAhead(route, { lat: 35.5951, lng: 116.985 });
    expect(ahead[0]).toEqual([35.5951, 116.985]);
    expect(ahead[1]![0]).toBeCloseTo(35.595, 9);
    expect(ahead[1]![1]).toBeCloseTo(116.985, 9);
    expect(ahead.slice(2)).toEqual([[35.595, 116.99]]);
  });

  it('keeps the whole route while the van is still at its start', () => {
    expect(routeAhead(route, { lat: 35.59, lng: 116.98 }).slice(2)).toEqual(route.slice(1));
  });
});
