// GET /api/health (public), GET /metrics (loopback unless configured, or with METRICS_TOKEN),
// GET /api/openapi.json.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Services } from '../../services';
import { HttpError } from '../errors';
import { openApiDocument } from '../openapi';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function healthRouter(s: Services, isReady: () => boolean): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const counts = {
      devices: s.devices.size,
      devicesConnected: s.mqtt.connectedClients(),
      time: new Date(s.clock.now()).toISOString(),
    };
    if (!isReady()) {
      const { mode } = s.health;
      res.status(503).json({ status: 'starting', mode, ...counts });
      return;
    }
    const h = await s.health.report();
    res.status(h.status === 'unavailable' ? 503 : 200).json({ ...h, ...counts });
  });
  return r;
}

/** GET /api/openapi.json — behind authentication like every other /api route. */
export function openApiRouter(): Router {
  const r = Router();
  let doc: object | undefined;
  r.get('/openapi.json', (_req, res) => {
    doc ??= openApiDocument();
    res.json(doc);
  });
  return r;
}

/**
 * With `token` (METRICS_TOKEN) every scrape must carry `Authorization: Bearer <token>`, from any
 * address — behind a same-host proxy every request comes from the loopback, so the address alone
 * proves nothing. Without it, METRICS_ACCESS decides.
 */
export function metricsRouter(s: Services, access: 'loopback' | 'any', token?: string): Router {
  const r = Router();
  const expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  r.get('/metrics', async (req, res) => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HttpError(401, 'unauthorized', 'metrics need the METRICS_TOKEN as a Bearer token');
      }
    } else if (access === 'loopback' && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      throw new HttpError(
        403,
        'forbidden',
        'metrics are served to this host only; set METRICS_ACCESS=any or METRICS_TOKEN to change that',
      );
    }
    res.type(s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
  return r;
}
