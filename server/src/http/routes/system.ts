// GET /api/health (public), GET /metrics (loopback unless configured), GET /api/openapi.json.
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

export function metricsRouter(s: Services, access: 'loopback' | 'any'): Router {
  const r = Router();
  r.get('/metrics', async (req, res) => {
    if (access === 'loopback' && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      throw new HttpError(
        403,
        'forbidden',
        'metrics are served to this host only; set METRICS_ACCESS=any to change that',
      );
    }
    res.type(s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
  return r;
}
