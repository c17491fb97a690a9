// MQTT 5.0 devices (device-protocol.md "Connection"): same credentials, ACL and ingest as 3.1.1.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice, topic, type Creds } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

const v5 = (s: TestServer, creds: Creds) => connectDevice(s, creds, { protocolVersion: 5 });

async function refusal(s: TestServer, opts: IClientOptions): Promise<number | undefined> {
  try {
    const c = await mqtt.connectAsync(s.mqttUrl, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...opts,
    });
    await c.endAsync();
    return 0;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

describe('MQTT 5.0 devices', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let a: Creds;
  let b: Creds;
  let clientA: MqttClient;

  beforeAll(async () => {
    s = await startServer();
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'command:ack']);
    a = await registerDevice(s, { id: 'box-5a', type: 'distribution_box' });
    b = await registerDevice(s, { id: 'cam-5b', type: 'camera' });
    clientA = await v5(s, a);
  });
  afterAll(async () => {
    await clientA?.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('publishes telemetry that raises the alarm, as a 3.1.1 device would', async () => {
    await publish(clientA, 'box-5a', 'telemetry', { leakage_ma: 45 });
    const alarm = await log.waitFor<{ deviceId: string; rule: string }>(
      'alarm:raised',
      (x) => x.deviceId === 'box-5a',
    );
    expect(alarm.rule).toBe('leakage');
  });

  it('refuses bad credentials with reason 0x86 and a foreign client id with 0x87', async () => {
    expect(await refusal(s, { clientId: 'cam-5b', username: 'cam-5b', password: 'wrong' })).toBe(0x86);
    expect(await refusal(s, { clientId: 'ghost', username: 'ghost', password: 'whatever' })).toBe(0x86);
    expect(await refusal(s, { clientId: 'anon' })).toBe(0x86);
    expect(await refusal(s, { clientId: 'box-5a', username: 'cam-5b', password: b.password })).toBe(0x87);
  });

  it('keeps a v5 device inside its own topics: foreign subscribe gets 0x80, its own commands arrive', async () => {
    await expect(clientA.subscribeAsync(topic('cam-5b', 'commands'), { qos: 1 })).rejects.toMatchObject({
      packet: { cmd: 'suback', granted: [0x80] },
    });
    const granted = await clientA.subscribeAsync(topic('box-5a', 'commands'), { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    const received = new Promise<{ id: string }>((resolve) =>
      clientA.once('message', (_t, payload) => resolve(JSON.parse(payload.toString()) as { id: string })),
    );
    const disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.post('/api/devices/box-5a/commands', { name: 'reset_breaker' }, disp);
    const cmd = await received;
    await publish(clientA, 'box-5a', 'commands/ack', { id: cmd.id, ok: true });
    expect(await log.waitFor('command:ack', (x) => x.id === cmd.id)).toMatchObject({ ok: true });
    await clientA.unsubscribeAsync(topic('box-5a', 'commands'));
  });

  it('a DISCONNECT with reason 0x04 publishes the will: the camera goes offline', async () => {
    const cam = await v5(s, b);
    await publish(cam, 'cam-5b', 'status', 'online');
    await cam.endAsync(false, { reasonCode: 0x04 });
    const alarm = await log.waitFor<{ deviceId: string; rule: string }>(
      'alarm:raised',
      (x) => x.deviceId === 'cam-5b',
    );
    expect(alarm.rule).toBe('offline');
  });
});

describe('MQTT over WebSocket at /mqtt on the HTTP port', () => {
  it('accepts a device (3.1.1 and 5.0) with the same credentials and refuses a wrong secret', async () => {
    const s = await startServer();
    const creds = await registerDevice(s, { id: 'lamp-ws', type: 'streetlight' });
    const wsUrl = `${s.httpUrl.replace('http', 'ws')}/mqtt`;
    for (const protocolVersion of [4, 5] as const) {
      const c = await mqtt.connectAsync(wsUrl, {
        protocolVersion,
        clientId: creds.id,
        username: creds.username,
        password: creds.password,
        reconnectPeriod: 0,
      });
      await publish(c, 'lamp-ws', 'telemetry', { lux: 10 + protocolVersion });
      await c.endAsync();
    }
    const dev = await s.api.get<{ state: Record<string, unknown> }>('/api/devices/lamp-ws', s.admin);
    expect(dev.body.state).toEqual({ lux: 15 });
    await expect(
      mqtt.connectAsync(wsUrl, {
        clientId: creds.id,
        username: creds.username,
        password: 'wrong',
        reconnectPeriod: 0,
      }),
    ).rejects.toMatchObject({ code: 4 });
    await s.stop();
  });
});
