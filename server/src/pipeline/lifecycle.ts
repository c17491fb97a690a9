// The ticket lifecycle as a pure transition table (api.md "Ticket lifecycle"). No I/O.
import { TicketStatusSchema, type TicketEventBody, type TicketEventType } from '../contracts/dto';
import type { TicketEventRecord, TicketRecord, TicketStatus } from '../store/store';
import { callbackTarget, callersOf, newRound, worstCallback } from './callers';

/** For each event: the statuses it may start from, and where it leads (`same` = unchanged). */
export const TRANSITIONS: Record<
  TicketEventType,
  { from: readonly TicketStatus[] | 'any'; to: TicketStatus | 'same' }
> = {
  // Also from en_route and on_site (api.md): a van broke down, or a P1 needs it more.
  dispatch: { from: ['new', 'dispatched', 'accepted', 'en_route', 'on_site'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  decline: { from: ['dispatched'], to: 'new' },
  depart: { from: ['accepted'], to: 'en_route' },
  arrive: { from: ['en_route', 'accepted'], to: 'on_site' },
  resolve: { from: ['on_site'], to: 'resolved' },
  // One callback per caller: the ticket stays resolved until the last caller's closes it.
  callback: { from: ['resolved'], to: 'closed' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'new' },
  cancel: { from: ['new', 'dispatched', 'accepted', 'en_route', 'on_site'], to: 'cancelled' },
  note: { from: 'any', to: 'same' },
};

export const isOpen = (s: TicketStatus) => s !== 'closed' && s !== 'cancelled';
export const OPEN_STATUSES: readonly TicketStatus[] = TicketStatusSchema.options.filter(isOpen);

/** Events the ticket's status allows now (a ticket with callers closes only through callbacks). */
export function allowedEvents(t: TicketRecord): TicketEventType[] {
  return (Object.keys(TRANSITIONS) as TicketEventType[]).filter((e) => {
    const { from } = TRANSITIONS[e];
    if (from !== 'any' && !from.includes(t.status)) return false;
    if (e === 'close' && hasCallers(t)) return false;
    return true;
  });
}

const hasCallers = (t: TicketRecord): boolean => t.reporter !== undefined || callersOf(t).length > 0;

/**
 * A refusal: `invalid` when the event is allowed now but its data is wrong (a callback naming no
 * caller, or one that is not a caller: 400); otherwise the status does not allow it (409).
 */
export type LifecycleResult =
  | { ok: true; ticket: TicketRecord; entry: TicketEventRecord }
  | { ok: false; allowed: TicketEventType[]; message: string; invalid?: true };

/** Applies one event; returns the new ticket (a copy) and its timeline entry, or why not. */
export function applyTicketEvent(
  t: TicketRecord,
  ev: TicketEventBody,
  by: string,
  now: number,
): LifecycleResult {
  const allowed = allowedEvents(t);
  if (!allowed.includes(ev.type)) {
    const why =
      ev.type === 'close' && hasCallers(t) && t.status === 'resolved'
        ? 'a ticket with callers closes only through the callback to each of them'
        : `a ${t.status} ticket does not take '${ev.type}'`;
    return { ok: false, allowed, message: `${why}; allowed now: ${allowed.join(', ') || 'none'}` };
  }
  if (ev.type === 'callback') return applyCallback(t, ev, by, now, allowed);
  const { type, ...data } = ev;
  const rule = TRANSITIONS[type];
  const next: TicketRecord = { ...t, updatedAt: now };
  if (rule.to !== 'same') next.status = rule.to;
  switch (ev.type) {
    case 'dispatch':
      next.vanId = ev.vanId;
      next.dispatchedAt = now;
      delete next.acceptedAt;
      delete next.etaS; // the dispatcher sets the new van's (services/dispatch.ts)
      delete next.etaBasis;
      break;
    case 'accept':
      next.acceptedAt = now;
      break;
    case 'decline':
      delete next.vanId;
      delete next.dispatchedAt;
      delete next.etaS;
      delete next.etaBasis;
      break;
    case 'depart':
      break;
    case 'arrive':
      // The response is the first arrival: a van sent again after one was there does not undo it.
      next.arrivedAt ??= now;
      break;
    case 'resolve':
      next.resolvedAt = now;
      if (ev.parts !== undefined) next.parts = ev.parts.map((p) => ({ ...p }));
      if (ev.labourMin !== undefined) next.labourMin = ev.labourMin;
      break;
    case 'close':
      next.closedAt = now;
      break;
    case 'reopen':
      for (const k of [
        'vanId',
        'dispatchedAt',
        'acceptedAt',
        'arrivedAt',
        'resolvedAt',
        'closedAt',
        'callback',
        'etaS',
        'etaBasis',
      ] as const)
        delete next[k];
      if (callersOf(t).length > 0) next.callers = newRound(callersOf(t));
      break;
    case 'cancel':
      next.closedAt = now;
      break;
    case 'note':
      break;
  }
  return { ok: true, ticket: next, entry: { ticketId: t.id, at: now, type, by, data } };
}

type CallbackEvent = Extract<TicketEventBody, { type: 'callback' }>;

/**
 * The callback to one caller (`phone`; may be left out when one caller is left): the ticket stays
 * resolved while others remain; the last closes it with the round's worst satisfaction as
 * `ticket.callback`. A ticket without callers (alarm only) closes on its one callback, as before v1.1.
 */
function applyCallback(
  t: TicketRecord,
  ev: CallbackEvent,
  by: string,
  now: number,
  allowed: TicketEventType[],
): LifecycleResult {
  const callers = callersOf(t);
  const target = callbackTarget(callers, ev.phone);
  if (!target.ok)
    return target.status === 400
      ? { ok: false, allowed, message: target.message, invalid: true }
      : { ok: false, allowed, message: target.message };
  const said =
    ev.note === undefined
      ? { satisfaction: ev.satisfaction }
      : { satisfaction: ev.satisfaction, note: ev.note };
  const next: TicketRecord = { ...t, updatedAt: now };
  const caller = target.caller;
  const remaining = caller ? target.pending.length - 1 : 0;
  if (caller) {
    next.callers = callers.map((c, i) =>
      i === target.index ? { ...c, callback: { ...said, at: now, by } } : c,
    );
  }
  if (remaining === 0) {
    next.status = 'closed';
    next.closedAt = now;
    next.callback = next.callers ? worstCallback(next.callers) : said;
  }
  const data = caller
    ? { ...said, phone: caller.phone, name: caller.name, remaining }
    : { ...said, remaining };
  return { ok: true, ticket: next, entry: { ticketId: t.id, at: now, type: 'callback', by, data } };
}
