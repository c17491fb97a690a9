// The OpenAPI operation of road routes (api.md v1.1 "Roads, routes and tracks").
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const routeOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/route': {
    get: {
      summary:
        'The road route between two points (from=lat,lng&to=lat,lng) from their nearest road positions, avoiding closures; 404 no_route when no road joins them or there is no road network (ROADS_FILE)',
      roles: 'any',
      query: dto.RouteQuery,
      ok: { status: 200, schema: dto.RouteDto },
    },
  },
};
