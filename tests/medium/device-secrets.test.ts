// Device secrets that can be revoked and devices that can be retired (api.md "Accounts, secrets and
// audit"): a rotated secret's old value is refused and the open connection closes; a decommissioned
// device cannot connect, its alarms clear with the reason on the ticket, it leaves the live lists.
// Commands: only those the device's type declares, with arguments that match.
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

async function refusedCode(url: string, opts: mqtt.IClientOptions): Promise<number | undefined> {
  try {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
    await c.endAsync();
    return 0;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));

interface Timeline {
  timeline: { type: string; by: string; data: Record<string, unknown> }[];
}

describe('device secrets, decommissioning and checked commands', () => {
  let s: TestServer;
  let disp: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await s?.stop();
  });

  it('a rotated secret: the open connection is closed, the old secret refused, the new one connects', async () => {
    const old = await registerDevice(s, { id: 'box-r', type: 'distribution_box' });
    const client = await connectDevice(s, old);
    clients.push(client);
    const gone = closed(client);
    const res = await s.api.post<{ mqtt: { username: string; password: string; clientId: string } }>(
      '/api/devices/box-r/secret',
      {},
      s.admin,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.mqtt).toMatchObject({ username: 'box-r', clientId: 'box-r' });
    expect(res.body.mqtt.password).not.toBe(old.password);
    await gone;
    const asOld = { clientId: 'box-r', username: 'box-r', password: old.password };
    expect([4, 5]).toContain(await refusedCode(s.mqttUrl, asOld));
    const fresh = await connectDevice(s, { ...old, password: res.body.mqtt.password });
    clients.push(fresh);
    expect(fresh.connected).toBe(true);
    expect((await s.api.post('/api/devices/nope/secret', {}, s.admin)).status).toBe(404);
  });

  it('decommissioning: connection dropped, connects refused, alarms cleared with the reason on the ticket, gone from live lists, history kept', async () => {
    const creds = await registerDevice(s, { id: 'box-d', type: 'distribution_box' });
    const client = await connectDevice(s, creds);
    clients.push(client);
    await publish(client, 'box-d', 'telemetry', { leakage_ma: 50 });
    const alarms = await s.api.get<{ id: string; ticketId?: string }[]>(
      '/api/alarms?active=true&deviceId=box-d',
      s.admin,
    );
    const ticketId = alarms.body[0]?.ticketId;
    expect(ticketId).toEqual(expect.any(String));

    const gone = closed(client);
    const res = await s.api.request<{ id: string; decommissionedAt?: string }>(
      'DELETE',
      '/api/devices/box-d',
      {
        token: s.admin,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.decommissionedAt).toEqual(expect.any(String));
    await gone;
    expect([4, 5]).toContain(
      await refusedCode(s.mqttUrl, { clientId: 'box-d', username: 'box-d', password: creds.password }),
    );

    const active = await s.api.get<unknown[]>('/api/alarms?active=true&deviceId=box-d', s.admin);
    expect(active.body).toHaveLength(0);
    const ticket = await s.api.get<Timeline>(`/api/tickets/${ticketId}`, s.admin);
    const cleared = ticket.body.timeline.find((e) => e.type === 'alarm_cleared');
    expect(cleared).toMatchObject({ by: 'admin', data: { reason: 'decommissioned' } });

    const live = await s.api.get<{ id: string }[]>('/api/devices', s.admin);
    expect(live.body.map((d) => d.id)).not.toContain('box-d');
    const all = await s.api.get<{ id: string; decommissionedAt?: string }[]>(
      '/api/devices?all=true',
      s.admin,
    );
    expect(all.body.find((d) => d.id === 'box-d')?.decommissionedAt).toEqual(expect.any(String));
    expect((await s.api.get('/api/devices/box-d', s.admin)).status).toBe(200);
    const history = await s.api.get<{ points: unknown[] }>(
      '/api/devices/box-d/telemetry?metric=leakage_ma',
      s.admin,
    );
    expect(history.body.points.length).toBeGreaterThan(0);

    const again = await s.api.request('DELETE', '/api/devices/box-d', { token: s.admin });
    expect(again.status).toBe(409);
    expect((await s.api.request('DELETE', '/api/devices/nope', { token: s.admin })).status).toBe(404);
    expect((await s.api.post('/api/devices/box-d/secret', {}, s.admin)).status).toBe(409);
    const cmd = await s.api.post('/api/devices/box-d/commands', { name: 'report_now' }, disp);
    expect(cmd.status).toBe(409);
  });

  it('a command the type does not declare is refused naming the allowed ones; bad arguments too', async () => {
    await registerDevice(s, { id: 'box-c', type: 'distribution_box' });
    await registerDevice(s, { id: 'light-c', type: 'streetlight' });
    const flash = await s.api.post<{ error: string; message: string; allowed: string[] }>(
      '/api/devices/box-c/commands',
      { name: 'format_flash', args: {} },
      disp,
    );
    expect(flash.status).toBe(400);
    expect(flash.body).toMatchObject({ error: 'bad_request', allowed: ['reset_breaker', 'report_now'] });
    expect(flash.body.message).toMatch(/format_flash.*reset_breaker, report_now/);
    const extra = await s.api.post<{ message: string }>(
      '/api/devices/box-c/commands',
      { name: 'reset_breaker', args: { phase: 'a' } },
      disp,
    );
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/unknown argument phase/);
    const lamp = await s.api.post<{ message: string }>(
      '/api/devices/light-c/commands',
      { name: 'set_lamp', args: { state: 'dim' } },
      disp,
    );
    expect(lamp.status).toBe(400);
    expect(lamp.body.message).toMatch(/state: on \| off/);
  });

  it('an accepted command says whether it is disruptive', async () => {
    const reset = await s.api.post<{ disruptive: boolean }>(
      '/api/devices/box-c/commands',
      { name: 'reset_breaker' },
      disp,
    );
    expect(reset.status).toBe(202);
    expect(reset.body.disruptive).toBe(true);
    const report = await s.api.post<{ disruptive: boolean }>(
      '/api/devices/box-c/commands',
      { name: 'report_now' },
      disp,
    );
    expect(report.body.disruptive).toBe(false);
  });
});
