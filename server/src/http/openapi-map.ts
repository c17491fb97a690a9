// The OpenAPI operations of the console's map settings and streets (beyond api.md).
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const mapOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/map-config': {
    get: {
      summary: 'The tile provider of the console map (TILE_URL, TILE_CRS, TILE_ATTRIBUTION), set at run time',
      roles: 'any',
      ok: { status: 200, schema: dto.MapConfigDto },
    },
  },
  '/api/roads': {
    get: {
      summary:
        'The streets of ROADS_FILE for the vector base layer (ETag, Cache-Control private, max-age=300); 404 no_roads without one',
      roles: 'any',
      ok: { status: 200, schema: dto.RoadsDto },
    },
  },
};
