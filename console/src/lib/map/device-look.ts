// How a device looks on the dispatcher's map: decided by the worst of its active alarms, so a
// critical leakage never reads like a door left open. Each look differs in colour AND shape/size
// (colour-blind safe): critical a large red disc with a thick dark outline (and a pulsing ring,
// drawn by DevicesLayer), major an orange diamond, minor an amber triangle, warning a yellow disc
// with a dark edge, offline a hollow grey ring, ok a small green dot. Pure: no Leaflet, no DOM.
import type { AlarmDto, DeviceDto } from '../api/types';

/** Best to worst: the rank of a look is its index; clusters show the worst look inside. */
export const LOOKS = ['ok', 'warning', 'offline', 'minor', 'major', 'critical'] as const;
export type Look = (typeof LOOKS)[number];

export type Shape = 'circle' | 'diamond' | 'triangle';

export interface LookStyle {
  shape: Shape;
  /** Radius in CSS pixels (the shape's circumscribed circle). */
  r: number;
  /** Fill colour; `hollow` draws the ground colour inside the edge instead. */
  fill: string;
  stroke: string;
  strokeWidth: number;
  hollow?: boolean;
  /** Whether a ring pulses around it (a still ring with prefers-reduced-motion). */
  pulse?: boolean;
  /** The count's colour on a cluster of this look (dark on light fills). */
  text: string;
}

export const LOOK_STYLE: Record<Look, LookStyle> = {
  critical: {
    shape: 'circle',
    r: 9,
    fill: '#c62828',
    stroke: '#3b0808',
    strokeWidth: 3,
    pulse: true,
    text: '#ffffff',
  },
  major: { shape: 'diamond', r: 9, fill: '#e0701f', stroke: '#4a2205', strokeWidth: 2, text: '#ffffff' },
  minor: { shape: 'triangle', r: 10, fill: '#e8b321', stroke: '#4d3800', strokeWidth: 1.75, text: '#2b2000' },
  warning: { shape: 'circle', r: 6, fill: '#f5dc3c', stroke: '#4d4300', strokeWidth: 2, text: '#2b2000' },
  offline: {
    shape: 'circle',
    r: 6,
    fill: '#ffffff',
    stroke: '#79818a',
    strokeWidth: 2.5,
    hollow: true,
    text: '#ffffff',
  },
  ok: { shape: 'circle', r: 4.5, fill: '#4e9a6a', stroke: '#ffffff', strokeWidth: 1.5, text: '#ffffff' },
};

/** The colour a cluster of this look is filled with (a hollow look's cluster is solid grey). */
export function clusterFill(look: Look): string {
  const s = LOOK_STYLE[look];
  return s.hollow ? s.stroke : s.fill;
}

export const lookRank = (l: Look): number => LOOKS.indexOf(l);
export const worstLook = (a: Look, b: Look): Look => (lookRank(a) >= lookRank(b) ? a : b);

/** The alarms that decide a look: active ones, without the synthetic `offline` (that is the status). */
const counts = (a: AlarmDto) => a.active && a.rule !== 'offline';

/**
 * A device's look from its status and alarms (any alarms may be passed: only this device's active
 * ones count). The worst alarm-grade severity wins; then offline; then an active warning; else ok.
 */
export function deviceLook(device: Pick<DeviceDto, 'id' | 'status'>, alarms: Iterable<AlarmDto>): Look {
  let worst: Look = 'ok';
  for (const a of alarms) {
    if (a.deviceId !== device.id || !counts(a)) continue;
    worst = worstLook(worst, a.severity);
  }
  if (worst === 'critical' || worst === 'major' || worst === 'minor') return worst;
  if (device.status === 'offline') return 'offline';
  return worst;
}

/** Active alarms per device, so each device's look reads only its own (one pass over the feed). */
export function alarmsByDevice(alarms: Iterable<AlarmDto>): Map<string, AlarmDto[]> {
  const out = new Map<string, AlarmDto[]>();
  for (const a of alarms) {
    if (!counts(a)) continue;
    const list = out.get(a.deviceId);
    if (list) list.push(a);
    else out.set(a.deviceId, [a]);
  }
  return out;
}

/** The outline of a shape as an SVG path (the legend draws the same geometry as the canvas). */
export function shapePath(shape: Shape, x: number, y: number, r: number): string {
  const f = (n: number) => Number(n.toFixed(2));
  if (shape === 'diamond')
    return `M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y)}L${f(x)} ${f(y + r)}L${f(x - r)} ${f(y)}Z`;
  if (shape === 'triangle') {
    const [a, b, c] = trianglePoints(x, y, r);
    return `M${f(a[0])} ${f(a[1])}L${f(b[0])} ${f(b[1])}L${f(c[0])} ${f(c[1])}Z`;
  }
  return `M${f(x - r)} ${f(y)}A${f(r)} ${f(r)} 0 1 0 ${f(x + r)} ${f(y)}A${f(r)} ${f(r)} 0 1 0 ${f(x - r)} ${f(y)}Z`;
}

type Point = [number, number];

/** An upward triangle in the circle of radius r, its centroid a little low so it sits on the point. */
export function trianglePoints(x: number, y: number, r: number): [Point, Point, Point] {
  const h = r * 0.5;
  const w = r * 0.866;
  return [
    [x, y - r],
    [x + w, y + h],
    [x - w, y + h],
  ];
}
