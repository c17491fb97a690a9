// /api/notification-channels (admin): group robots (DingTalk, WeCom, Feishu) and signed webhooks —
// api.md "Field work and notifications (v1.1)", bullet Channels. Secrets are never returned; the
// delivery log is paged newest first, the next page's cursor in the X-Next-Before header.
import { Router } from 'express';
import { CreateChannelBody, DeliveryQuery } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { channelDto, deliveryDto, maskUrl } from '../../notify/channels';
import type { Services } from '../../services';
import { allow, currentUser } from '../auth';
import { audited } from '../audit';
import { param } from '../validate';
import { NEXT_HEADER } from './audit';

export function notificationsRouter(s: Services): Router {
  const r = Router();
  r.use(allow('admin'));
  r.get('/', async (_req, res) => {
    res.json((await s.channels.list()).map(channelDto));
  });
  r.post('/', async (req, res) => {
    const body = parse(CreateChannelBody, req.body);
    const created = await s.channels.create(body, currentUser(req).username);
    audited(res, 'channel.create', 'channel', created.id, { ...body, url: maskUrl(body.url) });
    res.status(201).json(channelDto(created));
  });
  r.delete('/:id', async (req, res) => {
    const id = param(req.params, 'id');
    await s.channels.remove(id);
    audited(res, 'channel.delete', 'channel', id);
    res.status(204).end();
  });
  r.post('/:id/test', async (req, res) => {
    const id = param(req.params, 'id');
    const d = await s.channels.test(id);
    audited(res, 'channel.test', 'channel', id, {
      ok: d.ok,
      ...(d.status !== undefined && { status: d.status }),
    });
    res.json(deliveryDto(d));
  });
  r.get('/:id/deliveries', async (req, res) => {
    const q = parse(DeliveryQuery, req.query, 'query');
    const list = await s.channels.deliveries(param(req.params, 'id'), {
      limit: q.limit,
      ...(q.before !== undefined && { before: q.before }),
    });
    const last = list.at(-1);
    if (last && list.length === q.limit) res.set(NEXT_HEADER, last.id);
    res.set('cache-control', 'no-store');
    res.json(list.map(deliveryDto));
  });
  return r;
}
