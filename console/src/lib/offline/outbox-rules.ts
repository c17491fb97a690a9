// The technician's outbox, as rules without I/O: what an action is, which one goes next, what an
// answer means (sent, try again later, or refused for good), how long to wait before trying again,
// and how the ticket looks with its actions still on the way (api.md "Field work": each action is
// sent once, in order, with the Idempotency-Key made when it was taken).
import type { TicketDto, TicketEventBody } from '../api/types';

export type AttachmentKind = 'before' | 'after' | 'signature';

export interface PartUsed {
  name: string;
  qty: number;
  unitCostYuan?: number;
}

/** A technician's ticket event; resolve may carry the parts used and the labour (api.md v1.1). */
export type TechEventBody =
  | Exclude<TicketEventBody, { type: 'resolve' }>
  | (Extract<TicketEventBody, { type: 'resolve' }> & { parts?: PartUsed[]; labourMin?: number });

export type OutboxAction =
  | { kind: 'event'; ticketId: string; body: TechEventBody }
  | { kind: 'attachment'; ticketId: string; attachment: AttachmentKind; file: Blob; fileName: string };

export interface OutboxFailure {
  status: number;
  code: string;
  message: string;
}

export interface OutboxItem {
  /** Order of taking (IndexedDB key, increasing). */
  seq: number;
  /** The Idempotency-Key, made when the action was taken. */
  key: string;
  /** When it was taken (ms). */
  at: number;
  action: OutboxAction;
  /** Refused by the server for good: shown to the technician, never retried. */
  failed?: OutboxFailure;
}

/** What one attempt came to: an HTTP status, or no answer at all (`network`). */
export type Attempt =
  { status: number; ticket?: TicketDto; code?: string; message?: string } | { status: 'network' };

export type Verdict = 'sent' | 'retry' | 'failed';

/**
 * 2xx: sent. No answer, 5xx, 401 (log in again, then it goes), 408, 429 and a 409
 * `idempotency_in_progress` (the first send is still being handled, or was left by a server that died):
 * try again later. Any other 4xx is the server's answer for good (the ticket moved on, the input is
 * refused).
 */
export function verdict(a: Attempt): Verdict {
  if (a.status === 'network') return 'retry';
  if (a.status >= 200 && a.status < 300) return 'sent';
  if (a.status >= 500 || a.status === 401 || a.status === 408 || a.status === 429) return 'retry';
  if (a.status === 409 && a.code === 'idempotency_in_progress') return 'retry';
  if (a.status >= 400) return 'failed';
  return 'retry'; // 1xx/3xx never reach fetch's caller; treat as no answer
}

/** The next item to send: the oldest not refused for good (refused ones stay only to be shown). */
export function nextToSend(items: readonly OutboxItem[]): OutboxItem | undefined {
  let next: OutboxItem | undefined;
  for (const it of items) if (!it.failed && (!next || it.seq < next.seq)) next = it;
  return next;
}

/** Items in the order they were taken. */
export const inOrder = (items: readonly OutboxItem[]): OutboxItem[] =>
  [...items].sort((a, b) => a.seq - b.seq);

const BACKOFF_MS = [2000, 4000, 8000, 15_000, 30_000];

/** How long to wait after the `n`-th failed attempt in a row (0-based) before the next. */
export function retryDelay(n: number): number {
  return BACKOFF_MS[Math.min(Math.max(0, n), BACKOFF_MS.length - 1)] ?? 30_000;
}

const STEP_STATUS: Partial<Record<TechEventBody['type'], TicketDto['status']>> = {
  accept: 'accepted',
  depart: 'en_route',
  arrive: 'on_site',
  resolve: 'resolved',
  decline: 'new',
};

/**
 * The ticket as it will be once its queued steps arrive (status only; notes and photos change no
 * status), and whether anything of it is still on the way.
 */
export function project(
  ticket: TicketDto,
  items: readonly OutboxItem[],
): { ticket: TicketDto; pending: boolean } {
  let status = ticket.status;
  let pending = false;
  for (const it of inOrder(items)) {
    if (it.failed || it.action.ticketId !== ticket.id) continue;
    pending = true;
    if (it.action.kind === 'event') status = STEP_STATUS[it.action.body.type] ?? status;
  }
  return { ticket: status === ticket.status ? ticket : { ...ticket, status }, pending };
}
