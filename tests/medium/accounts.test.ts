// Accounts that can be revoked (api.md "Accounts, secrets and audit"): an admin disables a user, changes
// their role or van, resets their password; anyone changes their own. A disabled user's tokens answer
// 401 and their live sockets close at once; the password policy applies everywhere a password is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { connectSocket, type TestSocket } from '../helpers/socket';

const disconnected = (socket: TestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('accounts: disable, role, van, password', () => {
  let s: TestServer;
  const patch = (username: string, body: unknown, token = s.admin) =>
    s.api.request<{ error?: string; message?: string; disabledAt?: string; role?: string; vanId?: string }>(
      'PATCH',
      `/api/users/${username}`,
      { token, body },
    );

  beforeAll(async () => {
    s = await startServer();
    for (const id of ['van-1', 'van-2']) {
      const res = await s.api.post('/api/vans', { id, name: id }, s.admin);
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('disabling a technician: their socket is disconnected at once, their token gets 401, login answers as for a wrong password', async () => {
    const token = await s.api.userToken(s.admin, 'tech-a', 'technician', 'van-1');
    const socket = await connectSocket(s.httpUrl, token);
    const gone = disconnected(socket);
    const res = await patch('tech-a', { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabledAt).toEqual(expect.any(String));
    expect(await gone).toBe('io server disconnect');
    expect((await s.api.get('/api/auth/me', token)).status).toBe(401);
    const right = await s.api.post('/api/auth/login', { username: 'tech-a', password: 'tech-a-password' });
    const wrong = await s.api.post('/api/auth/login', { username: 'tech-a', password: 'not-the-password' });
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    await expect(connectSocket(s.httpUrl, token)).rejects.toThrow(/unauthorized/);
    // Enabled again: the old token stays dead, a new login works.
    expect((await patch('tech-a', { disabled: false })).body.disabledAt).toBeUndefined();
    expect((await s.api.get('/api/auth/me', token)).status).toBe(401);
    expect(await s.api.login('tech-a', 'tech-a-password')).toBeTruthy();
  });

  it('a technician needs a van that exists; only technicians carry one', async () => {
    await s.api.userToken(s.admin, 'tech-b', 'technician', 'van-1');
    const unknownVan = await patch('tech-b', { vanId: 'van-9' });
    expect(unknownVan.status).toBe(400);
    expect(unknownVan.body.message).toMatch(/van-9 does not exist/);
    const moved = await patch('tech-b', { vanId: 'van-2' });
    expect(moved.body).toMatchObject({ role: 'technician', vanId: 'van-2' });
    const promoted = await patch('tech-b', { role: 'dispatcher' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.vanId).toBeUndefined();
    expect((await patch('tech-b', { vanId: 'van-1' })).status).toBe(400);
    expect((await patch('tech-b', { role: 'technician' })).body.message).toMatch(/give vanId/);
    const me = await s.api.get('/api/auth/me', await s.api.login('tech-b', 'tech-b-password'));
    expect(me.body).toMatchObject({ role: 'dispatcher' });
  });

  it('moving a technician to another van closes their sockets; the same token reconnects to the new van', async () => {
    const token = await s.api.userToken(s.admin, 'tech-m', 'technician', 'van-1');
    const socket = await connectSocket(s.httpUrl, token);
    const gone = disconnected(socket);
    expect((await patch('tech-m', { vanId: 'van-2' })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await s.api.get('/api/auth/me', token)).body).toMatchObject({ vanId: 'van-2' });
    const again = await connectSocket(s.httpUrl, token);
    expect(again.connected).toBe(true);
    again.close();
  });

  it('bad requests change nothing: no field, unknown field, unknown user, weak password', async () => {
    const empty = await patch('tech-b', {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/at least one of/);
    expect((await patch('tech-b', { nickname: 'x' })).status).toBe(400);
    expect((await patch('nobody', { disabled: true })).status).toBe(404);
    for (const password of ['short', 'password123', 'TECH-B']) {
      const res = await patch('tech-b', { password });
      expect(res.status, password).toBe(400);
    }
    expect(await s.api.login('tech-b', 'tech-b-password')).toBeTruthy();
  });

  it('the last enabled admin cannot be disabled or demoted (409 saying so); with a second admin it can', async () => {
    for (const body of [{ disabled: true }, { role: 'dispatcher' }]) {
      const res = await patch('admin', body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'last_admin' });
      expect(res.body.message).toMatch(/last enabled admin/);
    }
    const second = await s.api.userToken(s.admin, 'admin-two', 'admin');
    expect((await patch('admin-two', { disabled: true })).status).toBe(200);
    expect((await patch('admin', { disabled: true })).status).toBe(409); // admin-two is disabled
    expect((await patch('admin-two', { disabled: false })).status).toBe(200);
    expect((await s.api.get('/api/auth/me', second)).status).toBe(401); // disabling ended its login
  });

  it('an admin resetting a password ends every login of that user', async () => {
    const token = await s.api.userToken(s.admin, 'disp-r', 'dispatcher');
    const socket = await connectSocket(s.httpUrl, token);
    const gone = disconnected(socket);
    expect((await patch('disp-r', { password: 'night-shift-lantern' })).status).toBe(200);
    await gone;
    expect((await s.api.get('/api/auth/me', token)).status).toBe(401);
    expect(
      (await s.api.post('/api/auth/login', { username: 'disp-r', password: 'disp-r-password' })).status,
    ).toBe(401);
    expect(await s.api.login('disp-r', 'night-shift-lantern')).toBeTruthy();
  });

  it('POST /api/auth/password: a wrong current password changes nothing; success ends the other logins and keeps this one', async () => {
    const mine = await s.api.userToken(s.admin, 'viewer-p', 'viewer');
    const other = await s.api.login('viewer-p', 'viewer-p-password');
    const otherSocket = await connectSocket(s.httpUrl, other);
    const mySocket = await connectSocket(s.httpUrl, mine);
    const wrong = await s.api.post(
      '/api/auth/password',
      { current: 'not-my-password', password: 'harbour-crane-77' },
      mine,
    );
    expect(wrong.status).toBe(401);
    expect((await s.api.get('/api/auth/me', other)).status).toBe(200);
    const weak = await s.api.post(
      '/api/auth/password',
      { current: 'viewer-p-password', password: 'qwertyuiop' },
      mine,
    );
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ error: 'bad_request' });

    const gone = disconnected(otherSocket);
    const ok = await s.api.post(
      '/api/auth/password',
      { current: 'viewer-p-password', password: 'harbour-crane-77' },
      mine,
    );
    expect(ok.status).toBe(204);
    await gone;
    expect((await s.api.get('/api/auth/me', other)).status).toBe(401);
    expect((await s.api.get('/api/auth/me', mine)).status).toBe(200);
    expect(mySocket.connected).toBe(true);
    expect(await s.api.login('viewer-p', 'harbour-crane-77')).toBeTruthy();
    mySocket.close();
  });

  it('POST /api/users applies the password policy', async () => {
    for (const password of ['abc', 'iloveyou123', 'New-Person']) {
      const res = await s.api.post(
        '/api/users',
        { username: 'new-person', password, role: 'viewer' },
        s.admin,
      );
      expect(res.status, password).toBe(400);
    }
    expect(
      (await s.api.get<{ username: string }[]>('/api/users', s.admin)).body.map((u) => u.username),
    ).not.toContain('new-person');
    expect(await s.api.login('admin', ADMIN_PASSWORD)).toBeTruthy();
  });
});

describe('technicians’ logins are shorter', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { SESSION_HOURS: '12', TECH_SESSION_HOURS: '8' } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('after 9 hours a technician must log in again, a dispatcher need not', async () => {
    const tech = await s.api.userToken(s.admin, 'tech-s', 'technician', 'van-1');
    const disp = await s.api.userToken(s.admin, 'disp-s', 'dispatcher');
    s.clock?.advance(7 * 3600_000);
    expect((await s.api.get('/api/auth/me', tech)).status).toBe(200);
    s.clock?.advance(2 * 3600_000);
    expect((await s.api.get('/api/auth/me', tech)).status).toBe(401);
    expect((await s.api.get('/api/auth/me', disp)).status).toBe(200);
  });
});
