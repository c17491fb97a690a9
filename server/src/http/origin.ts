// Express middleware of the cross-site refusal (auth/origin.ts): a cookie-authenticated state change
// from another origin gets 403 bad_origin.
import type { RequestHandler } from 'express';
import { isOwnOrigin, usesSessionCookie } from '../auth/origin';
import { HttpError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Express middleware: 403 bad_origin for cookie-authenticated state changes from elsewhere. */
export function originCheck(publicOrigin: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !usesSessionCookie(req.headers)) return next();
    if (isOwnOrigin(req.headers, publicOrigin)) return next();
    next(
      new HttpError(
        403,
        'bad_origin',
        'a change made with the session cookie must come from the console itself (Origin or Referer of this site)',
      ),
    );
  };
}
