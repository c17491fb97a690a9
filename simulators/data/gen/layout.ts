// Lays out one compound of the demo data set: its outline inside its street block, and its devices —
// every registered type with a `demo` placement (devices/lib/types.ts DemoPlacement), spread inside
// and named after the type's Chinese label; the feeding type (distribution boxes) last, each feeding
// the powered devices of one part of the compound (every one fed by exactly one box). Deterministic
// for a given sequence of random numbers.
import { deviceTypes } from '../../../devices/index';
import type { DemoPlacement, DeviceTypeDef } from '../../../devices/lib/types';
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

/** The registered types the demo town has, in registry order (those with a `demo` placement). */
export function placedTypes(): { def: DeviceTypeDef; demo: DemoPlacement }[] {
  return deviceTypes.flatMap((def) => (def.demo ? [{ def, demo: def.demo }] : []));
}

interface Load {
  id: string;
  def: DeviceTypeDef;
  name: string;
  at: XY;
  fed: boolean;
}

/** `工保小区 2号楼道烟雾报警器`: the compound, the number, the place (if any) and the type's label. */
function deviceName(compound: string, n: number, def: DeviceTypeDef, demo: DemoPlacement): string {
  const place = demo.places?.length ? (demo.places[(n - 1) % demo.places.length]?.zh ?? '') : '';
  return `${compound} ${n}号${place}${def.label.zh}`;
}

/**
 * The compound's devices of every placed type: first those that feed (the boxes, each with `feeds`),
 * then the others in registry order. Each type draws its count, then its spots; the feeding type
 * comes last in the draws, one device per contiguous part of the fed ones.
 */
export function layDevices(c: LaidCompound, rnd: Random, taken: XY[]): DemoDevice[] {
  const { id, name } = c.spec;
  const types = placedTypes();
  const feeders = types.filter((t) => t.demo.power === 'feeds');
  if (feeders.length > 1) throw new Error(`the demo town has one feeding type, not ${feeders.length}`);
  const loads: Load[] = [];
  for (const { def, demo } of types) {
    if (demo.power === 'feeds') continue;
    const count = intBetween(rnd, ...demo.perCompound);
    for (let n = 1; n <= count; n++)
      loads.push({
        id: `${demo.prefix}-${id}-${n}`,
        def,
        name: deviceName(name, n, def, demo),
        at: spotInside(c, rnd, taken),
        fed: demo.power === 'fed',
      });
  }
  const feeder = feeders[0];
  const fed = loads.filter((l) => l.fed);
  const boxes = feeder && fed.length > 0 ? layFeeders(c, rnd, taken, feeder, fed) : [];
  return [
    ...boxes,
    ...loads.map((l): DemoDevice => ({
      id: l.id,
      type: l.def.type,
      name: l.name,
      compoundId: id,
      ...toLatLng(l.at),
    })),
  ];
}

/** Loads a feeding device powers, about: the count is one per this many, within its perCompound. */
const LOADS_PER_FEEDER = 6;

/** Splits the fed devices along the compound's longer side into contiguous groups, one feeder per group. */
function layFeeders(
  c: LaidCompound,
  rnd: Random,
  taken: XY[],
  { def, demo }: { def: DeviceTypeDef; demo: DemoPlacement },
  fed: readonly Load[],
): DemoDevice[] {
  const { id, name } = c.spec;
  const [min, max] = demo.perCompound;
  const count = Math.min(max, Math.max(min, Math.ceil(fed.length / LOADS_PER_FEEDER)));
  const b = boundsOf(c.ring);
  const along = b.maxX - b.minX >= b.maxY - b.minY ? (p: XY) => p.x : (p: XY) => p.y;
  const sorted = [...fed].sort((p, q) => along(p.at) - along(q.at) || p.id.localeCompare(q.id));
  const order = new Map(fed.map((l, i) => [l.id, i]));
  const out: DemoDevice[] = [];
  for (let k = 0; k < count; k++) {
    const group = sorted.slice(
      Math.round((k * sorted.length) / count),
      Math.round(((k + 1) * sorted.length) / count),
    );
    const mid = {
      x: group.reduce((s, l) => s + l.at.x, 0) / group.length,
      y: group.reduce((s, l) => s + l.at.y, 0) / group.length,
    };
    const at = toLatLng(spotInside(c, rnd, taken, mid));
    const ratings = demo.ratingsA ?? [];
    const rating = ratings.length > 0 ? ratings[Math.floor(rnd() * ratings.length)] : undefined;
    out.push({
      id: `${demo.prefix}-${id}-${k + 1}`,
      type: def.type,
      name: deviceName(name, k + 1, def, demo),
      compoundId: id,
      ...at,
      ...(rating !== undefined && { rating_a: rating }),
      feeds: group.sort((p, q) => (order.get(p.id) ?? 0) - (order.get(q.id) ?? 0)).map((l) => l.id),
    });
  }
  return out;
}
