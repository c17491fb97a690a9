// Lays out one compound of the demo data set: its outline inside its street block, and its devices —
// streetlights and cameras spread inside, and 2–3 distribution boxes, each feeding the lamps and
// cameras of one part of the compound (every load fed by exactly one box). Deterministic for a given
// sequence of random numbers.
import type { DemoDevice } from '../../lib/demo-data';
import { boundsOf, distanceToEdge, insidePolygon, toLatLng, type XY } from './geo';
import { streetX, streetY, type CompoundSpec } from './places';

export type Random = () => number;
const between = (rnd: Random, a: number, b: number): number => a + (b - a) * rnd();
const intBetween = (rnd: Random, a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));

/** Devices keep this far from the outline and from each other, metres. */
const EDGE_M = 6;
const APART_M = 9;
/** Compounds keep this far from the streets of their block, metres. */
const STREET_MARGIN_M = 45;

export interface LaidCompound {
  spec: CompoundSpec;
  /** Outer ring, counter-clockwise, not closed. */
  ring: XY[];
  /** Mean of the ring's vertices (what the server takes as the compound's centre). */
  centre: XY;
}

/** A rectangle 96–180 m a side (80–200 m across once jittered), corners jittered a little, some with one corner cut off. */
export function layOutline(spec: CompoundSpec, rnd: Random): LaidCompound {
  const [col, row] = spec.block;
  const w = between(rnd, 96, 180);
  const h = between(rnd, 96, 180);
  const lo = (s: number, size: number) => s + STREET_MARGIN_M + size / 2;
  const cx = between(rnd, lo(streetX(col), w), streetX(col + 1) - STREET_MARGIN_M - w / 2);
  const cy = between(rnd, lo(streetY(row), h), streetY(row + 1) - STREET_MARGIN_M - h / 2);
  const jitter = () => between(rnd, -8, 8);
  const corner = (sx: number, sy: number): XY => ({
    x: cx + (sx * w) / 2 + jitter(),
    y: cy + (sy * h) / 2 + jitter(),
  });
  let ring = [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)];
  if (rnd() < 0.4) {
    const k = intBetween(rnd, 0, 3);
    const cut = between(rnd, 20, 35);
    const p = ring[k] as XY;
    const toward = (q: XY): XY => {
      const d = Math.hypot(q.x - p.x, q.y - p.y);
      return { x: p.x + ((q.x - p.x) * cut) / d, y: p.y + ((q.y - p.y) * cut) / d };
    };
    const prev = ring[(k + 3) % 4] as XY;
    const next = ring[(k + 1) % 4] as XY;
    ring = [...ring.slice(0, k), toward(prev), toward(next), ...ring.slice(k + 1)];
  }
  const centre = {
    x: ring.reduce((s, p) => s + p.x, 0) / ring.length,
    y: ring.reduce((s, p) => s + p.y, 0) / ring.length,
  };
  return { spec, ring, centre };
}

/** Rejection sampling of a point inside the ring, clear of its edges and of `taken`. */
export function spotInside(c: LaidCompound, rnd: Random, taken: XY[], near?: XY): XY {
  const b = boundsOf(c.ring);
  for (let i = 0; i < 2000; i++) {
    const p =
      near && i < 200
        ? { x: near.x + between(rnd, -20, 20), y: near.y + between(rnd, -20, 20) }
        : { x: between(rnd, b.minX, b.maxX), y: between(rnd, b.minY, b.maxY) };
    if (!insidePolygon(p, c.ring) || distanceToEdge(p, c.ring) < EDGE_M) continue;
    if (taken.some((q) => Math.hypot(q.x - p.x, q.y - p.y) < APART_M)) continue;
    taken.push(p);
    return p;
  }
  throw new Error(`no room left for a device in compound ${c.spec.id}`);
}

interface Load {
  id: string;
  kind: 'streetlight' | 'camera';
  n: number;
  at: XY;
}

/** The compound's boxes (each with `feeds`), then its streetlights, then its cameras. */
export function layDevices(c: LaidCompound, rnd: Random, taken: XY[]): DemoDevice[] {
  const { id, name } = c.spec;
  const loads: Load[] = [];
  const add = (kind: Load['kind'], prefix: string, count: number) => {
    for (let n = 1; n <= count; n++)
      loads.push({ id: `${prefix}-${id}-${n}`, kind, n, at: spotInside(c, rnd, taken) });
  };
  add('streetlight', 'lamp', intBetween(rnd, 6, 10));
  add('camera', 'cam', intBetween(rnd, 3, 5));
  const boxCount = loads.length >= 13 ? 3 : 2;

  // Split the loads along the compound's longer side into contiguous groups, one box per group.
  const b = boundsOf(c.ring);
  const along = b.maxX - b.minX >= b.maxY - b.minY ? (p: XY) => p.x : (p: XY) => p.y;
  const sorted = [...loads].sort((p, q) => along(p.at) - along(q.at) || p.id.localeCompare(q.id));
  const order = new Map(loads.map((l, i) => [l.id, i]));
  const boxes: DemoDevice[] = [];
  for (let k = 0; k < boxCount; k++) {
    const group = sorted.slice(
      Math.round((k * sorted.length) / boxCount),
      Math.round(((k + 1) * sorted.length) / boxCount),
    );
    const mid = {
      x: group.reduce((s, l) => s + l.at.x, 0) / group.length,
      y: group.reduce((s, l) => s + l.at.y, 0) / group.length,
    };
    const boxId = `box-${id}-${k + 1}`;
    boxes.push({
      id: boxId,
      type: 'distribution_box',
      name: `${name} ${k + 1}号配电箱`,
      compoundId: id,
      ...toLatLng(spotInside(c, rnd, taken, mid)),
      rating_a: rnd() < 0.5 ? 63 : 100,
      feeds: group.sort((p, q) => (order.get(p.id) ?? 0) - (order.get(q.id) ?? 0)).map((l) => l.id),
    });
  }
  const label = { streetlight: '路灯', camera: '摄像机' } as const;
  return [
    ...boxes,
    ...loads.map((l): DemoDevice => ({
      id: l.id,
      type: l.kind,
      name: `${name} ${l.n}号${label[l.kind]}`,
      compoundId: id,
      ...toLatLng(l.at),
    })),
  ];
}
