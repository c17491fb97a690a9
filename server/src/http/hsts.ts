// Strict-Transport-Security on responses the server itself sent over TLS (HTTPS_PORT, docs/tls.md):
// browsers then keep to HTTPS for this host. Not on plain HTTP, where it means nothing, and not for
// requests a TLS proxy forwarded (X-Forwarded-Proto): the proxy sends its own.
import type { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';

/** 180 days, the host only (other hosts of the domain may still be plain). */
export const HSTS_VALUE = 'max-age=15552000';

export const hstsOverTls: RequestHandler = (req, res, next) => {
  if ((req.socket as Partial<TLSSocket>).encrypted === true)
    res.setHeader('Strict-Transport-Security', HSTS_VALUE);
  next();
};
