// Plane geometry for the demo data generator: a local frame in metres (x east, y north) around the
// centre of Qufu's old town, converted to rounded WGS-84 degrees. Equal metre coordinates always give
// exactly equal degrees, so streets that meet at the same point share a vertex.

/** Centre of the frame: Qufu's old town (approximate, not surveyed). */
export const ORIGIN = { lat: 35.597, lng: 116.99 } as const;
const M_PER_DEG_LAT = 111_195;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180);

/** A point in the local frame, metres. */
export interface XY {
  x: number;
  y: number;
}

/** 6 decimals: about 0.1 m, plenty for a demo map. */
export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function toLatLng(p: XY): { lat: number; lng: number } {
  return { lat: round6(ORIGIN.lat + p.y / M_PER_DEG_LAT), lng: round6(ORIGIN.lng + p.x / M_PER_DEG_LNG) };
}

/** A GeoJSON position, [lng, lat]. */
export function toPosition(p: XY): [number, number] {
  const { lat, lng } = toLatLng(p);
  return [lng, lat];
}

/** Ray casting; points exactly on the boundary may fall either way (callers keep a margin). */
export function insidePolygon(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Distance from p to the nearest edge of the ring, metres. */
export function distanceToEdge(p: XY, ring: readonly XY[]): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (!a || !b) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)));
  }
  return best;
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(ring: readonly XY[]): Box {
  const xs = ring.map((p) => p.x);
  const ys = ring.map((p) => p.y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

export function boxesOverlap(a: Box, b: Box, gap = 0): boolean {
  return a.minX < b.maxX + gap && b.minX < a.maxX + gap && a.minY < b.maxY + gap && b.minY < a.maxY + gap;
}
