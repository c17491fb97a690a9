// While the store cannot record writes (its last commit failed: disk full, read-only, database gone),
// changes through the API are refused at once with 503 `store_unavailable` instead of waiting for a
// commit that may not come; reads go on. A store error thrown by a direct write (a session, a device)
// becomes the same 503. Health (`/api/health`) says why; the write queue keeps retrying.
import type { RequestHandler, Response } from 'express';
import type { Services } from '../services';
import { classifyStoreError, FAULT_REASON } from '../store/fault';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(res: Response, reason: string): void {
  res
    .status(503)
    .set('Retry-After', '5')
    .json({
      error: 'store_unavailable',
      message: `${reason}: the change cannot be recorded now and was not made; try again once /api/health says ok`,
    });
}

export function refuseChangesWhileStoreFaulted(s: Services): RequestHandler {
  return (req, res, next) => {
    const reason = READS.has(req.method) ? undefined : s.health.writeRefusal();
    if (reason === undefined) return next();
    refuse(res, reason);
  };
}

/** A store error that means "cannot record now" answers 503; true when it was answered. */
export function answerStoreFault(err: unknown, res: Response): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  const kind = classifyStoreError(err);
  if (kind === 'failed') return false;
  refuse(res, `store: ${FAULT_REASON[kind]}`);
  return true;
}
