// Which open tickets a new call may be a further report of. The server says which are THE SAME
// PROBLEM (same category, within 50 m, opened in the last 24 h: GET /api/tickets/duplicates, asked
// with `duplicateQuery`); the open tickets in the same compound or close to the picked point are
// shown below them as the others nearby. The caller's words decide; this only puts them in view.
import { isOpen } from '../../../../../server/src/pipeline/lifecycle';
import type { CompoundDto, TicketDto } from '../../api/types';
import { distanceM, type GeoPoint } from '../../map/pick';
import { ringCentroid } from '../../map/routes';
import type { HotlineDraft } from './form';
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

/** What the server's same-problem check is asked about. */
export interface DuplicateQuery {
  category: string;
  lat: number;
  lng: number;
}

/**
 * The same-problem question for this draft: its category and its point (else its compound's
 * centre); none while either is missing.
 */
export function duplicateQuery(
  d: Pick<HotlineDraft, 'category' | 'point' | 'compoundId'>,
  compounds: readonly Pick<CompoundDto, 'id' | 'outline'>[],
): DuplicateQuery | undefined {
  if (d.category === '') return undefined;
  const ring = d.compoundId
    ? compounds.find((c) => c.id === d.compoundId)?.outline.coordinates[0]
    : undefined;
  const at = d.point ?? (ring && ringCentroid(ring));
  return at && { category: d.category, lat: at.lat, lng: at.lng };
}

/** The query string of GET /api/tickets/duplicates (also the key that tells two questions apart). */
export const duplicateSearch = (q: DuplicateQuery): string =>
  new URLSearchParams({ category: q.category, lat: q.lat.toFixed(6), lng: q.lng.toFixed(6) }).toString();

/** The nearby candidates that are not already offered as the same problem. */
export const otherCandidates = (candidates: readonly TicketDto[], same: readonly string[]): TicketDto[] =>
  candidates.filter((t) => !same.includes(t.id));

/** How long ago a ticket was opened, for "12 分钟前": minutes under an hour, else whole hours. */
export function age(createdAt: string, now: number): { unit: 'now' | 'min' | 'h'; n: number } {
  const min = Math.floor((now - Date.parse(createdAt)) / 60_000);
  if (min < 1) return { unit: 'now', n: 0 };
  if (min < 60) return { unit: 'min', n: min };
  return { unit: 'h', n: Math.floor(min / 60) };
}
