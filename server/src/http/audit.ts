// Recording API changes in the audit trail: a route calls `audited(res, …)` once its change has
// succeeded, and `auditTrail` records that entry when the response is sent with a 2xx status — so a
// refused change, or one that failed, leaves nothing. Actor and address come from the request.
import type { Request, RequestHandler, Response } from 'express';
import type { AuditService } from '../services/audit';

interface Mark {
  action: string;
  entity: string;
  entityId?: string;
  data: object;
  /** Who, when the request has no session yet (a login). */
  actor?: string;
}

/** Per response: the marked change, and whether the response already ended (the client went away). */
interface AuditState {
  mark?: Mark;
  ended: boolean;
  settle(): void;
}

const KEY = 'audit';
const stateOf = (res: Response) => (res.locals as Record<string, unknown>)[KEY] as AuditState | undefined;

/** Marks the request's change for the trail (secrets in `data` are removed when recorded). */
export function audited(
  res: Response,
  action: string,
  entity: string,
  entityId?: string,
  data: object = {},
  actor?: string,
): void {
  const st = stateOf(res);
  if (!st) return;
  st.mark = { action, entity, data, ...(entityId !== undefined && { entityId }), ...(actor && { actor }) };
  // The connection closed while the change was being made: it happened all the same.
  if (st.ended) st.settle();
}

/** The request's address as Express reports it (`trust proxy` honoured). */
export const clientIp = (req: Request): string | undefined => req.ip ?? req.socket.remoteAddress;

/** Records each request's marked change once its response went out with a 2xx status. */
export function auditTrail(audit: AuditService): RequestHandler {
  return (req, res, next) => {
    const st: AuditState = {
      ended: false,
      settle() {
        const m = st.mark;
        st.mark = undefined;
        if (!m || res.statusCode < 200 || res.statusCode >= 300) return;
        const ip = clientIp(req);
        audit.record({
          actor: m.actor ?? req.user?.username ?? 'anonymous',
          action: m.action,
          entity: m.entity,
          ...(m.entityId !== undefined && { entityId: m.entityId }),
          ...(ip !== undefined && { ip }),
          data: { ...m.data },
        });
      },
    };
    (res.locals as Record<string, unknown>)[KEY] = st;
    const end = () => {
      if (st.ended) return;
      st.ended = true;
      st.settle();
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}
