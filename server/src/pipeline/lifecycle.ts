// The ticket lifecycle as a pure transition table (api.md "Ticket lifecycle"). No I/O.
import { TicketStatusSchema, type TicketEventBody, type TicketEventType } from '../contracts/dto';
import type { TicketEventRecord, TicketRecord, TicketStatus } from '../store/store';

/** For each event: the statuses it may start from, and where it leads (`same` = unchanged). */
export const TRANSITIONS: Record<
  TicketEventType,
  { from: readonly TicketStatus[] | 'any'; to: TicketStatus | 'same' }
> = {
  dispatch: { from: ['new', 'dispatched', 'accepted'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  decline: { from: ['dispatched'], to: 'new' },
  depart: { from: ['accepted'], to: 'en_route' },
  arrive: { from: ['en_route', 'accepted'], to: 'on_site' },
  resolve: { from: ['on_site'], to: 'resolved' },
  callback: { from: ['resolved'], to: 'closed' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'new' },
  cancel: { from: ['new', 'dispatched', 'accepted'], to: 'cancelled' },
  note: { from: 'any', to: 'same' },
};

export const isOpen = (s: TicketStatus) => s !== 'closed' && s !== 'cancelled';
export const OPEN_STATUSES: readonly TicketStatus[] = TicketStatusSchema.options.filter(isOpen);

/** Events the ticket's status allows now (a resident ticket closes only through callback). */
export function allowedEvents(t: TicketRecord): TicketEventType[] {
  return (Object.keys(TRANSITIONS) as TicketEventType[]).filter((e) => {
    const { from } = TRANSITIONS[e];
    if (from !== 'any' && !from.includes(t.status)) return false;
    if (e === 'close' && t.reporter) return false;
    return true;
  });
}

export type LifecycleResult =
  | { ok: true; ticket: TicketRecord; entry: TicketEventRecord }
  | { ok: false; allowed: TicketEventType[]; message: string };

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
      ev.type === 'close' && t.reporter && t.status === 'resolved'
        ? 'a ticket with a resident reporter closes only through the callback'
        : `a ${t.status} ticket does not take '${ev.type}'`;
    return { ok: false, allowed, message: `${why}; allowed now: ${allowed.join(', ') || 'none'}` };
  }
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
      next.arrivedAt = now;
      break;
    case 'resolve':
      next.resolvedAt = now;
      if (ev.parts !== undefined) next.parts = ev.parts.map((p) => ({ ...p }));
      if (ev.labourMin !== undefined) next.labourMin = ev.labourMin;
      break;
    case 'callback':
      next.callback =
        ev.note === undefined
          ? { satisfaction: ev.satisfaction }
          : { satisfaction: ev.satisfaction, note: ev.note };
      next.closedAt = now;
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
      break;
    case 'cancel':
      next.closedAt = now;
      break;
    case 'note':
      break;
  }
  return { ok: true, ticket: next, entry: { ticketId: t.id, at: now, type, by, data } };
}
