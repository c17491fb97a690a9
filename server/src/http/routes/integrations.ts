// /api/integrations (api.md v1.1 "Reports, intake and handover"; admin only): the API keys outside
// systems file Open311 requests with (docs/open311.md). The key is answered once, at creation; the
// listing never shows it or its hash. DELETE revokes, idempotently (204 again for a revoked one).
import { Router } from 'express';
import { CreateIntegrationBody, type IntegrationDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import type { IntegrationRecord } from '../../store/store';
import { audited } from '../audit';
import { allow, currentUser } from '../auth';
import { param } from '../validate';

const iso = (ms: number) => new Date(ms).toISOString();

export const integrationDto = (i: IntegrationRecord): IntegrationDto => ({
  id: i.id,
  name: i.name,
  source: i.source,
  createdAt: iso(i.createdAt),
  createdBy: i.createdBy,
  ...(i.revokedAt !== undefined && { revokedAt: iso(i.revokedAt) }),
  ...(i.revokedBy !== undefined && { revokedBy: i.revokedBy }),
  ...(i.lastUsedAt !== undefined && { lastUsedAt: iso(i.lastUsedAt) }),
});

export function integrationsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(), async (_req, res) => {
    res.json((await s.integrations.list()).map(integrationDto));
  });
  r.post('/', allow(), async (req, res) => {
    const body = parse(CreateIntegrationBody, req.body);
    const { integration: i, apiKey } = await s.integrations.create(body, currentUser(req).username);
    audited(res, 'integration.create', 'integration', i.id, body);
    res.status(201).json({ id: i.id, name: i.name, source: i.source, createdAt: iso(i.createdAt), apiKey });
  });
  r.delete('/:id', allow(), async (req, res) => {
    const id = param(req.params, 'id');
    await s.integrations.revoke(id, currentUser(req).username);
    audited(res, 'integration.revoke', 'integration', id);
    res.status(204).end();
  });
  return r;
}
