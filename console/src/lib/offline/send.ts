// Sends one outbox item: a ticket event (JSON) or an attachment (multipart `kind`, `file`), each with
// its own Idempotency-Key, so a repeat after a lost answer changes nothing (api.md "Field work").
import { ApiError, request } from '../api/client';
import type { TicketDto } from '../api/types';
import type { Attempt, OutboxItem } from './outbox-rules';

/** A request to a server that died with the connection hangs rather than fails: give up after this. */
const SEND_TIMEOUT_MS = 20_000;

export async function sendItem(item: OutboxItem): Promise<Attempt> {
  const { action } = item;
  const path = `/api/tickets/${encodeURIComponent(action.ticketId)}`;
  const headers = { 'idempotency-key': item.key };
  const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
  try {
    if (action.kind === 'event') {
      const ticket = await request<TicketDto>('POST', `${path}/events`, {
        body: action.body,
        headers,
        signal,
      });
      return { status: 200, ticket };
    }
    const form = new FormData();
    form.append('kind', action.attachment);
    form.append('file', action.file, action.fileName);
    await request<unknown>('POST', `${path}/attachments`, { form, headers, signal });
    return { status: 201 };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
    return { status: 'network' }; // fetch's TypeError, a timeout: the request got no answer
  }
}
