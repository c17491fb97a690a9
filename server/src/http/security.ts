// Security headers for every response (helmet): a Content-Security-Policy the built console satisfies,
// nosniff, no framing, a strict referrer policy; and no source maps served, whatever the build holds.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { HttpError } from './errors';

export interface CspOptions {
  /** Extra image sources (CSP_IMG_SRC). */
  imgSrc: readonly string[];
  /**
   * The map tile host of TILE_URL (tileImgSource): an image source for the map, and a connect source
   * for the console's service worker, which fetches the tiles it keeps for the phone offline.
   */
  tileSrc: string | undefined;
  /** PUBLIC_ORIGIN: the host browsers see behind a proxy; default the request's Host. */
  publicOrigin: string | undefined;
}

/** Host names and ports only: anything else in a Host header must not reach the policy. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The CSP source of the tile host of a TILE_URL template, e.g. `https://{s}.tile.example:8443/{z}/{x}/{y}.png`
 * → `https://*.tile.example:8443`: its scheme, host and port only. A placeholder may stand for the
 * host's first label (subdomains), which becomes `*`; anywhere else in the host it cannot be written
 * as a CSP source, and the setting is refused.
 */
export function tileImgSource(template: string): string {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
  if (!m) throw new Error(`TILE_URL ${template} is not an http(s) URL template`);
  const scheme = m[1]!.toLowerCase();
  const [host = '', port] = m[2]!.split(/:(?=[^:]*$)/);
  if (port !== undefined && !/^\d{1,5}$/.test(port))
    throw new Error(`TILE_URL ${template}: the port must be a number`);
  const labels = host.toLowerCase().split('.');
  if (labels[0]?.includes('{')) labels[0] = '*';
  if (!labels.every((l) => /^(\*|[a-z0-9-]+)$/.test(l)) || labels.slice(1).includes('*'))
    throw new Error(
      `TILE_URL ${template}: a placeholder such as {s} may stand only for the host's first label (https://{s}.tiles.example/...)`,
    );
  return `${scheme}://${labels.join('.')}${port !== undefined ? `:${port}` : ''}`;
}

export function securityHeaders(opts: CspOptions): RequestHandler {
  const tile = opts.tileSrc === undefined ? [] : [opts.tileSrc];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // index.html loads one module script from /assets; there is no inline script.
        scriptSrc: ["'self'"],
        // Leaflet and Svelte's style: directives set element styles through the CSSOM (allowed by
        // style-src 'self'); Leaflet's control markup is built the same way. See the browser test.
        styleSrc: ["'self'"],
        // data: for the inline favicon and Leaflet's SVG icons, blob: for canvas exports.
        imgSrc: ["'self'", 'data:', 'blob:', ...tile, ...opts.imgSrc],
        fontSrc: ["'self'", 'data:'],
        // The API and Socket.IO: 'self', and its WebSocket of the same host (explicit for browsers
        // whose 'self' does not cover ws:/wss:).
        connectSrc: [
          "'self'",
          ...tile,
          (req) => {
            const host = opts.publicOrigin ? new URL(opts.publicOrigin).host : req.headers.host;
            return host && HOST.test(host) ? `ws://${host} wss://${host}` : '';
          },
        ],
        // The technician phone's service worker (/sw.js) and web app manifest, both same-origin.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // The console opens no cross-origin windows; the API is same-origin only.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // HSTS only makes sense over TLS; helmet sends it on every response, so not here: hsts.ts sends it
    // over the server's own HTTPS, and a TLS proxy sends its own.
    strictTransportSecurity: false,
  });
}

/** Source maps are never served: 404 for any *.map path, before the static files. */
export const refuseSourceMaps: RequestHandler = (req, _res, next) => {
  if (/\.map$/i.test(req.path))
    return next(new HttpError(404, 'not_found', `no route ${req.method} ${req.path}`));
  next();
};
