// The I/O edge of notifications: one HTTP attempt with Node's fetch (undici) and a timeout, and the
// pure rules around it — which channels want an event, which failures are retried, the backoff.
import type { ChannelRecord, Priority } from '../store/store';
import type { NotifyEvent } from './message';
import { verdict, type OutgoingRequest } from './providers';

export interface AttemptResult {
  ok: boolean;
  /** HTTP status; absent when nothing answered. */
  status?: number;
  error?: string;
  /** Worth another attempt: a network error, a timeout or a 5xx (never a 4xx or a provider's refusal). */
  retry: boolean;
}

/** The most of an answer's body read (a robot's answer is a few bytes). */
const MAX_ANSWER = 64 * 1024;

export async function attempt(
  type: ChannelRecord['type'],
  req: OutgoingRequest,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = (await res.text()).slice(0, MAX_ANSWER);
    const v = verdict(type, res.status, text);
    return { ...v, status: res.status, retry: res.status >= 500 };
  } catch (err) {
    const timedOut = timeout.aborted;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const error = timedOut
      ? `no answer within ${timeoutMs} ms`
      : (cause?.code ?? cause?.message ?? (err as Error).message);
    return { ok: false, error, retry: !signal?.aborted };
  }
}

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/** At or above the channel's priority (P1 is the highest) and, if it names compounds, in one of them. */
export function wants(ch: ChannelRecord, e: NotifyEvent): boolean {
  if (e.event === 'test') return true;
  const t = e.ticket;
  if (RANK[t.priority] > RANK[ch.minPriority]) return false;
  if (ch.compoundIds === undefined) return true;
  return t.compoundId !== undefined && ch.compoundIds.includes(t.compoundId);
}

/** The wait before attempt `n + 1` after `n` failed (n ≥ 1): base, 2·base, 4·base, … */
export const backoffMs = (baseMs: number, n: number): number => baseMs * 2 ** (n - 1);
