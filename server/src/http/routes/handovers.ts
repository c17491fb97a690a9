// /api/handovers (api.md v1.1 "Reports, intake and handover"): the dispatchers' shift handover. Write
// one (dispatcher; admin always passes), read them (dispatcher, viewer), the sheet a handover written
// now would carry (the console's preview), and the sign-off by a dispatcher who is not the author.
import { Router } from 'express';
import { AckHandoverBody, CreateHandoverBody, HandoverListQuery } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import { handoverDto } from '../../services/handovers';
import { audited } from '../audit';
import { allow, currentUser } from '../auth';
import { param } from '../validate';

export function handoversRouter(s: Services): Router {
  const r = Router();
  const readers = allow('dispatcher', 'viewer');
  r.get('/', readers, async (req, res) => {
    const q = parse(HandoverListQuery, req.query, 'query');
    res.json((await s.handovers.list(q)).map(handoverDto));
  });
  r.get('/preview', readers, async (req, res) => {
    const shiftId = typeof req.query.shiftId === 'string' ? req.query.shiftId : undefined;
    res.json(await s.handovers.preview(shiftId));
  });
  r.get('/:id', readers, async (req, res) => {
    res.json(handoverDto(await s.handovers.get(param(req.params, 'id'))));
  });
  r.post('/', allow('dispatcher'), async (req, res) => {
    const body = parse(CreateHandoverBody, req.body);
    const created = await s.handovers.create(body, currentUser(req).username);
    audited(res, 'handover.create', 'handover', created.id, {
      ...body,
      open: created.snapshot.counts.open,
      incidents: created.snapshot.counts.activeIncidents,
    });
    res.status(201).json(handoverDto(created));
  });
  r.post('/:id/ack', allow('dispatcher'), async (req, res) => {
    const id = param(req.params, 'id');
    const body = parse(AckHandoverBody, req.body ?? {});
    const signed = await s.handovers.ack(id, body, currentUser(req).username);
    audited(res, 'handover.ack', 'handover', id, body);
    res.json(handoverDto(signed));
  });
  return r;
}
