// Idempotency keys (api.md "Field work and notifications (v1.1)"): claimed, answered and released in
// the store, so every node of a cluster sees the same keys; kept 24 h, purged by the housekeeping.
import type { Clock } from '../clock';
import type { IdempotencyClaim, IdempotencyStore, IdempotentResponse } from '../store/store';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/**
 * A key claimed this long ago and still without an answer was left by a request whose server died
 * (no request takes this long): a retry takes it over instead of waiting 24 h on a 409.
 */
export const IDEMPOTENCY_ABANDONED_MS = 5 * 60_000;

export class IdempotencyService {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** Takes (user, key) for a request with this fingerprint, or returns who holds it. */
  claim(username: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const now = this.clock.now();
    return this.store.claimIdempotencyKey({
      username,
      key,
      fingerprint,
      createdAt: now,
      expiresAt: now + IDEMPOTENCY_TTL_MS,
      abandonedBefore: now - IDEMPOTENCY_ABANDONED_MS,
    });
  }

  complete(username: string, key: string, response: IdempotentResponse): Promise<void> {
    return this.store.completeIdempotencyKey(username, key, response);
  }

  release(username: string, key: string): Promise<void> {
    return this.store.releaseIdempotencyKey(username, key);
  }

  /** Drops the keys older than 24 h; returns how many. */
  purgeExpired(): Promise<number> {
    return this.store.deleteExpiredIdempotencyKeys(this.clock.now());
  }
}
