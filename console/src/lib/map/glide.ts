// Van markers glide between GPS fixes instead of jumping once a second: each new fix starts a
// straight glide from where the marker is drawn now to the fix, lasting about as long as the gap
// between this van's fixes, so the marker arrives as the next fix is due. Heading turns the short
// way round. A jump no van could drive, or a first fix, is drawn at once. Pure: time comes in.

export interface Pose {
  lat: number;
  lng: number;
  /** Degrees clockwise from north. */
  heading: number;
}

export interface Glide {
  from: Pose;
  to: Pose;
  /** When the glide started and how long it lasts (ms, same clock as `now`). */
  start: number;
  duration: number;
}

/** Expected gap between two fixes of one van when nothing better is known (vans report at 1 Hz). */
export const FIX_INTERVAL_MS = 1000;
/** Bounds on a glide's duration: faster than this is a jump anyway, slower looks stuck. */
const MIN_GLIDE_MS = 200;
const MAX_GLIDE_MS = 2500;
/** Faster than any van in town (km/h), plus some GPS noise: beyond it the marker jumps. */
const MAX_PLAUSIBLE_KMH = 150;
const GPS_SLACK_M = 60;

const M_PER_DEG = 111_195;

/** Distance in metres (equirectangular: exact enough for a few kilometres). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const x = (b.lng - a.lng) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot(b.lat - a.lat, x) * M_PER_DEG;
}

/** Could a van have driven from a to b in `ms`? */
export function plausibleMove(a: Pose, b: Pose, ms: number): boolean {
  const reach = (MAX_PLAUSIBLE_KMH / 3.6) * (Math.max(ms, FIX_INTERVAL_MS) / 1000) + GPS_SLACK_M;
  return distanceM(a, b) <= reach;
}

/** a → b turning the short way round, t in [0, 1]; the result is in [0, 360). */
export function lerpHeading(a: number, b: number, t: number): number {
  const diff = ((((b - a) % 360) + 540) % 360) - 180;
  return (((a + diff * t) % 360) + 360) % 360;
}

/** Smooth start and stop would make a van that drives on look like it pulses; stay linear. */
export function poseAt(g: Glide, now: number): Pose {
  const t = g.duration <= 0 ? 1 : Math.min(1, Math.max(0, (now - g.start) / g.duration));
  if (t >= 1) return g.to;
  return {
    lat: g.from.lat + (g.to.lat - g.from.lat) * t,
    lng: g.from.lng + (g.to.lng - g.from.lng) * t,
    heading: lerpHeading(g.from.heading, g.to.heading, t),
  };
}

export function done(g: Glide, now: number): boolean {
  return now >= g.start + g.duration;
}

/**
 * The glide for a new fix. `drawn` is where the marker is now (undefined: never drawn), `lastFixAt`
 * when the previous fix arrived, `snap` forces a jump (the page was hidden, the map is zooming).
 */
export function planGlide(
  drawn: Pose | undefined,
  fix: Pose,
  now: number,
  lastFixAt: number | undefined,
  snap = false,
): Glide {
  const gap = lastFixAt === undefined ? FIX_INTERVAL_MS : now - lastFixAt;
  const duration = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, gap));
  if (!drawn || snap || !plausibleMove(drawn, fix, gap))
    return { from: fix, to: fix, start: now, duration: 0 };
  if (drawn.lat === fix.lat && drawn.lng === fix.lng && drawn.heading === fix.heading)
    return { from: fix, to: fix, start: now, duration: 0 };
  return { from: drawn, to: fix, start: now, duration };
}
