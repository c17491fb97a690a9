// /api/alarms — list (any role), acknowledge one or several at once (dispatcher).
import { Router } from 'express';
import { AckAlarmsBody, AlarmQuery } from '../../contracts/dto';
import { alarmDto } from '../../mappers';
import type { Services } from '../../services';
import { allow, ANY_ROLE, currentUser } from '../auth';
import { parse } from '../../contracts/parse';
import { param } from '../validate';
import { audited } from '../audit';

export function alarmsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), async (req, res) => {
    const { before, ...q } = parse(AlarmQuery, req.query, 'query');
    res.json((await s.alarms.list(q, before)).map(alarmDto));
  });
  r.post('/ack', allow('dispatcher'), async (req, res) => {
    const { ids } = parse(AckAlarmsBody, req.body);
    const alarms = await s.alarms.ackMany(ids, currentUser(req).username);
    audited(res, 'alarm.ack_many', 'alarm', undefined, { ids });
    res.json(alarms.map(alarmDto));
  });
  r.post('/:id/ack', allow('dispatcher'), async (req, res) => {
    const alarm = await s.alarms.ack(param(req.params, 'id'), currentUser(req).username);
    audited(res, 'alarm.ack', 'alarm', alarm.id);
    res.json(alarmDto(alarm));
  });
  return r;
}
