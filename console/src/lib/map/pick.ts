// A point picked on the map (WGS-84), which compound outline it falls in, and how far apart two
// points are. Pure geometry on the small scale of a town: no projection needed for the tests here.
import type { CompoundDto } from '../api/types';

export interface GeoPoint {
  lat: number;
  lng: number;
}

type Ring = CompoundDto['outline']['coordinates'][number];

/** Ray casting (even-odd) on one ring of [lng, lat] positions; a closed or open ring both work. */
export function pointInRing(p: GeoPoint, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    const [xi, yi] = a;
    const [xj, yj] = b;
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(p: GeoPoint, polygon: CompoundDto['outline']): boolean {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer || !pointInRing(p, outer)) return false;
  return !holes.some((hole) => pointInRing(p, hole));
}

/** The compound whose outline holds the point (the first one, if outlines overlap). */
export function compoundAt<C extends Pick<CompoundDto, 'outline'>>(
  p: GeoPoint,
  compounds: readonly C[],
): C | undefined {
  return compounds.find((c) => pointInPolygon(p, c.outline));
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
