// /api/tickets — list and read (technicians: their van's only), hotline create, lifecycle events.
import { Router } from 'express';
import { CreateTicketBody, LinkReportBody, TicketEventBody, TicketQuery } from '../../contracts/dto';
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

/** `from`/`to` of the list as the store's created range; from after to is 400. */
function createdRange(from: string | undefined, to: string | undefined): TicketFilter {
  const range: TicketFilter = {};
  if (from !== undefined) range.createdFrom = Date.parse(from);
  if (to !== undefined) range.createdTo = Date.parse(to);
  if (range.createdFrom !== undefined && range.createdTo !== undefined && range.createdFrom > range.createdTo)
    throw new HttpError(400, 'bad_request', 'from must not be after to');
  return range;
}

export function ticketsRouter(s: Services): Router {
  const r = Router();
  const once = idempotent(s.idempotency);
  r.get('/', allow(...ANY_ROLE), async (req, res) => {
    const { before, from, to, ...q } = parse(TicketQuery, req.query, 'query');
    const range = createdRange(from, to);
    const user = currentUser(req);
    if (user.role === 'technician') {
      if (q.vanId && q.vanId !== user.vanId)
        throw new HttpError(403, 'forbidden', 'a technician sees only their own van’s tickets');
      q.vanId = user.vanId ?? '-';
    }
    const list = await s.tickets.list({ ...q, ...range }, before);
    const attachments = await s.attachments.byTicket(list.map((t) => t.id));
    res.json(list.map((t) => ticketDto(t, attachments.get(t.id))));
  });

  r.post('/', allow('dispatcher'), once, async (req, res) => {
    const body = parse(CreateTicketBody, req.body);
    if (body.deviceId && !s.devices.get(body.deviceId))
      throw new HttpError(400, 'bad_request', `device ${body.deviceId} does not exist`);
    const ticket = await s.tickets.createManual(body, currentUser(req));
    audited(res, 'ticket.create', 'ticket', ticket.id, body);
    res.status(201).json(ticketDto(ticket));
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

  r.post('/:id/events', allow('dispatcher', 'technician'), once, async (req, res) => {
    const ev = parse(TicketEventBody, req.body);
    const ticket = await s.tickets.applyEvent(param(req.params, 'id'), ev, currentUser(req));
    audited(res, 'ticket.event', 'ticket', ticket.id, ev);
    res.json(ticketDto(ticket));
  });
  return r;
}
