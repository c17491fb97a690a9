// Map picking: a click goes back to WGS-84, and the point finds the compound outline it is in.
import { describe, expect, it } from 'vitest';
import { projector, unprojector } from './coords';
import { compoundAt, distanceM, pointInPolygon, pointInRing } from './pick';

type Ring = [number, number][];
const square = (lng: number, lat: number, size: number): Ring => [
  [lng, lat],
  [lng + size, lat],
  [lng + size, lat + size],
  [lng, lat + size],
  [lng, lat],
];
const polygon = (...rings: Ring[]) => ({ type: 'Polygon' as const, coordinates: rings });

describe('unprojector', () => {
  it('passes WGS-84 through', () => {
    expect(unprojector('wgs84')(35.5967, 116.9912)).toEqual([35.5967, 116.9912]);
  });
  it('undoes the GCJ-02 shift to well under a metre', () => {
    const [gLat, gLng] = projector('gcj02')(35.5967, 116.9912);
    const [lat, lng] = unprojector('gcj02')(gLat, gLng);
    expect(distanceM({ lat, lng }, { lat: 35.5967, lng: 116.9912 })).toBeLessThan(1);
  });
});

describe('point in polygon', () => {
  const ring = square(116.99, 35.59, 0.01);
  it('tells inside from outside', () => {
    expect(pointInRing({ lat: 35.595, lng: 116.995 }, ring)).toBe(true);
    expect(pointInRing({ lat: 35.605, lng: 116.995 }, ring)).toBe(false);
    expect(pointInRing({ lat: 35.595, lng: 116.985 }, ring)).toBe(false);
  });
  it('handles a concave outline', () => {
    // An L: the notch at the top right is outside.
    const l: Ring = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    expect(pointInRing({ lng: 0.5, lat: 1.5 }, l)).toBe(true);
    expect(pointInRing({ lng: 1.5, lat: 0.5 }, l)).toBe(true);
    expect(pointInRing({ lng: 1.5, lat: 1.5 }, l)).toBe(false);
  });
  it('excludes holes', () => {
    const p = polygon(ring, square(116.994, 35.594, 0.002));
    expect(pointInPolygon({ lat: 35.595, lng: 116.995 }, p)).toBe(false);
    expect(pointInPolygon({ lat: 35.591, lng: 116.991 }, p)).toBe(true);
  });
});

describe('compoundAt', () => {
  const compounds = [
    { id: 'west', outline: polygon(square(116.98, 35.59, 0.01)) },
    { id: 'east', outline: polygon(square(117.0, 35.59, 0.01)) },
  ];
  it('finds the compound holding the point, or none', () => {
    expect(compoundAt({ lat: 35.595, lng: 116.985 }, compounds)?.id).toBe('west');
    expect(compoundAt({ lat: 35.595, lng: 117.005 }, compounds)?.id).toBe('east');
    expect(compoundAt({ lat: 35.595, lng: 116.995 }, compounds)).toBeUndefined();
  });
});

describe('distanceM', () => {
  it('measures a degree of latitude as about 111 km', () => {
    const d = distanceM({ lat: 35, lng: 117 }, { lat: 36, lng: 117 });
    expect(d).toBeGreaterThan(110_500);
    expect(d).toBeLessThan(111_500);
  });
});
