// The OpenAPI operations of duplicate reports and callers (api.md v1.1 "Duplicates").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const callerOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/tickets/duplicates': {
    get: {
      summary:
        'The open tickets a new report would duplicate: same category, within 50 m, opened in the last 24 h; nearest first',
      roles: 'dispatcher',
      query: dto.DuplicatesQuery,
      ok: { status: 200, schema: z.array(dto.DuplicateDto) },
    },
  },
  '/api/tickets/{id}/link': {
    post: {
      summary:
        'Join a further report of the same problem to an open ticket; its reporter becomes a caller (the same phone once), called back before the ticket closes',
      roles: 'dispatcher',
      body: dto.LinkReportBody,
      conflict: true,
      ok: { status: 200, schema: dto.TicketDto },
    },
  },
};
