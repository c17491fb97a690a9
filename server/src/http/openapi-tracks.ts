// The OpenAPI operations of a van's history for replay (api.md v1.1 "Roads, routes and tracks").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const trackOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/vans/{id}/track': {
    get: {
      summary:
        'The van’s positions from–to (default the last hour, at most 7 days), oldest first: raw points, ' +
        'bucket averages before the raw window (TELEMETRY_RAW_HOURS); at most 20 000, thinned evenly ' +
        'and then flagged by the header X-Track-Thinned: true. 404 unknown van',
      roles: 'any',
      query: dto.TrackQuery,
      ok: { status: 200, schema: z.array(dto.TrackPointDto) },
    },
  },
  '/api/vans/{id}/stops': {
    get: {
      summary:
        'Where the van stood (under 3 km/h within 30 m) for 2 minutes or more in the window of its ' +
        'track, oldest first (beyond api.md)',
      roles: 'any',
      query: dto.TrackQuery,
      ok: { status: 200, schema: z.array(dto.StopDto) },
    },
  },
};
