// Which road segments a closure takes out: a segment is closed when it comes within the closure's
// radius of its point or line. Pure; distances on a local flat projection around the segment (exact to
// well under a metre over a town's streets).
import type { ClosureArea, LatLng } from './types';

const M_PER_DEG_LAT = 111_320;

interface XY {
  x: number;
  y: number;
}

/** Shortest distance, metres, between segments p1–p2 and q1–q2 (flat coordinates in metres). */
function segmentDistance(p1: XY, p2: XY, q1: XY, q2: XY): number {
  if (segmentsCross(p1, p2, q1, q2)) return 0;
  return Math.min(
    pointSegment(p1, q1, q2),
    pointSegment(p2, q1, q2),
    pointSegment(q1, p1, p2),
    pointSegment(q2, p1, p2),
  );
}

function pointSegment(x: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x.x - a.x) * dx + (x.y - a.y) * dy) / len2));
  return Math.hypot(x.x - (a.x + t * dx), x.y - (a.y + t * dy));
}

const cross = (o: XY, a: XY, b: XY) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

function segmentsCross(p1: XY, p2: XY, q1: XY, q2: XY): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** True when the road segment a–b passes within the closure's radius of its geometry. */
export function segmentClosed(a: LatLng, b: LatLng, closure: ClosureArea): boolean {
  const lat0 = (a.lat + b.lat) / 2;
  const kx = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const xy = (lng: number, lat: number): XY => ({ x: (lng - a.lng) * kx, y: (lat - a.lat) * M_PER_DEG_LAT });
  const pa = xy(a.lng, a.lat);
  const pb = xy(b.lng, b.lat);
  const g = closure.geometry;
  if (g.type === 'Point') {
    const [lng, lat] = g.coordinates;
    return pointSegment(xy(lng!, lat!), pa, pb) <= closure.radiusM;
  }
  for (let i = 1; i < g.coordinates.length; i++) {
    const [lng1, lat1] = g.coordinates[i - 1]!;
    const [lng2, lat2] = g.coordinates[i]!;
    if (segmentDistance(pa, pb, xy(lng1!, lat1!), xy(lng2!, lat2!)) <= closure.radiusM) return true;
  }
  return false;
}

/** A bounding box, degrees, that holds every point within the closure's radius (for a spatial index). */
export function closureBounds(closure: ClosureArea): {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
} {
  const g = closure.geometry;
  const pts = g.type === 'Point' ? [g.coordinates] : g.coordinates;
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const [lng, lat] of pts) {
    minLng = Math.min(minLng, lng!);
    maxLng = Math.max(maxLng, lng!);
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
  }
  const dLat = closure.radiusM / M_PER_DEG_LAT;
  const dLng =
    closure.radiusM / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)));
  return { minLng: minLng - dLng, minLat: minLat - dLat, maxLng: maxLng + dLng, maxLat: maxLat + dLat };
}
