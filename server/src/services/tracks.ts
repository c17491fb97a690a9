// A van's track and stops for replay (api.md "Roads, routes and tracks"): the window of a request
// checked and defaulted (the last hour), the points as the wire has them, the stops found in them.
import { TRACK_MAX_SPAN_DAYS, type StopDto, type TrackPointDto } from '../contracts/dto';
import { invalid } from '../errors';
import { detectStops, type Stop } from '../pipeline/track-stops';
import type { TrackRow } from '../store/track';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** [from, to] in epoch ms from a request's ISO times: default to = now, from = to − 1 h. */
export function trackWindow(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = q.to !== undefined ? Date.parse(q.to) : now;
  const from = q.from !== undefined ? Date.parse(q.from) : to - HOUR_MS;
  if (from > to) throw invalid('`from` must not be after `to`');
  if (to - from > TRACK_MAX_SPAN_DAYS * DAY_MS) {
    throw invalid(`a track window is at most ${TRACK_MAX_SPAN_DAYS} days; ask for a shorter one`);
  }
  return { from, to };
}

export function trackPointDto(r: TrackRow): TrackPointDto {
  return {
    ts: new Date(r.ts).toISOString(),
    lat: r.lat,
    lng: r.lng,
    ...(r.speed_kmh !== undefined && { speed_kmh: r.speed_kmh }),
    ...(r.heading !== undefined && { heading: r.heading }),
  };
}

export function stopDto(s: Stop): StopDto {
  return {
    from: new Date(s.from).toISOString(),
    to: new Date(s.to).toISOString(),
    lat: s.lat,
    lng: s.lng,
    durationS: s.durationS,
    ...(s.startsBefore && { startsBefore: true }),
    ...(s.endsAfter && { endsAfter: true }),
  };
}

export const stopsOf = (rows: readonly TrackRow[]): StopDto[] => detectStops(rows).map(stopDto);
