// Every /api route but health and login: 401 without a token, 403 for a role that may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

type Role = 'admin' | 'dispatcher' | 'technician' | 'viewer';
const ALL: Role[] = ['admin', 'dispatcher', 'technician', 'viewer'];

// [method, path, roles allowed] — api.md "Resources" (admin may do everything).
const ROUTES: [string, string, Role[]][] = [
  ['POST', '/api/users', ['admin']],
  ['GET', '/api/users', ['admin']],
  ['PATCH', '/api/users/x', ['admin']],
  ['POST', '/api/devices', ['admin']],
  ['POST', '/api/devices/import', ['admin']],
  ['GET', '/api/devices', ALL],
  ['GET', '/api/devices/x', ALL],
  ['GET', '/api/devices/x/telemetry?metric=ua', ALL],
  ['POST', '/api/devices/x/commands', ['admin', 'dispatcher']],
  ['POST', '/api/devices/x/secret', ['admin']],
  ['DELETE', '/api/devices/x', ['admin']],
  ['GET', '/api/compounds', ALL],
  ['POST', '/api/compounds', ['admin']],
  ['GET', '/api/sites', ALL],
  ['POST', '/api/sites', ['admin']],
  ['GET', '/api/alarms', ALL],
  ['POST', '/api/alarms/x/ack', ['admin', 'dispatcher']],
  ['GET', '/api/tickets', ALL],
  ['POST', '/api/tickets', ['admin', 'dispatcher']],
  ['GET', '/api/tickets/x', ALL],
  ['POST', '/api/tickets/x/events', ['admin', 'dispatcher', 'technician']],
  ['GET', '/api/tickets/x/candidates', ['admin', 'dispatcher']],
  ['POST', '/api/tickets/x/link', ['admin', 'dispatcher']],
  ['GET', '/api/tickets/duplicates?category=electrical&lat=35.6&lng=116.99', ['admin', 'dispatcher']],
  ['GET', '/api/vans', ALL],
  ['POST', '/api/vans', ['admin']],
  ['GET', '/api/vans/x/track', ALL],
  ['GET', '/api/vans/x/stops', ALL],
  ['GET', '/api/stats', ['admin', 'dispatcher', 'viewer']],
  ['GET', '/api/reports/monthly?month=2026-01', ['admin', 'dispatcher', 'viewer']],
  ['GET', '/api/audit', ['admin']],
  ['GET', '/api/duty/now', ['admin', 'dispatcher', 'viewer']],
  ['GET', '/api/duty/shifts', ['admin', 'dispatcher', 'viewer']],
  ['GET', '/api/duty/roster', ['admin', 'dispatcher', 'viewer']],
  ['PUT', '/api/duty/roster/2026-12-07/day', ['admin']],
  ['DELETE', '/api/duty/roster/2026-12-07/day', ['admin']],
  ['GET', '/api/road-closures', ['admin', 'dispatcher', 'technician', 'viewer']],
  ['POST', '/api/road-closures', ['admin', 'dispatcher']],
  ['DELETE', '/api/road-closures/RC-none', ['admin', 'dispatcher']],
  ['GET', '/api/notification-channels', ['admin']],
  ['POST', '/api/notification-channels', ['admin']],
  ['DELETE', '/api/notification-channels/x', ['admin']],
  ['POST', '/api/notification-channels/x/test', ['admin']],
  ['GET', '/api/notification-channels/x/deliveries', ['admin']],
  ['GET', '/api/audit.csv', ['admin']],
  ['GET', '/api/integrations', ['admin']],
  ['POST', '/api/integrations', ['admin']],
  ['DELETE', '/api/integrations/INT-none', ['admin']],
  ['GET', '/api/auth/me', ALL],
  ['POST', '/api/auth/logout', ALL],
  ['POST', '/api/auth/password', ALL],
  ['GET', '/api/openapi.json', ALL],
  ['GET', '/api/push/key', ALL],
  ['POST', '/api/push/subscriptions', ALL],
  ['DELETE', '/api/push/subscriptions', ALL],
];

describe('API authentication and roles', () => {
  let s: TestServer;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    s = await startServer();
    tokens.admin = s.admin;
    tokens.dispatcher = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tokens.technician = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    tokens.viewer = await s.api.userToken(s.admin, 'view', 'viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it.each(ROUTES)('%s %s: 401 without a token or with a bad one', async (method, path) => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await s.api.request(method, path, {
        ...(token && { token }),
        ...(method === 'POST' && { body: {} }),
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) as string });
    }
  });

  it.each(ROUTES)('%s %s: 403 for every role that may not', async (method, path, allowed) => {
    for (const role of ALL.filter((r) => !allowed.includes(r))) {
      const res = await s.api.request(method, path, {
        token: tokens[role],
        ...(method === 'POST' && { body: {} }),
      });
      expect(res.status, `${role} on ${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ error: 'forbidden' });
    }
    for (const role of allowed) {
      if (path === '/api/auth/logout') continue; // would end the session used by later cases
      const res = await s.api.request(method, path, {
        token: tokens[role],
        ...(method === 'POST' && { body: {} }),
      });
      expect([401, 403], `${role} on ${method} ${path}`).not.toContain(res.status);
    }
  });

  it('health and login need no token; wrong credentials are 401', async () => {
    expect((await s.api.get('/api/health')).body).toMatchObject({ status: 'ok' });
    const bad = await s.api.post('/api/auth/login', { username: 'admin', password: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'unauthorized' });
  });

  it('backs off failed logins of one user from one address with 429 and Retry-After, and lets others in', async () => {
    await s.api.userToken(s.admin, 'victim', 'viewer');
    for (let i = 0; i < 5; i++) {
      expect(
        (await s.api.post('/api/auth/login', { username: 'victim', password: `guess-${i}` })).status,
      ).toBe(401);
    }
    const blocked = await s.api.post('/api/auth/login', { username: 'victim', password: 'victim-password' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: 'too_many_attempts' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await s.api.login('view', 'view-password')).toBeTruthy();
  });

  it('the console cookie works like the bearer token', async () => {
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'view', password: 'view-password' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/redsail_session=.+HttpOnly/i);
    const me = await s.api.request('GET', '/api/auth/me', {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(me.body).toMatchObject({ username: 'view', role: 'viewer' });
  });

  it('errors are JSON {error, message}: unknown route, bad JSON, oversize body, bad input', async () => {
    const unknown = await s.api.get('/api/nothing-here', s.admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', message: expect.any(String) as string });
    const badJson = await s.api.request('POST', '/api/tickets', { token: s.admin, rawBody: '{"category": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: 'bad_request' });
    const big = await s.api.request('POST', '/api/tickets', {
      token: s.admin,
      body: { description: 'x'.repeat(300_000) },
    });
    expect(big.status).toBe(413);
    const invalid = await s.api.post('/api/devices', { id: 'bad id!', type: 'distribution_box' }, s.admin);
    expect(invalid.status).toBe(400);
    expect(String(invalid.body.message)).toContain('id');
    const users = await s.api.get<Record<string, unknown>[]>('/api/users', s.admin);
    for (const u of users.body) expect(Object.keys(u)).not.toContain('passwordHash');
  });
});
