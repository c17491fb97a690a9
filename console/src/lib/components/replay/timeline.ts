// The replay's clock arithmetic, pure: where the van was at a moment (interpolated between fixes, so
// the marker glides along its trail instead of jumping), the window presets in the site's time, and
// the marks (alarms, tickets, stops) placed on the timeline.
import type { AlarmDto, TicketDto } from '../../api/types';

export interface TrackPoint {
  /** Epoch ms. */
  t: number;
  lat: number;
  lng: number;
  speed?: number;
  heading?: number;
}

export interface Pose {
  lat: number;
  lng: number;
  heading: number;
  speed: number | undefined;
  /** Index of the last fix at or before the moment (-1: before the first). */
  index: number;
}

/** The index of the last point with t ≤ at (-1 when at is before the first). Binary search. */
export function indexAt(points: readonly TrackPoint[], at: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Degrees clockwise from north, from a to b (a flat approximation, fine over a street). */
export function bearing(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dy = b.lat - a.lat;
  const dx = (b.lng - a.lng) * Math.cos((a.lat * Math.PI) / 180);
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** a → b by the short way round, at f ∈ [0, 1]. */
export function lerpAngle(a: number, b: number, f: number): number {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  return (a + d * f + 360) % 360;
}

/**
 * Where the van was at `at`: on the straight line between the fixes around it, in proportion to time;
 * at the first fix before the track, at the last one after it. Undefined for an empty track.
 */
export function poseAt(points: readonly TrackPoint[], at: number): Pose | undefined {
  if (points.length === 0) return undefined;
  const i = indexAt(points, at);
  if (i < 0) return still(points, 0, -1);
  if (i >= points.length - 1) return still(points, points.length - 1, points.length - 1);
  const a = points[i]!;
  const b = points[i + 1]!;
  const f = b.t === a.t ? 1 : (at - a.t) / (b.t - a.t);
  const moving = a.lat !== b.lat || a.lng !== b.lng;
  const ha = a.heading ?? (moving ? bearing(a, b) : 0);
  const hb = b.heading ?? ha;
  return {
    lat: a.lat + (b.lat - a.lat) * f,
    lng: a.lng + (b.lng - a.lng) * f,
    heading: lerpAngle(ha, hb, f),
    speed:
      a.speed === undefined || b.speed === undefined
        ? (a.speed ?? b.speed)
        : a.speed + (b.speed - a.speed) * f,
    index: i,
  };
}

function still(points: readonly TrackPoint[], at: number, index: number): Pose {
  const p = points[at]!;
  const q = points[at === 0 ? 1 : at - 1];
  const heading = p.heading ?? (q ? (at === 0 ? bearing(p, q) : bearing(q, p)) : 0);
  return { lat: p.lat, lng: p.lng, heading, speed: p.speed, index };
}

// ---- the window

export type PresetId = 'lastHour' | 'lastNight' | 'today';
export const PRESETS: readonly PresetId[] = ['lastHour', 'lastNight', 'today'];

/** Minutes east of UTC of `tz` at `at` (e.g. 480 for Asia/Shanghai). */
export function tzOffsetMin(at: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** Epoch ms of a wall-clock time `hh:00` on the site's calendar day of `at`, shifted by `days`. */
export function siteTime(at: number, tz: string, hour: number, days = 0): number {
  const off = tzOffsetMin(at, tz) * 60_000;
  const local = new Date(at + off);
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour);
  return wall - tzOffsetMin(wall - off, tz) * 60_000;
}

/**
 * A preset's window at `now`: the last hour; last night, 20:00 to 06:00 in the site's time (the night
 * that ended this morning, or — before 06:00 — the one still going, up to now); today from 00:00.
 */
export function presetWindow(id: PresetId, now: number, tz: string): { from: number; to: number } {
  switch (id) {
    case 'lastHour':
      return { from: now - 3_600_000, to: now };
    case 'today':
      return { from: siteTime(now, tz, 0), to: now };
    case 'lastNight': {
      const six = siteTime(now, tz, 6);
      return now >= six
        ? { from: siteTime(now, tz, 20, -1), to: six }
        : { from: siteTime(now, tz, 20, -1), to: now };
    }
  }
}

/** `YYYY-MM-DDTHH:mm` in the site's time, for a datetime-local input. */
export function toLocalInput(at: number, tz: string): string {
  return new Date(at + tzOffsetMin(at, tz) * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local input's value (site time) back to epoch ms; undefined when it is not one. */
export function fromLocalInput(v: string, tz: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return undefined;
  const wall = Date.parse(`${v}:00Z`);
  if (Number.isNaN(wall)) return undefined;
  return wall - tzOffsetMin(wall, tz) * 60_000;
}

// ---- marks

export type MarkKind = 'alarm' | 'dispatched' | 'arrived' | 'resolved';

export interface Mark {
  key: string;
  kind: MarkKind;
  t: number;
  alarm?: AlarmDto;
  ticket?: TicketDto;
}

/** The alarms raised and the van's ticket moments (dispatched, arrived, resolved) within [from, to], oldest first. */
export function marksOf(
  alarms: readonly AlarmDto[],
  tickets: readonly TicketDto[],
  from: number,
  to: number,
): Mark[] {
  const marks: Mark[] = [];
  const inside = (t: number) => t >= from && t <= to;
  for (const a of alarms) {
    const t = Date.parse(a.raisedAt);
    if (inside(t)) marks.push({ key: `alarm:${a.id}`, kind: 'alarm', t, alarm: a });
  }
  for (const tk of tickets) {
    const moments: [MarkKind, string | undefined][] = [
      ['dispatched', tk.dispatchedAt],
      ['arrived', tk.arrivedAt],
      ['resolved', tk.resolvedAt],
    ];
    for (const [kind, at] of moments) {
      const t = at === undefined ? NaN : Date.parse(at);
      if (inside(t)) marks.push({ key: `${kind}:${tk.id}`, kind, t, ticket: tk });
    }
  }
  return marks.sort((a, b) => a.t - b.t || a.key.localeCompare(b.key));
}

/** Where `t` falls on a timeline of [from, to], as a fraction clamped to [0, 1]. */
export function fraction(t: number, from: number, to: number): number {
  if (to <= from) return 0;
  return Math.min(1, Math.max(0, (t - from) / (to - from)));
}

export const SPEEDS = [1, 2, 5, 10, 20] as const;
export type Speed = (typeof SPEEDS)[number];
