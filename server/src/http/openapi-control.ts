// The OpenAPI operations of the dispatcher's control: vans to choose from, and bulk acknowledge and cancel.
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const controlOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/tickets/{id}/candidates': {
    get: {
      summary:
        'Vans for a hand dispatch: free ones by ETA first, then busy ones by when they could be here after their job (job, etaAfterJobS, an estimate), offline ones last; `preempt` marks a busy van whose job is less urgent',
      roles: 'dispatcher',
      ok: { status: 200, schema: z.array(dto.CandidateDto) },
    },
  },
  '/api/alarms/ack': {
    post: {
      summary:
        'Acknowledge several alarms at once (at most 500, one commit); an unknown id is 404 and none is acknowledged',
      roles: 'dispatcher',
      body: dto.AckAlarmsBody,
      ok: { status: 200, schema: z.array(dto.AlarmDto) },
    },
  },
  '/api/tickets/cancel': {
    post: {
      summary:
        'Cancel several tickets with one reason (everything one incident explains, say; at most 200): 404 for an unknown one, 409 naming those whose status does not allow cancel, and then none changes',
      roles: 'dispatcher',
      idempotent: true,
      body: dto.CancelTicketsBody,
      conflict: true,
      ok: { status: 200, schema: z.array(dto.TicketDto) },
    },
  },
};
