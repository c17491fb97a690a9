// How a road's OSM tags are driven (api.md v1.1 "Roads, routes and tracks"): whether a van may use it
// at all, in which directions, and at what speed. Pure.
import type { RoadTags } from './roads-file';

/** Highway classes that are not driven (people, bicycles, horses). */
const NOT_DRIVEN = new Set(['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'bridleway']);

/** `access` values that keep a van out. */
const NO_ACCESS = new Set(['no', 'private']);

/** km/h by OSM highway class when a road has no usable `maxspeed`. */
export const SPEED_BY_CLASS: Readonly<Record<string, number>> = {
  motorway: 80,
  motorway_link: 60,
  trunk: 70,
  trunk_link: 50,
  primary: 50,
  primary_link: 40,
  secondary: 40,
  secondary_link: 35,
  tertiary: 35,
  tertiary_link: 30,
  unclassified: 30,
  residential: 30,
  service: 15,
  living_street: 15,
};

/** km/h of a road whose class is missing or not in SPEED_BY_CLASS. */
export const UNKNOWN_CLASS_KMH = 25;

const KMH_PER_MPH = 1.609344;

export interface DrivenWays {
  /** Along the line's coordinate order. */
  forward: boolean;
  /** Against it. */
  backward: boolean;
}

/** Whether a van may drive the road at all (access, highway class). */
export function isDriven(tags: RoadTags): boolean {
  if (tags.access !== undefined && NO_ACCESS.has(tags.access.trim().toLowerCase())) return false;
  return !(tags.highway !== undefined && NOT_DRIVEN.has(tags.highway.trim().toLowerCase()));
}

/** The directions a driven road may be taken in: `oneway` yes/true/1 forward only, -1 backward only. */
export function drivenWays(tags: RoadTags): DrivenWays {
  const raw = tags.oneway;
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if (v === 'yes' || v === 'true' || v === '1' || v === true || v === 1) {
    return { forward: true, backward: false };
  }
  if (v === '-1' || v === -1 || v === 'reverse') return { forward: false, backward: true };
  return { forward: true, backward: true };
}

/** `maxspeed` in km/h ("40", 40, "30 mph", "50 km/h"); undefined when absent or not a number. */
export function parseMaxspeed(raw: RoadTags['maxspeed']): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw > 0 && Number.isFinite(raw) ? raw : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?\s*$/i.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!(n > 0)) return undefined;
  return m[2]?.toLowerCase() === 'mph' ? n * KMH_PER_MPH : n;
}

/** The speed a van drives the road at, km/h: its `maxspeed`, else its class's speed. */
export function roadSpeedKmh(tags: RoadTags): number {
  const max = parseMaxspeed(tags.maxspeed);
  if (max !== undefined) return max;
  const cls = tags.highway?.trim().toLowerCase();
  return (cls !== undefined && SPEED_BY_CLASS[cls]) || UNKNOWN_CLASS_KMH;
}
