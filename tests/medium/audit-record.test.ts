// The audit trail records every change made through the API (api.md "Accounts, secrets and audit"):
// one entry per change with who, what, which and from where; refused changes leave none; failed
// logins are recorded; no password, token or device secret ever reaches it.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, auditSince, newestAuditId } from '../helpers/audit';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

const outline = {
  type: 'Polygon',
  coordinates: [
    [
      [116.982, 35.6],
      [116.983, 35.6],
      [116.983, 35.601],
      [116.982, 35.6],
    ],
  ],
};
const LOCAL = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

describe('audit trail: recording', () => {
  let s: TestServer;
  let disp: string;
  let cam: MqttClient | undefined;
  const secrets: string[] = [];

  /** Runs the change and expects exactly one new entry with these fields. */
  const one = async (change: () => Promise<unknown>, expected: Record<string, unknown>) => {
    const since = await newestAuditId(s);
    await change();
    const added = await auditSince(s, since);
    expect(added, JSON.stringify(expected)).toHaveLength(1);
    expect(added[0]).toMatchObject(expected);
    expect(added[0]?.ip).toMatch(LOCAL);
    return added[0];
  };
  const created = async (path: string, body: unknown, token: string) => {
    const res = await s.api.post<Record<string, unknown>>(path, body, token);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    s = await startServer();
    secrets.push(s.admin, 'admin-pass-123');
  });
  afterAll(async () => {
    await cam?.endAsync();
    await s?.stop();
  });

  it('records users, logins and logouts', async () => {
    const body = { username: 'disp', password: 'disp-password', role: 'dispatcher' };
    await one(() => created('/api/users', body, s.admin), {
      actor: 'admin',
      action: 'user.create',
      entity: 'user',
      entityId: 'disp',
      data: { username: 'disp', role: 'dispatcher' },
    });
    secrets.push('disp-password');
    await one(
      async () => {
        disp = await s.api.login('disp', 'disp-password');
      },
      { actor: 'disp', action: 'auth.login', entity: 'user', entityId: 'disp' },
    );
    secrets.push(disp);
    const other = await s.api.login('disp', 'disp-password');
    await one(() => s.api.request('POST', '/api/auth/logout', { token: other }), {
      actor: 'disp',
      action: 'auth.logout',
      entityId: 'disp',
    });
  });

  it('records a failed login with the attempted username, and no password', async () => {
    const e = await one(() => s.api.post('/api/auth/login', { username: 'mallory', password: 'guess-1' }), {
      action: 'auth.login_failed',
      entity: 'user',
      entityId: 'mallory',
      data: { username: 'mallory' },
    });
    expect(JSON.stringify(e)).not.toContain('guess-1');
  });

  it('takes the address from the connection, not from a forwarded header (no trusted proxy set)', async () => {
    await one(
      () =>
        s.api.request('POST', '/api/auth/login', {
          body: { username: 'disp', password: 'disp-password' },
          headers: { 'x-forwarded-for': '203.0.113.9' },
        }),
      { action: 'auth.login', actor: 'disp' },
    );
  });

  it('records places, devices and vans as the admin made them', async () => {
    await one(() => created('/api/compounds', { id: 'gongbao', name: '工保小区', outline }, s.admin), {
      actor: 'admin',
      action: 'compound.create',
      entity: 'compound',
      entityId: 'gongbao',
      data: { id: 'gongbao', name: '工保小区' },
    });
    const site = { id: 'st-1', kind: 'station', name: '红帆驿站', lat: 35.6, lng: 116.98 };
    await one(() => created('/api/sites', site, s.admin), {
      action: 'site.create',
      entity: 'site',
      entityId: 'st-1',
      data: site,
    });
    const creds = { id: 'cam-1', type: 'camera', compoundId: 'gongbao' };
    let password = '';
    await one(
      async () => {
        password = (await registerDevice(s, creds)).password;
      },
      { action: 'device.register', entity: 'device', entityId: 'cam-1', data: creds },
    );
    secrets.push(password);
    const imported = await one(
      () =>
        s.api.request<{ devices: { mqtt: { password: string } }[] }>('POST', '/api/devices/import', {
          token: s.admin,
          body: { devices: [{ id: 'lamp-1', type: 'streetlight' }] },
          headers: { accept: 'application/json' },
        }),
      { action: 'device.import', entity: 'device', data: { ids: ['lamp-1'] } },
    );
    expect(imported?.entityId).toBeUndefined();
    const van = await one(() => created('/api/vans', { id: 'van-1', name: '一号车' }, s.admin), {
      action: 'van.create',
      entity: 'van',
      entityId: 'van-1',
      data: { id: 'van-1', name: '一号车' },
    });
    expect(van?.data).not.toHaveProperty('mqtt');
  });

  it('records tickets, alarms, silences and commands as the dispatcher made them', async () => {
    const body = { category: 'electrical', description: '停电' };
    const made = await one(() => created('/api/tickets', body, disp), {
      actor: 'disp',
      action: 'ticket.create',
      entity: 'ticket',
      data: body,
    });
    const tid = made?.entityId ?? '';
    expect(tid).toMatch(/^T/);
    await one(() => created(`/api/tickets/${tid}/link`, { description: '又来电' }, disp), {
      actor: 'disp',
      action: 'ticket.link',
      entity: 'ticket',
      entityId: tid,
      data: { description: '又来电', source: 'hotline' },
    });
    await one(() => created(`/api/tickets/${tid}/events`, { type: 'dispatch', vanId: 'van-1' }, disp), {
      actor: 'disp',
      action: 'ticket.event',
      entity: 'ticket',
      entityId: tid,
      data: { type: 'dispatch', vanId: 'van-1' },
    });
    cam = await connectDevice(s, { id: 'cam-1', username: 'cam-1', password: secrets.at(-1) ?? '' });
    await publish(cam, 'cam-1', 'telemetry', { tamper: true });
    const alarms = await s.api.get<{ id: string }[]>('/api/alarms?active=true&deviceId=cam-1', disp);
    const aid = alarms.body[0]?.id ?? '';
    await one(() => created(`/api/alarms/${aid}/ack`, {}, disp), {
      actor: 'disp',
      action: 'alarm.ack',
      entity: 'alarm',
      entityId: aid,
    });
    const sil = { match: { deviceId: 'cam-1' }, durationMin: 60, reason: 'planned maintenance' };
    const silence = await one(() => created('/api/silences', sil, disp), {
      actor: 'disp',
      action: 'silence.create',
      entity: 'silence',
      data: sil,
    });
    await one(() => s.api.request('DELETE', `/api/silences/${silence?.entityId}`, { token: disp }), {
      action: 'silence.end',
      entity: 'silence',
      entityId: silence?.entityId,
    });
    // A disruptive command is recorded as such, with who sent it.
    await one(() => created('/api/devices/cam-1/commands', { name: 'reboot' }, disp), {
      actor: 'disp',
      action: 'device.command',
      entity: 'device',
      entityId: 'cam-1',
      data: { name: 'reboot', args: {}, disruptive: true },
    });
  });

  it('leaves nothing for refused or failed changes', async () => {
    const viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    const since = await newestAuditId(s);
    const tries: [string, unknown, string][] = [
      ['/api/tickets', { category: 'electrical' }, disp],
      ['/api/compounds', { id: 'c2', name: 'x', outline }, viewer],
      ['/api/compounds', { id: 'gongbao', name: '重复', outline }, s.admin],
      ['/api/alarms/A-nope/ack', {}, disp],
      ['/api/tickets/T-nope/events', { type: 'accept' }, disp],
      ['/api/users', { username: 'x', password: 'short', role: 'viewer' }, s.admin],
      ['/api/devices/nope/commands', { name: 'reboot' }, disp],
    ];
    for (const [path, body, token] of tries) {
      const res = await s.api.post(path, body, token);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
    expect(await auditSince(s, since)).toEqual([]);
  });

  it('holds no password, token or device secret anywhere', async () => {
    const all = JSON.stringify(await auditEntries(s, 'limit=1000'));
    const csv = (await s.api.get<string>('/api/audit.csv?limit=1000', s.admin)).body;
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) {
      expect(all).not.toContain(secret);
      expect(csv).not.toContain(secret);
    }
    expect(all).not.toMatch(/"(password|secret|token|mqtt)"/i);
  });
});
