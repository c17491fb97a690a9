// Nobody gets in without credentials, and a device stays inside its own topics.
import type { MqttClient } from 'mqtt';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice, topic, type Creds } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog } from '../helpers/socket';

async function refusedCode(url: string, opts: mqtt.IClientOptions): Promise<number | undefined> {
  try {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
    await c.endAsync();
    return 0;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

describe('MQTT authentication and ACL', () => {
  let s: TestServer;
  let a: Creds;
  let b: Creds;
  let clientA: MqttClient;

  beforeAll(async () => {
    s = await startServer();
    a = await registerDevice(s, { id: 'box-a', type: 'distribution_box' });
    b = await registerDevice(s, { id: 'box-b', type: 'distribution_box' });
    clientA = await connectDevice(s, a);
  });
  afterAll(async () => {
    await clientA?.endAsync();
    await s?.stop();
  });

  it('refuses a wrong secret, an unknown device and missing credentials at CONNACK (3.1.1 code 4 or 5)', async () => {
    expect([4, 5]).toContain(
      await refusedCode(s.mqttUrl, { clientId: 'box-b', username: 'box-b', password: 'wrong' }),
    );
    expect([4, 5]).toContain(
      await refusedCode(s.mqttUrl, { clientId: 'ghost', username: 'ghost', password: b.password }),
    );
    expect([4, 5]).toContain(await refusedCode(s.mqttUrl, { clientId: 'anon' }));
    expect([4, 5]).toContain(await refusedCode(s.mqttUrl, { clientId: 'box-b', username: 'box-b' }));
    // Someone else's client id would take over that device's session.
    expect([4, 5]).toContain(
      await refusedCode(s.mqttUrl, { clientId: 'box-a', username: 'box-b', password: b.password }),
    );
    expect(await metricValue(s, 'redsail_mqtt_auth_failed_total')).toBeGreaterThanOrEqual(5);
  });

  it('a publish into another device’s topic changes nothing for that device, and the publisher stays connected', async () => {
    await publish(clientA, 'box-b', 'telemetry', { leakage_ma: 99, ua: 10 });
    await publish(clientA, 'box-a', 'somewhere-else', { leakage_ma: 99 });
    const dev = await s.api.get<{ state: Record<string, unknown>; status: string; alarms: unknown[] }>(
      '/api/devices/box-b',
      s.admin,
    );
    expect(dev.body.state).toEqual({});
    expect(dev.body.status).toBe('unknown');
    expect(dev.body.alarms).toEqual([]);
    expect((await s.api.get<unknown[]>('/api/alarms', s.admin)).body).toEqual([]);
    expect(await metricValue(s, 'redsail_mqtt_acl_denied_total', { action: 'publish' })).toBe(2);
    expect(clientA.connected).toBe(true);
    await publish(clientA, 'box-a', 'telemetry', { ua: 230 });
    const own = await s.api.get<{ state: Record<string, unknown> }>('/api/devices/box-a', s.admin);
    expect(own.body.state).toEqual({ ua: 230 });
  });

  it('refuses a subscription to another device’s commands (SUBACK 0x80) and grants its own', async () => {
    // mqtt.js turns a SUBACK return code 0x80 into an error carrying the SUBACK packet.
    const suback = { packet: { cmd: 'suback', granted: [128] } };
    await expect(clientA.subscribeAsync(topic('box-b', 'commands'), { qos: 1 })).rejects.toMatchObject(
      suback,
    );
    await expect(clientA.subscribeAsync('redsail/v1/devices/+/commands', { qos: 1 })).rejects.toMatchObject(
      suback,
    );
    expect(await metricValue(s, 'redsail_mqtt_acl_denied_total', { action: 'subscribe' })).toBe(2);
    const own = await clientA.subscribeAsync(topic('box-a', 'commands'), { qos: 1 });
    expect(own[0]?.qos).toBe(1);
  });

  it('sends a command down and reports the device’s ack live', async () => {
    const dispatcher = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const socket = await connectSocket(s.httpUrl, dispatcher);
    const log = new EventLog(socket, ['command:ack']);
    await clientA.subscribeAsync(topic('box-a', 'commands'), { qos: 1 });
    const received = new Promise<{ id: string; name: string; args: Record<string, unknown> }>((resolve) =>
      clientA.once('message', (_t, payload) => resolve(JSON.parse(payload.toString()) as never)),
    );
    const sent = await s.api.post<{ id: string; connected: boolean }>(
      '/api/devices/box-a/commands',
      { name: 'reset_breaker', args: {} },
      dispatcher,
    );
    expect(sent.status).toBe(202);
    expect(sent.body.connected).toBe(true);
    const cmd = await received;
    expect(cmd).toEqual({ id: sent.body.id, name: 'reset_breaker', args: {} });
    await publish(clientA, 'box-a', 'commands/ack', { id: cmd.id, ok: true, message: 'done' });
    const ack = await log.waitFor<{ id: string; ok: boolean; deviceId: string }>('command:ack');
    expect(ack).toMatchObject({ id: cmd.id, ok: true, deviceId: 'box-a', message: 'done' });
    socket.close();
  });
});
