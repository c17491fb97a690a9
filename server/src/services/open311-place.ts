// Which compound an Open311 request's point lies in: inside the outer ring of its outline and outside
// its holes (even-odd ray casting on [lng, lat]; compounds are a few hundred meters across, so the plane
// is exact enough). The first compound in list order wins when outlines overlap. Pure.
import type { CompoundRecord } from '../store/store';

function inRing(ring: readonly number[][], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [];
    const [xj, yj] = ring[j] ?? [];
    if (xi === undefined || yi === undefined || xj === undefined || yj === undefined) continue;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function compoundAt(
  compounds: readonly Pick<CompoundRecord, 'id' | 'outline'>[],
  lat: number,
  lng: number,
): string | undefined {
  for (const c of compounds) {
    const [outer, ...holes] = c.outline.coordinates;
    if (outer && inRing(outer, lng, lat) && !holes.some((h) => inRing(h, lng, lat))) return c.id;
  }
  return undefined;
}
