// Open311 GeoReport v2 at /open311/v2/ (docs/open311.md), mounted before the /api authentication: it
// checks its own key (`api_key`, form field or query parameter) on every request but services.json
// (the public list of what can be reported). Bodies form-encoded as the standard says, or JSON; at
// most 32 KB. Errors in the standard's format (errors.ts). Requests are rate-limited per key.
import express, { Router, type Request, type RequestHandler } from 'express';
import { Open311ListQuery, Open311RequestBody } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Logger } from '../../log';
import { DeviceRateLimiter } from '../../pipeline/rate-limit';
import type { Services } from '../../services';
import { integrationActor } from '../../services/integrations';
import { open311Services, type Open311Locale } from '../../services/open311-map';
import type { IntegrationRecord } from '../../store/store';
import { audited } from '../audit';
import { param } from '../validate';
import { Open311Error, open311Errors } from './errors';

/** A key may file this many requests at once, then this many a second. */
export const OPEN311_RATE = { ratePerS: 5, burst: 60 } as const;

const INTEGRATION = 'integration';

function localeOf(req: Request): Open311Locale {
  const asked = typeof req.query.locale === 'string' ? req.query.locale : req.headers['accept-language'];
  return typeof asked === 'string' && /^en\b/i.test(asked.trim()) ? 'en' : 'zh';
}

const integrationOf = (req: Request): IntegrationRecord => {
  const i = (req as unknown as Record<string, unknown>)[INTEGRATION];
  if (!i) throw new Open311Error(403, 'api_key: missing or not valid');
  return i as IntegrationRecord;
};

/** The key from the body (POST) or the query (GET); 403 when missing, wrong or revoked; 429 when flooding. */
function requireKey(s: Services, limiter: DeviceRateLimiter): RequestHandler {
  return async (req, _res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const raw = body.api_key ?? req.query.api_key;
    const key = typeof raw === 'string' ? raw.trim() : undefined;
    if (!key) throw new Open311Error(403, 'api_key: an integration API key is required');
    const i = await s.integrations.authenticate(key);
    if (!i)
      throw new Open311Error(403, 'api_key: not valid (unknown or revoked); ask the operator for a key');
    if (!limiter.take(i.id, s.clock.now()))
      throw new Open311Error(429, 'too many requests with this api_key; slow down and try again shortly');
    (req as unknown as Record<string, unknown>)[INTEGRATION] = i;
    next();
  };
}

/** The request fields without the key (so it is never validated, echoed or audited). */
function withoutKey(v: unknown): Record<string, unknown> {
  const { api_key: _key, ...rest } = (typeof v === 'object' && v !== null ? v : {}) as Record<
    string,
    unknown
  >;
  return rest;
}

export function open311Router(s: Services, log: Pick<Logger, 'error'>): Router {
  const r = Router();
  const limiter = new DeviceRateLimiter(OPEN311_RATE);
  r.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));
  r.get('/services.json', (req, res) => {
    res.json(open311Services(localeOf(req)));
  });
  r.get('/services/:code.json', (req, _res) => {
    // Every service has metadata:false, so there is no service definition to give (GeoReport v2).
    throw new Open311Error(
      404,
      `service ${param(req.params, 'code')}: no service definition (metadata is false)`,
    );
  });
  r.post('/requests.json', requireKey(s, limiter), async (req, res) => {
    const i = integrationOf(req);
    const body = parse(Open311RequestBody, withoutKey(req.body));
    const filed = await s.open311.file(i, body);
    audited(
      res,
      filed.joined ? 'open311.join' : 'open311.create',
      'ticket',
      filed.ticketId,
      { integration: i.id, service_code: body.service_code },
      integrationActor(i.id),
    );
    res.status(201).json([filed.answer]);
  });
  r.get('/requests.json', requireKey(s, limiter), async (req, res) => {
    const q = parse(Open311ListQuery, withoutKey(req.query), 'query');
    res.json(await s.open311.list(integrationOf(req), q, localeOf(req)));
  });
  r.get('/requests/:id.json', requireKey(s, limiter), async (req, res) => {
    const id = param(req.params, 'id');
    const found = await s.open311.status(id, localeOf(req));
    if (!found) throw new Open311Error(404, `service_request_id ${id}: no such request`);
    res.json([found]);
  });
  r.use((req, _res, next) => next(new Open311Error(404, `no Open311 endpoint ${req.method} ${req.path}`)));
  r.use(open311Errors(log));
  return r;
}
