// GET /api/auth/session (public): who the bearer token or session cookie logs in as, answered 200
// either way ({user: null} for nobody), so the console's first question logs no error in a browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionResponse } from '../../server/src/contracts/dto';
import { startServer, type TestServer } from '../helpers/server';

describe('GET /api/auth/session', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('answers user null without a token, with a bad token and with a bad cookie', async () => {
    for (const opts of [{}, { token: 'not-a-token' }, { headers: { cookie: 'redsail_session=nope' } }]) {
      const res = await s.api.request('GET', '/api/auth/session', opts);
      expect(res.status).toBe(200);
      expect(SessionResponse.parse(res.body)).toEqual({ user: null });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('names the user of a valid token, and nobody once it is logged out', async () => {
    const token = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    const res = await s.api.get('/api/auth/session', token);
    expect(res.status).toBe(200);
    expect(SessionResponse.parse(res.body)).toEqual({
      user: { username: 'tech', role: 'technician', vanId: 'van-1' },
    });
    expect((await s.api.request('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await s.api.get('/api/auth/session', token)).body).toEqual({ user: null });
  });

  it('is in the OpenAPI document as a public operation', async () => {
    const doc = await s.api.get<{ paths: Record<string, { get?: { security?: unknown[] } }> }>(
      '/api/openapi.json',
      s.admin,
    );
    const op = doc.body.paths['/api/auth/session']?.get;
    expect(op).toBeDefined();
    expect(op?.security).toEqual([]);
  });
});
