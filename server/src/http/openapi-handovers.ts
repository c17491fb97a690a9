// The OpenAPI operations of the shift handover (api.md v1.1 "Reports, intake and handover").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const handoverOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/handovers': {
    get: {
      summary:
        'Shift handovers, newest first; `before` (an id) pages on, `pending=true` only those not signed off',
      roles: 'dispatcher, viewer',
      query: dto.HandoverListQuery,
      ok: { status: 200, schema: z.array(dto.HandoverDto) },
    },
    post: {
      summary:
        'Hand the shift over: the note, and the sheet the server takes now (open tickets, active incidents, vans, the ending and next shift); it never changes after',
      roles: 'dispatcher',
      body: dto.CreateHandoverBody,
      ok: { status: 201, schema: dto.HandoverDto },
    },
  },
  '/api/handovers/preview': {
    get: {
      summary: 'The sheet a handover written now would carry (optional `shiftId`); nothing is stored',
      roles: 'dispatcher, viewer',
      query: z.object({ shiftId: z.string().optional() }),
      ok: { status: 200, schema: dto.HandoverSnapshotDto },
    },
  },
  '/api/handovers/{id}': {
    get: {
      summary: 'One handover with its frozen sheet (404 when unknown)',
      roles: 'dispatcher, viewer',
      ok: { status: 200, schema: dto.HandoverDto },
    },
  },
  '/api/handovers/{id}/ack': {
    post: {
      summary:
        'Sign the handover off (接班) with an optional note: a dispatcher who is not its author (403 for the author); 409 already_acked when it was signed already (nothing changes)',
      roles: 'dispatcher',
      body: dto.AckHandoverBody,
      conflict: true,
      ok: { status: 200, schema: dto.HandoverDto },
    },
  },
};
