// Where a request carries its login: the bearer token or the console's httpOnly session cookie.
// Shared by the HTTP API and the Socket.IO handshake.
export const SESSION_COOKIE = 'redsail_session';

export function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  const value = cookieValue(cookie, SESSION_COOKIE);
  return value === undefined ? undefined : decodeURIComponent(value) || undefined;
}

/** The raw value of one cookie in a Cookie header (undefined when it is not there). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
