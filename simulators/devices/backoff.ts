// Reconnect delays: exponential backoff with jitter, so a fleet that lost its broker does not
// come back all at once.

export interface BackoffOptions {
  /** First delay, real ms. */
  baseMs: number;
  /** Ceiling of the exponential part, real ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/** Delay before reconnect attempt `attempt` (0-based): half fixed, half random ("equal jitter"). */
export function backoffMs(attempt: number, rand: () => number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (rand() * ceiling) / 2);
}
