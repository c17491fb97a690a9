// Where a request carries its login: the bearer token or the console's httpOnly session cookie.
// Shared by the HTTP API and the Socket.IO handshake.
export const SESSION_COOKIE = 'redsail_session';

export function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('=')) || undefined;
  }
  return undefined;
}
