// The OpenAPI operations of integration API keys (api.md v1.1 "Reports, intake and handover"). The
// Open311 endpoints the keys open (/open311/v2/) follow GeoReport v2 and are described in docs/open311.md.
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const integrationOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/integrations': {
    get: {
      summary: 'The integrations, revoked ones included, oldest first (never their keys)',
      roles: 'admin',
      ok: { status: 200, schema: z.array(dto.IntegrationDto) },
    },
    post: {
      summary:
        'Issue an API key for an outside system filing Open311 requests (docs/open311.md); apiKey is answered only here',
      roles: 'admin',
      body: dto.CreateIntegrationBody,
      ok: { status: 201, schema: dto.CreatedIntegrationDto },
    },
  },
  '/api/integrations/{id}': {
    delete: {
      summary:
        'Revoke an integration: its key is refused at once; revoking it again is 204 too (404 unknown)',
      roles: 'admin',
      ok: { status: 204 },
    },
  },
};
