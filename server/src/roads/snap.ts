// Snapping a point onto the road graph, and finding the segments near a closure: a static kd-tree
// (kdbush) over segment midpoints in the graph's flat metres. A segment reaches at most half its length
// from its midpoint, so "segments within r of p" are among "midpoints within r + maxHalfLen of p";
// each is then measured exactly. Pure.
import KDBush from 'kdbush';
import { toX, toY, type RoadGraph } from './graph';
import type { LatLng } from './types';

/** A point's nearest position on a road segment. */
export interface Snap {
  seg: number;
  /** Where along the segment, 0 at its A end, 1 at its B end. */
  t: number;
  /** The snapped position. */
  lat: number;
  lng: number;
  /** From the point to the road, metres. */
  offM: number;
}

/** Farthest a point may be from every road and still be snapped, metres. */
export const MAX_SNAP_M = 2000;

export class SegmentIndex {
  private readonly tree: KDBush | undefined;

  constructor(private readonly g: RoadGraph) {
    if (g.segCount === 0) return;
    const tree = new KDBush(g.segCount, 16, Float64Array);
    for (let s = 0; s < g.segCount; s++) {
      const a = g.segA[s]!;
      const b = g.segB[s]!;
      tree.add((g.vx[a]! + g.vx[b]!) / 2, (g.vy[a]! + g.vy[b]!) / 2);
    }
    this.tree = tree.finish();
  }

  /** Segments whose midpoint lies in the box (flat metres) grown by the longest half segment. */
  near(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (!this.tree) return [];
    const r = this.g.maxHalfLenM;
    return this.tree.range(minX - r, minY - r, maxX + r, maxY + r);
  }

  /** The nearest position on a segment for which `usable(seg)` holds; undefined beyond MAX_SNAP_M. */
  snap(p: LatLng, usable: (seg: number) => boolean): Snap | undefined {
    if (!this.tree) return undefined;
    const g = this.g;
    const px = toX(g.proj, p.lng);
    const py = toY(g.proj, p.lat);
    for (let r = 50; ; r *= 4) {
      const radius = Math.min(r, MAX_SNAP_M);
      let best: { seg: number; t: number; d: number } | undefined;
      for (const s of this.tree.within(px, py, radius + g.maxHalfLenM)) {
        if (!usable(s)) continue;
        const { t, d } = onSegment(g, s, px, py);
        if (!best || d < best.d || (d === best.d && s < best.seg)) best = { seg: s, t, d };
      }
      if (best && best.d <= radius) {
        const a = g.segA[best.seg]!;
        const b = g.segB[best.seg]!;
        return {
          seg: best.seg,
          t: best.t,
          lat: g.vlat[a]! + (g.vlat[b]! - g.vlat[a]!) * best.t,
          lng: g.vlng[a]! + (g.vlng[b]! - g.vlng[a]!) * best.t,
          offM: best.d,
        };
      }
      if (radius >= MAX_SNAP_M) return undefined;
    }
  }
}

/** Where the foot of (px, py) falls on segment s (t in [0, 1]) and how far it is, metres. */
export function onSegment(g: RoadGraph, s: number, px: number, py: number): { t: number; d: number } {
  const a = g.segA[s]!;
  const b = g.segB[s]!;
  const ax = g.vx[a]!;
  const ay = g.vy[a]!;
  const dx = g.vx[b]! - ax;
  const dy = g.vy[b]! - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return { t, d: Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) };
}
