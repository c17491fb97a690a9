// Arrival guarded against a mis-tap far from the site: when the phone's own position (or else the
// van's last one) is more than ARRIVAL_GUARD_M from the ticket's place, "已到场" asks first.
// Without a position, or without a place, there is no guard. Pure.
import { haversineM } from '../../../../../server/src/pipeline/geo';
import type { Point } from './route';

export const ARRIVAL_GUARD_M = 300;

/** How far away the technician seems to be, when that is far enough to ask; undefined: no question. */
export function arrivalDistance(
  site: Point | undefined,
  phone: Point | undefined,
  van: Point | undefined,
  limitM = ARRIVAL_GUARD_M,
): number | undefined {
  const here = phone ?? van;
  if (!site || !here) return undefined;
  const m = haversineM(here.lat, here.lng, site.lat, site.lng);
  return m > limitM ? m : undefined;
}
