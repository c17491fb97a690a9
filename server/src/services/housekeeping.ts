// Housekeeping, every 10 minutes: expired logins and idempotency keys removed, telemetry retention
// (raw points folded into rollups, old rollups dropped). In a cluster only the timekeeper does it.
import type { Config } from '../config/config';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { IdempotencyService } from './idempotency';
import type { UserService } from './users';

export interface HousekeepingDeps {
  config: Pick<Config, 'TELEMETRY_RAW_HOURS' | 'TELEMETRY_ROLLUP_DAYS' | 'TELEMETRY_BUCKET_MIN'>;
  store: Pick<Store, 'compactTelemetry'>;
  queue: Pick<WriteQueue, 'flush'>;
  users: Pick<UserService, 'purgeExpiredSessions'>;
  idempotency: Pick<IdempotencyService, 'purgeExpired'>;
  clock: Clock;
  log: Logger;
  /** In a cluster: true while this node holds the timekeeper's lease. */
  leads?: () => boolean;
}

export function housekeeping(d: HousekeepingDeps): () => Promise<void> {
  return async () => {
    // In a cluster, housekeeping is the timekeeper's (folding is safe twice over, but done once).
    if (d.leads && !d.leads()) return;
    const purged = await d.users.purgeExpiredSessions();
    if (purged > 0) d.log.info({ purged }, 'expired sessions removed');
    const keys = await d.idempotency.purgeExpired();
    if (keys > 0) d.log.info({ keys }, 'expired idempotency keys removed');
    await d.queue.flush(); // fold what was accepted before now, not only what happened to be committed
    const now = d.clock.now();
    const r = await d.store.compactTelemetry({
      rawBefore: now - d.config.TELEMETRY_RAW_HOURS * 3600_000,
      rollupBefore: now - d.config.TELEMETRY_ROLLUP_DAYS * 86_400_000,
      bucketMs: d.config.TELEMETRY_BUCKET_MIN * 60_000,
    });
    if (r.rolledUp + r.deleted > 0) d.log.info(r, 'telemetry retention applied');
  };
}
