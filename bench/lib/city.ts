// A synthetic city for the map benchmark: Qufu's 22 demo compounds plus generated ones on a grid
// around them (about 7 × 6 km), a given number of devices spread over all of them, and which of
// those devices are faulty, offline or merely chatty. Seeded, pure: the same seed gives the same city.
import type { CompoundDto, CreateDeviceBody } from '../../server/src/contracts/dto';
import type { z } from 'zod';

export type LatLng = [lat: number, lng: number];
export type CompoundSpec = Pick<CompoundDto, 'id' | 'name' | 'outline' | 'address'>;
export type DeviceSpec = z.input<typeof CreateDeviceBody> & {
  id: string;
  type: DeviceType;
  compoundId: string;
};
export type DeviceType = 'distribution_box' | 'streetlight' | 'camera';

/** What the fleet driver does with a device: a fault reading held, goes offline, or normal chatter. */
export type DeviceRole =
  | { kind: 'fault'; id: string; type: DeviceType; reading: Record<string, string | number | boolean> }
  | { kind: 'offline'; id: string }
  | { kind: 'chatter'; id: string; type: DeviceType };

export interface City {
  compounds: CompoundSpec[];
  devices: DeviceSpec[];
  roles: DeviceRole[];
  /** The area vans roam in: [south, west, north, east]. */
  box: [number, number, number, number];
}

export interface CityOptions {
  devices: number;
  seed: number;
  /** Devices holding a fault reading (alarm + ticket each). */
  faults: number;
  /** Devices that report offline. */
  offline: number;
  /** Healthy devices that publish normal telemetry (the device:state stream). */
  chatter: number;
}

const ORIGIN = { lat: 35.597, lng: 116.99 };
const M_LAT = 111_195;
const M_LNG = M_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180);
const HALF_X = 3500;
const HALF_Y = 3000;
const CELL = 400;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const toLatLng = (x: number, y: number): LatLng => [
  round6(ORIGIN.lat + y / M_LAT),
  round6(ORIGIN.lng + x / M_LNG),
];

const PLACES = [
  '杏坛',
  '春秋',
  '鼓楼',
  '静轩',
  '五马祠',
  '古泮池',
  '大成',
  '颜庙',
  '书院',
  '逵泉',
  '舞雩',
  '钟楼',
];
const KINDS = ['小区', '家属院', '新村', '花园'];

/** Fault readings that raise an alarm at once (rules with a 0 s hold), by device type. */
const FAULTS: { type: DeviceType; reading: Record<string, string | number | boolean> }[] = [
  { type: 'camera', reading: { storage: 'fault', recording: false } },
  { type: 'camera', reading: { tamper: true } },
  { type: 'distribution_box', reading: { leakage_ma: 45 } },
  { type: 'distribution_box', reading: { breaker: 'tripped' } },
];

/** mulberry32, as in simulators/lib/random.ts (kept local so the bench lib stays self-contained). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ringBox(ring: [number, number][]): [number, number, number, number] {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lats), Math.min(...lngs), Math.max(...lats), Math.max(...lngs)];
}

function inside([lat, lng]: LatLng, ring: [number, number][]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Generated compounds: one per grid cell that no demo compound touches, a jittered rectangle. */
function generateCompounds(demo: CompoundSpec[], rnd: () => number): CompoundSpec[] {
  const taken = demo.map((c) => ringBox(c.outline.coordinates[0] ?? []));
  const out: CompoundSpec[] = [];
  let n = 0;
  for (let y = -HALF_Y; y + CELL <= HALF_Y; y += CELL) {
    for (let x = -HALF_X; x + CELL <= HALF_X; x += CELL) {
      const [s, w] = toLatLng(x, y);
      const [nn, e] = toLatLng(x + CELL, y + CELL);
      if (taken.some(([ts, tw, tn, te]) => ts < nn && tn > s && tw < e && te > w)) continue;
      const wM = 110 + rnd() * 130;
      const hM = 90 + rnd() * 110;
      const x0 = x + 40 + rnd() * (CELL - 80 - wM);
      const y0 = y + 40 + rnd() * (CELL - 80 - hM);
      const j = () => (rnd() - 0.5) * 12;
      const corners: [number, number][] = [
        [x0 + j(), y0 + j()],
        [x0 + wM + j(), y0 + j()],
        [x0 + wM + j(), y0 + hM + j()],
        [x0 + j(), y0 + hM + j()],
      ];
      const ring = corners.map(([cx, cy]) => {
        const [lat, lng] = toLatLng(cx, cy);
        return [lng, lat] as [number, number];
      });
      ring.push(ring[0]!);
      n++;
      const place = PLACES[Math.floor(rnd() * PLACES.length)]!;
      const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
      out.push({
        id: `bench-c${n}`,
        name: `${place}${kind}${n}区`,
        outline: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return out;
}

function spotIn(c: CompoundSpec, rnd: () => number): LatLng {
  const ring = c.outline.coordinates[0] ?? [];
  const [s, w, n, e] = ringBox(ring);
  for (let i = 0; i < 50; i++) {
    const p: LatLng = [round6(s + (0.1 + 0.8 * rnd()) * (n - s)), round6(w + (0.1 + 0.8 * rnd()) * (e - w))];
    if (inside(p, ring)) return p;
  }
  return [round6((s + n) / 2), round6((w + e) / 2)];
}

export function makeCity(demo: CompoundSpec[], opts: CityOptions): City {
  const rnd = seeded(opts.seed);
  const compounds = [...demo.map((c) => ({ ...c })), ...generateCompounds(demo, rnd)];
  const devices: DeviceSpec[] = [];
  for (let i = 0; i < opts.devices; i++) {
    const c = compounds[i % compounds.length]!;
    const roll = rnd();
    const type: DeviceType = roll < 0.15 ? 'distribution_box' : roll < 0.7 ? 'streetlight' : 'camera';
    const [lat, lng] = spotIn(c, rnd);
    const n = Math.floor(i / compounds.length) + 1;
    devices.push({
      id: `bd-${i}`,
      type,
      name: `${c.name} ${n}号${TYPE_NAME[type]}`,
      compoundId: c.id,
      lat,
      lng,
    });
  }
  // Roles over a shuffled order, so faults land all over the city.
  const order = devices.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(rnd() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  const roles: DeviceRole[] = [];
  let faults = 0;
  let offline = 0;
  let chatter = 0;
  for (const i of order) {
    const d = devices[i]!;
    const fault = FAULTS.filter((f) => f.type === d.type);
    if (faults < opts.faults && fault.length > 0) {
      const f = fault[Math.floor(rnd() * fault.length)]!;
      roles.push({ kind: 'fault', id: d.id, type: d.type, reading: f.reading });
      faults++;
    } else if (offline < opts.offline) {
      roles.push({ kind: 'offline', id: d.id });
      offline++;
    } else if (chatter < opts.chatter) {
      roles.push({ kind: 'chatter', id: d.id, type: d.type });
      chatter++;
    }
    if (faults >= opts.faults && offline >= opts.offline && chatter >= opts.chatter) break;
  }
  const [s, w] = toLatLng(-HALF_X, -HALF_Y);
  const [n, e] = toLatLng(HALF_X, HALF_Y);
  return { compounds, devices, roles, box: [s, w, n, e] };
}

const TYPE_NAME: Record<DeviceType, string> = {
  distribution_box: '配电箱',
  streetlight: '路灯',
  camera: '摄像头',
};

/** A van's next errand: a street-grid-like path (a jog east-west between two north-south legs). */
export function errand(from: LatLng, box: City['box'], rnd: () => number): LatLng[] {
  const [s, w, n, e] = box;
  const to: LatLng = [s + rnd() * (n - s), w + rnd() * (e - w)];
  const m = from[1] + (to[1] - from[1]) * (0.3 + 0.4 * rnd());
  const points: LatLng[] = [from, [from[0], m], [to[0], m], to];
  return points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
}

export { seeded };
