// Security headers for every response (helmet): a Content-Security-Policy the built console satisfies,
// nosniff, no framing, a strict referrer policy; and no source maps served, whatever the build holds.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { HttpError } from './errors';

export interface CspOptions {
  /** Extra image sources (the map tile host), from CSP_IMG_SRC. */
  imgSrc: readonly string[];
  /** PUBLIC_ORIGIN: the host browsers see behind a proxy; default the request's Host. */
  publicOrigin: string | undefined;
}

/** Host names and ports only: anything else in a Host header must not reach the policy. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function securityHeaders(opts: CspOptions): RequestHandler {
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
        imgSrc: ["'self'", 'data:', 'blob:', ...opts.imgSrc],
        fontSrc: ["'self'", 'data:'],
        // The API and Socket.IO: 'self', and its WebSocket of the same host (explicit for browsers
        // whose 'self' does not cover ws:/wss:).
        connectSrc: [
          "'self'",
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
