// Wires the global admission budget (admission.ts) to the event loop, the store's write backlog, the
// metrics and a rate-limited log.
import type { RateLimitedLog } from '../log';
import type { Metrics } from '../metrics';
import type { WriteQueue } from '../store/write-queue';
import { Admission } from './admission';

/** At or below this many messages a second a connection is quiet (the default per-device limit is 20). */
const QUIET_PER_S = 25;
/** Telemetry rows queued for the store beyond which busy connections wait for it (a group commit of a few ms). */
const MAX_BACKLOG_ROWS = 5_000;

export function createAdmission(
  turnBudget: number,
  deps: { queue: Pick<WriteQueue, 'backlog'>; metrics: Metrics; rlog: RateLimitedLog },
): Admission {
  const admission: Admission = new Admission({
    turnBudget: Math.max(1, Math.floor(turnBudget)),
    quietPerS: QUIET_PER_S,
    maxBacklog: MAX_BACKLOG_ROWS,
    backlog: () => deps.queue.backlog,
    now: () => performance.now(),
    nextTurn: (fn) => void setImmediate(fn),
    later: (fn, ms) => void setTimeout(fn, ms),
    onHeld: () => {
      deps.metrics.held.inc('admission');
      deps.rlog.warn(
        'admission',
        { held: admission.pending, connections: admission.size, turnBudget },
        'server over its admission budget: the busiest connections are read later',
      );
    },
  });
  return admission;
}
