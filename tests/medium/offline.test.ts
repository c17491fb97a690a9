// Offline detection: silence for OFFLINE_AFTER_S (on a controlled clock) or the last will.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  severity: string;
  active: boolean;
}

describe('offline detection', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let lamp: MqttClient;

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { OFFLINE_AFTER_S: '5' } });
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:cleared', 'device:status', 'ticket:created']);
    lamp = await connectDevice(s, await registerDevice(s, { id: 'lamp-1', type: 'streetlight' }));
  });
  afterAll(async () => {
    await lamp?.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('a device silent for OFFLINE_AFTER_S raises offline, and is online again on its next message', async () => {
    await publish(lamp, 'lamp-1', 'telemetry', { lamp: 'on', commanded: 'on', i: 0.4, lux: 3 });
    s.clock?.advance(4_999);
    s.app.tick();
    expect((await s.api.get<{ status: string }>('/api/devices/lamp-1', s.admin)).body.status).toBe('online');

    s.clock?.advance(1);
    s.app.tick();
    const raised = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'lamp-1');
    expect(raised).toMatchObject({ rule: 'offline', severity: 'minor', active: true });
    await log.waitFor('device:status', (e) => e.id === 'lamp-1' && e.status === 'offline');
    const ticket = await log.waitFor<{ priority: string; alarmRule: string }>('ticket:created');
    expect(ticket).toMatchObject({ priority: 'P3', alarmRule: 'offline' });

    await publish(lamp, 'lamp-1', 'telemetry', { lux: 2 });
    const cleared = await log.waitFor<Alarm>('alarm:cleared', (a) => a.id === raised.id);
    expect(cleared.active).toBe(false);
    const dev = await s.api.get<{ status: string }>('/api/devices/lamp-1', s.admin);
    expect(dev.body.status).toBe('online');
  });

  it('the last will (offline, retained) raises offline at once when the connection drops', async () => {
    const creds = await registerDevice(s, { id: 'cam-1', type: 'camera' });
    const cam = await connectDevice(s, creds);
    await publish(cam, 'cam-1', 'status', 'online');
    cam.stream.destroy(); // no DISCONNECT packet: the broker publishes the will
    const raised = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'cam-1');
    expect(raised).toMatchObject({ rule: 'offline', severity: 'major' });
    const dev = await s.api.get<{ status: string }>('/api/devices/cam-1', s.admin);
    expect(dev.body.status).toBe('offline');
    cam.end(true);

    const again = await connectDevice(s, creds);
    await publish(again, 'cam-1', 'status', 'online');
    await log.waitFor<Alarm>('alarm:cleared', (a) => a.id === raised.id);
    await again.endAsync();
  });
});
