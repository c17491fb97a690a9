// POST /api/auth/login from a chosen loopback source address (127.0.0.x), optionally with a cookie,
// so tests can act as several clients behind different addresses.
import http from 'node:http';
import type { TestServer } from './server';

export interface LoginResult {
  status: number;
  body: { token?: string; error?: string; message?: string };
  retryAfter: number | undefined;
  /** The known-device cookie (name=value) the server set, if any. */
  deviceCookie: string | undefined;
}

export function loginFrom(
  s: TestServer,
  username: string,
  password: string,
  opts: { from?: string; cookie?: string } = {},
): Promise<LoginResult> {
  const data = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: s.httpPort,
        method: 'POST',
        path: '/api/auth/login',
        localAddress: opts.from ?? '127.0.0.1',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(opts.cookie && { cookie: opts.cookie }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const set = res.headers['set-cookie'] ?? [];
          const device = set.find((c) => c.startsWith('redsail_device='));
          const ra = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: (text ? JSON.parse(text) : {}) as LoginResult['body'],
            retryAfter: ra === undefined ? undefined : Number(ra),
            deviceCookie: device?.split(';')[0],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
