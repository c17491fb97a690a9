// Vehicle motion along a polyline: an urban speed profile (cruise 25–35 km/h with seeded jitter,
// braking for turns and for the destination, limited acceleration), the position and heading at any
// distance, and arrival exactly at the last point. Pure: randomness comes in as a function.
import { distM, type LatLng } from './routing';

export interface SpeedProfile {
  /** Cruise speed range; each path draws one cruise speed from it. */
  cruiseKmh: [number, number];
  /** Per-step noise around the cruise speed, ± km/h. */
  jitterKmh: number;
  accelMps2: number;
  decelMps2: number;
  /** Speed when reaching the destination (the van creeps into its spot). */
  endKmh: number;
}

export const URBAN: SpeedProfile = {
  cruiseKmh: [25, 35],
  jitterKmh: 2,
  accelMps2: 1.5,
  decelMps2: 2,
  endKmh: 5,
};

/** Largest integration step, simulated seconds: keeps braking for turns smooth when time runs fast. */
const MAX_STEP_S = 0.5;

interface Corner {
  atM: number;
  mps: number;
}

export interface Path {
  points: LatLng[];
  /** Distance from the start to each point. */
  cumM: number[];
  totalM: number;
  corners: Corner[];
}

export interface Vehicle {
  /** Distance travelled along the path. */
  distM: number;
  speedMps: number;
  cruiseMps: number;
  heading: number;
}

export interface Fix {
  lat: number;
  lng: number;
  speed_kmh: number;
  heading: number;
  remainingM: number;
  arrived: boolean;
}

const RAD = Math.PI / 180;
const kmh = (mps: number) => mps * 3.6;
const mps = (kmh: number) => kmh / 3.6;

/** Initial bearing from a to b: degrees clockwise from north, in [0, 360). */
export function headingDeg(a: LatLng, b: LatLng): number {
  const [la1, lo1, la2, lo2] = [a[0] * RAD, a[1] * RAD, b[0] * RAD, b[1] * RAD];
  const y = Math.sin(lo2 - lo1) * Math.cos(la2);
  const x = Math.cos(la1) * Math.sin(la2) - Math.sin(la1) * Math.cos(la2) * Math.cos(lo2 - lo1);
  const deg = Math.atan2(y, x) / RAD;
  return ((deg % 360) + 360) % 360;
}

/** How far a turn bends, 0 (straight on) to 180 (a U-turn). */
export function turnAngle(inHeading: number, outHeading: number): number {
  const diff = (((outHeading - inHeading) % 360) + 360) % 360;
  return diff > 180 ? 360 - diff : diff;
}

/** Speed through a turn: unchanged below 15°, 21 km/h at 45°, 12 km/h at 90° and sharper. */
export function cornerKmh(angle: number): number {
  return angle < 15 ? Infinity : Math.max(12, 30 - (Math.min(angle, 90) / 90) * 18);
}

export function preparePath(points: LatLng[]): Path {
  const cumM = [0];
  for (let i = 1; i < points.length; i++) cumM.push(cumM[i - 1]! + distM(points[i - 1]!, points[i]!));
  const corners: Corner[] = [];
  for (let i = 1; i + 1 < points.length; i++) {
    const angle = turnAngle(headingDeg(points[i - 1]!, points[i]!), headingDeg(points[i]!, points[i + 1]!));
    const limit = cornerKmh(angle);
    if (limit < Infinity) corners.push({ atM: cumM[i]!, mps: mps(limit) });
  }
  return { points, cumM, totalM: cumM.at(-1) ?? 0, corners };
}

/** Index of the segment that contains distance d (binary search). */
function segmentAt(path: Path, d: number): number {
  let lo = 0;
  let hi = Math.max(0, path.points.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (path.cumM[mid]! <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Position and heading after d metres along the path. */
export function pointAt(path: Path, d: number): { at: LatLng; heading: number | undefined } {
  if (path.points.length === 0) throw new Error('an empty path has no points');
  const i = segmentAt(path, d);
  const a = path.points[i]!;
  const b = path.points[i + 1];
  if (!b) return { at: a, heading: undefined };
  const heading = headingDeg(a, b);
  const len = path.cumM[i + 1]! - path.cumM[i]!;
  const t = len === 0 ? 1 : Math.max(0, (d - path.cumM[i]!) / len);
  if (t >= 1) return { at: b, heading };
  return { at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], heading };
}

/** The fastest speed at distance d from which the van can still brake for every turn ahead and the end. */
export function speedLimitMps(path: Path, d: number, profile: SpeedProfile = URBAN): number {
  const brake = (v: number, gap: number) => Math.sqrt(v * v + 2 * profile.decelMps2 * Math.max(0, gap));
  let limit = brake(mps(profile.endKmh), path.totalM - d);
  for (const c of path.corners) if (c.atM > d) limit = Math.min(limit, brake(c.mps, c.atM - d));
  return limit;
}

/** A vehicle at the start of a path, keeping its current speed and heading. */
export function startVehicle(
  rand: () => number,
  now: { speedMps?: number; heading?: number } = {},
  profile: SpeedProfile = URBAN,
): Vehicle {
  const [lo, hi] = profile.cruiseKmh;
  return {
    distM: 0,
    speedMps: now.speedMps ?? 0,
    cruiseMps: mps(lo + rand() * (hi - lo)),
    heading: now.heading ?? 0,
  };
}

/** Moves the vehicle dtS simulated seconds along the path; it stops exactly at the last point. */
export function advance(
  path: Path,
  v: Vehicle,
  dtS: number,
  rand: () => number,
  profile: SpeedProfile = URBAN,
): { vehicle: Vehicle; fix: Fix } {
  let { distM: d, speedMps: speed } = v;
  const target = v.cruiseMps + mps((rand() * 2 - 1) * profile.jitterKmh);
  for (let left = dtS; left > 0 && d < path.totalM; left -= MAX_STEP_S) {
    const h = Math.min(MAX_STEP_S, left);
    const want = Math.min(target, speedLimitMps(path, d, profile));
    speed = want > speed ? Math.min(want, speed + profile.accelMps2 * h) : want;
    d = Math.min(path.totalM, d + speed * h);
  }
  const arrived = d >= path.totalM;
  if (arrived) speed = 0;
  const { at, heading = v.heading } = pointAt(path, d);
  return {
    vehicle: { ...v, distM: d, speedMps: speed, heading },
    fix: {
      lat: at[0],
      lng: at[1],
      speed_kmh: kmh(speed),
      heading,
      remainingM: path.totalM - d,
      arrived,
    },
  };
}
