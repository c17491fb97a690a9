// /api/compounds — list with outline and counts (any role), create (admin).
import { Router } from 'express';
import { CreateCompoundBody } from '../../contracts/dto';
import type { Services } from '../../services';
import { allow, ANY_ROLE } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';

export function compoundsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), async (_req, res) => {
    res.json(await s.compounds.list());
  });
  r.post('/', allow('admin'), async (req, res) => {
    const body = parse(CreateCompoundBody, req.body);
    const c = await s.compounds.create(body);
    audited(res, 'compound.create', 'compound', c.id, body);
    s.bus.emit('registered', { what: 'compound', ids: [c.id] });
    res.status(201).json({ ...c, createdAt: new Date(c.createdAt).toISOString() });
  });
  return r;
}
