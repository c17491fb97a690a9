// /api/tickets — list and read (technicians: their van's only), hotline create, duplicates of a call,
// linked reports, lifecycle events.
import { Router } from 'express';
import type { z } from 'zod';
import {
  CancelTicketsBody,
  CreateTicketBody,
  DuplicatesQuery,
  LinkReportBody,
  TicketCountQuery,
  TicketEventBody,
  TicketQuery,
} from '../../contracts/dto';
import { ticketDto } from '../../mappers';
import type { Services } from '../../services';
import { allow, ANY_ROLE, currentUser } from '../auth';
import { notFound } from '../../errors';
import { HttpError } from '../errors';
import { parse } from '../../contracts/parse';
import { param } from '../validate';
import { audited } from '../audit';
import { idempotent } from '../idempotency';
import type { TicketFilter } from '../../store/store';
import type { SessionUser } from '../../services/users';

/**
 * The store's filter of a list or count query: `from`/`to` as the created range (from after to is
 * 400); a technician sees only their own van's tickets.
 */
function listFilter(query: z.infer<typeof TicketCountQuery>, user: SessionUser): TicketFilter {
  const { from, to, ...filter } = query;
  const f: TicketFilter = filter;
  if (from !== undefined) f.createdFrom = Date.parse(from);
  if (to !== undefined) f.createdTo = Date.parse(to);
  if (f.createdFrom !== undefined && f.createdTo !== undefined && f.createdFrom > f.createdTo)
    throw new HttpError(400, 'bad_request', 'from must not be after to');
  if (user.role === 'technician') {
    if (f.vanId && f.vanId !== user.vanId)
      throw new HttpError(403, 'forbidden', 'a technician sees only their own van’s tickets');
    f.vanId = user.vanId ?? '-';
  }
  return f;
}

export function ticketsRouter(s: Services): Router {
  const r = Router();
  const once = idempotent(s.idempotency);
  r.get('/', allow(...ANY_ROLE), async (req, res) => {
    const { before, limit, ...q } = parse(TicketQuery, req.query, 'query');
    const list = await s.tickets.list({ ...listFilter(q, currentUser(req)), limit }, before);
    const attachments = await s.attachments.byTicket(list.map((t) => t.id));
    res.json(list.map((t) => ticketDto(t, attachments.get(t.id))));
  });

  r.get('/count', allow(...ANY_ROLE), async (req, res) => {
    const q = parse(TicketCountQuery, req.query, 'query');
    res.json({ count: await s.tickets.count(listFilter(q, currentUser(req))) });
  });

  r.post('/', allow('dispatcher'), once, async (req, res) => {
    const body = parse(CreateTicketBody, req.body);
    if (body.deviceId && !s.devices.get(body.deviceId))
      throw new HttpError(400, 'bad_request', `device ${body.deviceId} does not exist`);
    const ticket = await s.tickets.createManual(body, currentUser(req));
    audited(res, 'ticket.create', 'ticket', ticket.id, body);
    res.status(201).json(ticketDto(ticket));
  });

  // Before /:id: the open tickets a call about this place and category is the same problem as.
  r.get('/duplicates', allow('dispatcher'), (req, res) => {
    const q = parse(DuplicatesQuery, req.query, 'query');
    const found = s.tickets.duplicatesOf({ ...q, at: s.clock.now() });
    res.json(found.map((d) => ({ ticket: ticketDto(d.ticket), distanceM: d.distanceM })));
  });

  r.get('/:id', allow(...ANY_ROLE), async (req, res) => {
    const found = await s.tickets.detail(param(req.params, 'id'));
    if (!found) throw notFound(`ticket ${param(req.params, 'id')}`);
    const user = currentUser(req);
    if (user.role === 'technician' && found.ticket.vanId !== user.vanId) {
      throw new HttpError(403, 'forbidden', `ticket ${param(req.params, 'id')} is not assigned to your van`);
    }
    const attachments = await s.attachments.byTicket([found.ticket.id]);
    res.json({
      ...ticketDto(found.ticket, attachments.get(found.ticket.id)),
      timeline: found.timeline.map((e) => ({
        at: new Date(e.at).toISOString(),
        type: e.type,
        by: e.by,
        data: e.data,
      })),
    });
  });

  r.get('/:id/candidates', allow('dispatcher'), async (req, res) => {
    const found = await s.tickets.detail(param(req.params, 'id'));
    if (!found) throw notFound(`ticket ${param(req.params, 'id')}`);
    res.json(s.dispatch.candidates(found.ticket));
  });

  r.post('/:id/link', allow('dispatcher'), async (req, res) => {
    const report = parse(LinkReportBody, req.body);
    const ticket = await s.tickets.link(param(req.params, 'id'), report, currentUser(req));
    audited(res, 'ticket.link', 'ticket', ticket.id, report);
    res.json(ticketDto(ticket));
  });

  r.post('/cancel', allow('dispatcher'), once, async (req, res) => {
    const { ids, reason } = parse(CancelTicketsBody, req.body);
    const tickets = await s.tickets.cancelMany(ids, reason, currentUser(req));
    audited(res, 'ticket.cancel_many', 'ticket', undefined, { ids, reason });
    res.json(tickets.map((t) => ticketDto(t)));
  });

  r.post('/:id/events', allow('dispatcher', 'technician'), once, async (req, res) => {
    const ev = parse(TicketEventBody, req.body);
    const ticket = await s.tickets.applyEvent(param(req.params, 'id'), ev, currentUser(req));
    audited(res, 'ticket.event', 'ticket', ticket.id, ev);
    res.json(ticketDto(ticket));
  });
  return r;
}
