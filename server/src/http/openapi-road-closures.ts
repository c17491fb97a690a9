// The OpenAPI operations of road closures (api.md v1.1 "Roads, routes and tracks").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const roadClosureOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/road-closures': {
    get: {
      summary: 'The road closures in force, oldest first',
      roles: 'any',
      ok: { status: 200, schema: z.array(dto.RoadClosureDto) },
    },
    post: {
      summary:
        'Close the roads within radiusM of a point or a line until `until` (or until ended): routes and dispatch avoid them; 409 too_many_closures at the limit',
      roles: 'dispatcher',
      body: dto.CreateRoadClosureBody,
      conflict: true,
      ok: { status: 201, schema: dto.RoadClosureDto },
    },
  },
  '/api/road-closures/{id}': {
    delete: {
      summary: 'End a road closure now (404 when it is unknown or has ended)',
      roles: 'dispatcher',
      ok: { status: 204 },
    },
  },
};
