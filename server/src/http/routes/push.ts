// /api/push — Web Push (api.md "Field work and notifications", Web Push): the VAPID public key and
// one's own subscriptions (any role). The audit names the push service, not the endpoint or its keys,
// which are the subscription's secrets.
import { Router } from 'express';
import { PushSubscriptionBody, PushUnsubscribeBody, type PushKeyDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import { audited } from '../audit';
import { allow, ANY_ROLE, currentUser } from '../auth';

export function pushRouter(s: Services): Router {
  const r = Router();
  r.use(allow(...ANY_ROLE));
  r.get('/key', (_req, res) => {
    const body: PushKeyDto = { publicKey: s.push.publicKey() };
    res.json(body);
  });
  r.post('/subscriptions', async (req, res) => {
    const body = parse(PushSubscriptionBody, req.body);
    const user = currentUser(req);
    await s.push.subscribe(user.username, body);
    const service = new URL(body.endpoint).origin;
    audited(res, 'push.subscribe', 'push_subscription', user.username, { service });
    res.status(201).json({ endpoint: body.endpoint });
  });
  r.delete('/subscriptions', async (req, res) => {
    const body = parse(PushUnsubscribeBody, req.body);
    const user = currentUser(req);
    await s.push.unsubscribe(user.username, body.endpoint);
    const service = new URL(body.endpoint).origin;
    audited(res, 'push.unsubscribe', 'push_subscription', user.username, { service });
    res.status(204).end();
  });
  return r;
}
