// /api/vans — register (admin; a van is also an MQTT device of type `van`), list (any role).
import { Router } from 'express';
import { CreateVanBody } from '../../contracts/dto';
import type { Services } from '../../services';
import { allow, ANY_ROLE } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';

export function vansRouter(s: Services): Router {
  const r = Router();
  r.post('/', allow('admin'), async (req, res) => {
    const body = parse(CreateVanBody, req.body);
    const { van, secret } = await s.vans.register(body);
    audited(res, 'van.create', 'van', van.rec.id, body);
    s.bus.emit('registered', { what: 'van', ids: [van.rec.id] });
    res
      .status(201)
      .json({ ...s.vans.dto(van), mqtt: { username: van.rec.id, password: secret, clientId: van.rec.id } });
  });
  r.get('/', allow(...ANY_ROLE), (_req, res) => {
    res.json(s.vans.all().map((v) => s.vans.dto(v)));
  });
  return r;
}
