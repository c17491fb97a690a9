// Idempotency-Key on the requests the technician phone queues offline (api.md "Field work and
// notifications (v1.1)"): per user, kept 24 h. The first request with a key claims it in the store
// (the database decides, so nodes of a cluster agree); its answer (status and body) is stored before
// it is sent, and a repeat gets that answer again — nothing applied twice, nothing audited twice.
// A repeat while the first is still being handled gets 409 (retry later); a repeat with another
// request (method, path or body) gets 422. A 5xx answer gives the key back: the retry applies afresh.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { IdempotencyService } from '../services/idempotency';
import { currentUser } from './auth';
import { HttpError } from './errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** 1–200 printable ASCII characters (space to tilde). */
const KEY_RE = /^[\x20-\x7e]{1,200}$/;

/** JSON with object keys sorted at every level: equal bodies give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same": method, path (without the query) and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/** The key of the request, checked; undefined when it has none. */
export function idempotencyKey(req: Request): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!KEY_RE.test(key))
    throw new HttpError(
      400,
      'bad_request',
      `${IDEMPOTENCY_HEADER} must be 1 to 200 printable ASCII characters (got ${key.length} characters)`,
    );
  return key;
}

function replay(res: Response, status: number, body: string): void {
  res.status(status).set('Idempotent-Replayed', 'true').type('application/json').send(body);
}

/**
 * Middleware for one route, after authentication and the JSON body: honours the request's
 * Idempotency-Key (none: the request goes on as usual).
 */
export function idempotent(keys: IdempotencyService): RequestHandler {
  return async (req, res, next) => {
    const key = idempotencyKey(req);
    if (key === undefined) return next();
    const { username } = currentUser(req);
    const fingerprint = requestFingerprint(req.method, req.baseUrl + req.path, req.body);
    const claim = await keys.claim(username, key, fingerprint);
    if (!claim.claimed) {
      const held = claim.record;
      if (held.fingerprint !== fingerprint)
        throw new HttpError(
          422,
          'idempotency_key_reused',
          `${IDEMPOTENCY_HEADER} ${JSON.stringify(key)} was already used for a different request (another path or body); use a new key for a new request`,
        );
      if (!held.response)
        throw new HttpError(
          409,
          'idempotency_in_progress',
          `the first request with ${IDEMPOTENCY_HEADER} ${JSON.stringify(key)} is still being handled; retry shortly for its answer`,
        );
      return replay(res, held.response.status, held.response.body);
    }
    // Claimed: the answer is stored before it is sent, so a repeat that follows it finds it.
    const send = res.json.bind(res);
    res.json = (body: unknown): Response => {
      const status = res.statusCode;
      const text = JSON.stringify(body);
      const settle =
        status >= 500 ? keys.release(username, key) : keys.complete(username, key, { status, body: text });
      const giveBack = () => keys.release(username, key).catch(() => undefined);
      void settle.catch(giveBack).finally(() => send(body));
      return res;
    };
    next();
  };
}
