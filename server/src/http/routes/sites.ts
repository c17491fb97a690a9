// /api/sites — red sail stations and the depot (beyond api.md): list (any role), create (admin).
import { Router } from 'express';
import { CreateSiteBody } from '../../contracts/dto';
import { siteDto } from '../../mappers';
import type { Services } from '../../services';
import { allow, ANY_ROLE } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';

export function sitesRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), async (_req, res) => {
    res.json((await s.sites.list()).map(siteDto));
  });
  r.post('/', allow('admin'), async (req, res) => {
    const body = parse(CreateSiteBody, req.body);
    const site = await s.sites.create(body);
    audited(res, 'site.create', 'site', site.id, body);
    res.status(201).json(siteDto(site));
  });
  return r;
}
