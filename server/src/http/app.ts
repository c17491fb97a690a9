// The Express application: JSON only, size-limited bodies, routers per resource, errors as {error, message}.
import express, { type ErrorRequestHandler } from 'express';
import type { HashGateLimits } from '../auth/hash-gate';
import type { Config } from '../config/config';
import type { Logger } from '../log';
import type { Services } from '../services';
import { StoreConflictError } from '../store/store';
import { authenticate } from './auth';
import { mountResources } from './api-routes';
import { IMPORT_PATH } from './routes/devices';
import { mapSettings, type MapSettings } from './routes/map';
import { DomainError } from '../errors';
import { HttpError, STATUS_OF } from './errors';
import { auditTrail } from './audit';
import { authRouter } from './routes/auth';
import { healthRouter, metricsRouter, openApiRouter } from './routes/system';
import type { RoadsFile } from '../roads/roads-file';
import { consoleRouter } from './console';
import { originCheck } from './origin';
import { hstsOverTls } from './hsts';
import { open311Router } from './open311/router';
import { refuseSourceMaps, securityHeaders, tileImgSource } from './security';
import { answerStoreFault, refuseChangesWhileStoreFaulted } from './store-guard';

export interface HttpOptions {
  metricsAccess: 'loopback' | 'any';
  /** METRICS_TOKEN: the Bearer token /metrics requires. */
  metricsToken?: string;
  isReady: () => boolean;
  /** The built console to serve at `/` (CONSOLE_DIR); absent: API only. */
  consoleDir?: string;
  /** The bound on human-login password hashing. */
  loginHash: HashGateLimits;
  /** Express `trust proxy` (TRUST_PROXY): decides req.secure and req.ip behind a proxy. */
  trustProxy?: boolean | number | string[];
  /** PUBLIC_ORIGIN: the console's origin behind a proxy, for the origin check and the CSP. */
  publicOrigin?: string;
  /** The CSP's extra image sources (CSP_IMG_SRC). */
  cspImgSrc?: readonly string[];
  /** The tile host of TILE_URL: an image source, and a connect source for the service worker. */
  cspTileSrc?: string;
  /** The console's map settings and streets (TILE_*, ROADS_FILE); absent: no tiles, no streets. */
  map?: MapSettings;
}

/** The HTTP options the server's settings give. */
/** `roads`: the parsed ROADS_FILE, read once at startup with the road network. */
export function httpOptions(config: Config, isReady: () => boolean, roads?: RoadsFile): HttpOptions {
  return {
    metricsAccess: config.METRICS_ACCESS,
    ...(config.METRICS_TOKEN !== undefined && { metricsToken: config.METRICS_TOKEN }),
    isReady,
    consoleDir: config.CONSOLE_DIR,
    loginHash: { concurrency: config.LOGIN_HASH_CONCURRENCY, queue: config.LOGIN_HASH_QUEUE },
    trustProxy: config.TRUST_PROXY,
    ...(config.PUBLIC_ORIGIN !== undefined && { publicOrigin: config.PUBLIC_ORIGIN }),
    cspImgSrc: config.CSP_IMG_SRC,
    ...(config.TILE_URL !== undefined && { cspTileSrc: tileImgSource(config.TILE_URL) }),
    map: roads ? mapSettings(config, () => roads) : mapSettings(config),
  };
}

export function createHttpApp(s: Services, log: Logger, opts: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use(
    securityHeaders({
      imgSrc: opts.cspImgSrc ?? [],
      tileSrc: opts.cspTileSrc,
      publicOrigin: opts.publicOrigin,
    }),
  );
  app.use(hstsOverTls);
  // Cookie-authenticated changes from another site are refused before any body is read.
  app.use(originCheck(opts.publicOrigin));
  // JSON bodies up to 256 KB; the bulk import reads its own (larger, JSON or CSV) body after auth.
  const json = express.json({ limit: '256kb' });
  app.use((req, res, next) => (req.path === IMPORT_PATH ? next() : json(req, res, next)));

  app.use('/api', auditTrail(s.audit));
  app.use(metricsRouter(s, opts.metricsAccess, opts.metricsToken));
  app.use('/api', healthRouter(s, opts.isReady));
  // Open311 GeoReport v2 intake checks its own integration key (docs/open311.md).
  app.use('/open311/v2', auditTrail(s.audit), open311Router(s, log));
  app.use('/api/auth', authRouter(s, log, opts.loginHash));
  // Everything below needs a token [api.md "Auth"].
  app.use('/api', authenticate(s.users));
  app.use('/api', refuseChangesWhileStoreFaulted(s));
  app.use('/api', openApiRouter());
  mountResources(app, s, opts.map);
  if (opts.consoleDir) app.use(refuseSourceMaps, consoleRouter(opts.consoleDir));

  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof DomainError) {
      res.status(STATUS_OF[err.kind]).json({ error: err.code, message: err.message, ...err.details });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.code, message: err.message, ...err.extra });
      return;
    }
    if (err instanceof StoreConflictError) {
      res.status(409).json({ error: 'conflict', message: err.message });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string; limit?: number };
    if (e.type === 'entity.too.large') {
      const kb = Math.round((e.limit ?? 256 * 1024) / 1024);
      const limit = kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`;
      res.status(413).json({ error: 'too_large', message: `request body is larger than ${limit}` });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'bad_request', message: 'request body is not valid JSON' });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'bad_request', message: e.message ?? 'bad request' });
      return;
    }
    if (answerStoreFault(err, res)) return;
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    res
      .status(500)
      .json({ error: 'internal', message: 'the server failed to handle this request; it has been logged' });
  };
}
