// Wire formats of a van's history beyond api.md's track (TrackQuery and TrackPointDto live in
// roads.ts): its stops, for the console's replay.
import { z } from 'zod';
import { iso } from './common';

/** The longest window one track or stops request may ask for, and the most points one track answers. */
export const TRACK_MAX_SPAN_DAYS = 7;
export const TRACK_MAX_POINTS = 20_000;

export const StopDto = z.object({
  from: iso,
  to: iso,
  lat: z.number(),
  lng: z.number(),
  durationS: z.number().int(),
  /** The stop began at or before the window's first point. */
  startsBefore: z.boolean().optional(),
  /** The van was still standing at the window's last point. */
  endsAfter: z.boolean().optional(),
});
export type StopDto = z.infer<typeof StopDto>;
