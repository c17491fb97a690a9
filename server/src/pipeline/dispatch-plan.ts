// Dispatch decisions over the whole queue (api.md "Ticket lifecycle", van rules): which waiting ticket
// goes to which idle van, whether a van may take a ticket, when a van has arrived, and which ticket
// changes call for a new dispatch pass. Pure: positions, the queue and what was declined are inputs.
import { conflict, invalid } from '../errors';
import type { TicketRecord, TicketStatus } from '../store/store';
import { compareQueue, isQueued, VanIndex, type VanPoint } from './dispatch';
import { haversineM } from './geo';

/** Statuses in which a ticket holds its van. */
export const VAN_BUSY_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>([
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
]);

export interface LatLng {
  lat: number;
  lng: number;
}

export interface DispatchInput {
  /** Vans free to take a ticket now, where they are. */
  idle: readonly VanPoint[];
  /** Open tickets; only the queued (`new`) ones are considered. */
  tickets: Iterable<TicketRecord>;
  /** Where a ticket's van should drive; undefined: nowhere known, a dispatcher decides. */
  locate(t: TicketRecord): LatLng | undefined;
  /** Vans that declined this ticket: not offered it again automatically. */
  declined(ticketId: string): ReadonlySet<string> | undefined;
  /**
   * The van of `vans` with the shortest road time to `at` (ties: the shorter straight line), or
   * undefined when there is no road network or no road joins any: then the straight line decides.
   */
  fastest?(vans: readonly VanPoint[], at: LatLng): { id: string; etaS: number } | undefined;
}

export interface Assignment {
  ticket: TicketRecord;
  vanId: string;
  /** Road time from the van, seconds, when the roads decided. */
  etaS?: number;
  /** Straight-line distance from the van, metres, when the straight line decided. */
  distanceM?: number;
}

/**
 * Each waiting ticket in queue order (P1 first, then the oldest) takes the idle van it has not
 * declined with the shortest road time (the nearest in a straight line without roads); a van takes one
 * ticket. Tickets with no location, or no van left for them, wait.
 */
export function planDispatch(input: DispatchInput): Assignment[] {
  if (input.idle.length === 0) return [];
  const waiting: TicketRecord[] = [];
  for (const t of input.tickets) if (isQueued(t)) waiting.push(t);
  if (waiting.length === 0) return [];
  waiting.sort(compareQueue);
  const index = new VanIndex(input.idle);
  const taken = new Set<string>();
  const out: Assignment[] = [];
  for (const ticket of waiting) {
    if (taken.size === input.idle.length) break;
    const at = input.locate(ticket);
    if (!at) continue;
    const declined = input.declined(ticket.id);
    const free = (id: string) => !taken.has(id) && !declined?.has(id);
    const byRoad = input.fastest?.(
      input.idle.filter((v) => free(v.id)),
      at,
    );
    if (byRoad) {
      taken.add(byRoad.id);
      out.push({ ticket, vanId: byRoad.id, etaS: byRoad.etaS });
      continue;
    }
    const [best] = index.nearest(at.lat, at.lng, { limit: 1, filter: free });
    if (!best) continue;
    taken.add(best.id);
    out.push({ ticket, vanId: best.id, distanceM: best.distanceM });
  }
  return out;
}

/**
 * Throws unless `vanId` names a van that is free for this ticket (or already holds it), or `preempt`
 * says to pull it off the ticket it holds: that ticket is answered, to go back to the queue.
 */
export function checkDispatch(
  ticket: TicketRecord,
  vanId: string,
  vanExists: boolean,
  holding?: TicketRecord,
  preempt = false,
): TicketRecord | undefined {
  if (!vanExists) throw invalid(`there is no van '${vanId}'`);
  if (!holding || holding.id === ticket.id) return undefined;
  if (preempt) return holding;
  throw conflict(
    `van ${vanId} is working on ticket ${holding.id} (${holding.priority}, ${holding.status}): choose another van, or dispatch with "preempt": true to pull it off — ${holding.id} then goes back to the queue`,
    'van_busy',
    { vanId, holding: { id: holding.id, priority: holding.priority, status: holding.status } },
  );
}

/** A van on its way (accepted or en route) that comes within `radiusM` of its ticket has arrived. */
export function hasArrived(
  ticket: TicketRecord,
  van: LatLng,
  at: LatLng | undefined,
  radiusM: number,
): boolean {
  if (ticket.status !== 'accepted' && ticket.status !== 'en_route') return false;
  return at !== undefined && haversineM(van.lat, van.lng, at.lat, at.lng) <= radiusM;
}

/** A change after which the queue may move: a ticket (re)entered it, or a van was freed. */
export function needsDispatchPass(prev: TicketRecord | undefined, next: TicketRecord): boolean {
  if (next.status === 'new' && prev?.status !== 'new') return true;
  return (
    prev?.vanId !== undefined &&
    VAN_BUSY_STATUSES.has(prev.status) &&
    (!VAN_BUSY_STATUSES.has(next.status) || next.vanId !== prev.vanId)
  );
}

/** The vans whose shown status a ticket change may have changed (the one it left, the one it took). */
export function vansTouched(prev: TicketRecord | undefined, next: TicketRecord): string[] {
  if (prev?.vanId === next.vanId && prev?.status === next.status) return [];
  const out: string[] = [];
  if (prev?.vanId) out.push(prev.vanId);
  if (next.vanId && next.vanId !== prev?.vanId) out.push(next.vanId);
  return out;
}
