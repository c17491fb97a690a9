// Pulling a busy van off its ticket for another one (api.md "Ticket lifecycle": dispatch is also a
// re-dispatch): the ticket it held goes back to the queue, and its timeline says for which ticket.
import type { TicketRecord } from '../store/store';
import type { TicketChange } from './ticket-decisions';

/** Why a van's technicians lost a ticket they were working on, for the push they get. */
export type Withdrawal = 'redispatched' | 'requeued' | 'cancelled';

/** The timeline entry type of a ticket sent back to the queue because its van was needed elsewhere. */
export const REQUEUED = 'requeued';

/**
 * `held` (the van's current ticket) back in the queue because the van is sent to `forTicket`: no
 * van, not dispatched, not accepted; the first arrival (the response) stays on record.
 */
export function requeueFor(
  held: TicketRecord,
  forTicket: Pick<TicketRecord, 'id' | 'priority'>,
  by: string,
  now: number,
): TicketChange {
  const { vanId, dispatchedAt: _d, acceptedAt: _a, etaS: _e, etaBasis: _b, ...rest } = held;
  const next: TicketRecord = { ...rest, status: 'new', updatedAt: now };
  const data = { reason: 'preempted', vanId, forTicketId: forTicket.id, forPriority: forTicket.priority };
  return { prev: held, next, entry: { ticketId: held.id, at: now, type: REQUEUED, by, data } };
}

const WORKING = new Set(['dispatched', 'accepted', 'en_route', 'on_site']);

/**
 * The van whose technicians lost this ticket by a dispatcher's hand (sent to another van, back to the
 * queue for a more urgent one, or cancelled), and why; undefined when they finished or declined it.
 */
export function withdrawnFrom(
  prev: TicketRecord | undefined,
  next: TicketRecord,
  entryType: string | undefined,
): { vanId: string; why: Withdrawal } | undefined {
  const vanId = prev?.vanId;
  if (vanId === undefined || !WORKING.has(prev?.status ?? '')) return undefined;
  if (next.status === 'cancelled') return { vanId, why: 'cancelled' };
  if (entryType === REQUEUED) return { vanId, why: 'requeued' };
  if (entryType === 'dispatch' && next.vanId !== vanId) return { vanId, why: 'redispatched' };
  return undefined;
}
