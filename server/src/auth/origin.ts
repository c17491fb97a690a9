// Cross-site request refusal for cookie logins (the checks; http/origin.ts and the gateway apply
// them): a state change (POST/PATCH/PUT/DELETE) or a Socket.IO handshake that authenticates with the session cookie, not a bearer token, must come from the
// console's own origin — the request's host, or PUBLIC_ORIGIN behind a proxy. Bearer requests carry
// their credential explicitly and are not affected.
import type { IncomingHttpHeaders } from 'node:http';
import { cookieValue, SESSION_COOKIE } from './token';

/** True when the request would be authenticated by the session cookie (no bearer token). */
export function usesSessionCookie(headers: IncomingHttpHeaders): boolean {
  if (headers.authorization?.startsWith('Bearer ')) return false;
  return cookieValue(headers.cookie, SESSION_COOKIE) !== undefined;
}

/** The origin the request says it comes from: Origin, else the origin of Referer; undefined if neither. */
function claimedOrigin(headers: IncomingHttpHeaders): string | undefined {
  const origin = headers.origin;
  if (origin && origin !== 'null') return origin;
  if (origin === 'null') return 'null';
  const referer = headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * Whether the request comes from the console's own origin. With PUBLIC_ORIGIN, only that origin; without
 * it, any origin whose host (host:port) is the request's Host header.
 */
export function isOwnOrigin(headers: IncomingHttpHeaders, publicOrigin: string | undefined): boolean {
  const claimed = claimedOrigin(headers);
  if (claimed === undefined || claimed === 'null') return false;
  if (publicOrigin) return claimed === publicOrigin;
  try {
    return new URL(claimed).host === headers.host;
  } catch {
    return false;
  }
}
