// Which open tickets a new call may be a further report of: those in the same compound, and those
// close to the point picked on the map. The caller's words decide; this only puts them in view.
import { isOpen } from '../../../../../server/src/pipeline/lifecycle';
import type { TicketDto } from '../../api/types';
import { distanceM, type GeoPoint } from '../../map/pick';
import { byUrgency } from '../tickets/filters';

/** How near a ticket's position must be to the picked point to count as the same place. */
export const NEAR_M = 150;

export interface Place {
  compoundId?: string | undefined;
  point?: GeoPoint | undefined;
}

/** Open tickets at this place, most urgent first; none when the place is unknown. */
export function duplicateCandidates(
  tickets: readonly TicketDto[],
  place: Place,
  nearM = NEAR_M,
): TicketDto[] {
  const { compoundId, point } = place;
  if (compoundId === undefined && point === undefined) return [];
  const here = (t: TicketDto): boolean => {
    if (compoundId !== undefined && t.compoundId === compoundId) return true;
    if (point === undefined || t.lat === undefined || t.lng === undefined) return false;
    return distanceM(point, { lat: t.lat, lng: t.lng }) <= nearM;
  };
  return tickets.filter((t) => isOpen(t.status) && here(t)).sort(byUrgency);
}
