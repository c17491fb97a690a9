// The simulated devices answer the server's commands: a dispatcher's reset_breaker reaches the
// simulated box over MQTT, its ack comes back as `command:ack`, and the tripped-breaker alarm clears
// because the box reports a closed breaker. A command the box does not know gets a failed ack.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet } from '../../simulators/devices/fleet';
import { loadScenario } from '../../simulators/devices/scenario';
import type { Fleet } from '../../simulators/devices/types';
import { registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
}
interface Ack {
  id: string;
  deviceId: string;
  ok: boolean;
  message?: string;
}

describe('simulated devices answer commands', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let fleet: Fleet;

  beforeAll(async () => {
    s = await startServer();
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:cleared', 'command:ack']);
    const box = { id: 'box-solo', type: 'distribution_box', compoundId: 'c1', feeds: [] };
    const { password } = await registerDevice(s, box);
    fleet = await startFleet({
      mqttUrl: s.mqttUrl,
      devices: [{ ...box, password }],
      scenario: loadScenario(path.resolve(import.meta.dirname, '../fixtures/sim-breaker.json')),
      seed: 1,
      intervalS: 60,
      timeScale: 1,
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    socket?.close();
    await s?.stop();
  });

  it('reset_breaker: ok ack, and the breaker_tripped alarm clears', async () => {
    const alarm = await log.waitFor<Alarm>('alarm:raised', (a) => a.rule === 'breaker_tripped');
    expect(alarm.deviceId).toBe('box-solo');
    const sent = await s.api.post<{ id: string; connected: boolean }>(
      '/api/devices/box-solo/commands',
      { name: 'reset_breaker', args: {} },
      s.admin,
    );
    expect(sent.status).toBe(202);
    expect(sent.body.connected).toBe(true);
    const ack = await log.waitFor<Ack>('command:ack', (a) => a.id === sent.body.id);
    expect(ack).toMatchObject({ deviceId: 'box-solo', ok: true, message: 'breaker_tripped cleared' });
    await log.waitFor<Alarm>('alarm:cleared', (a) => a.id === alarm.id);
  });

  it('a command the box does not declare is refused by the server, naming the ones it accepts', async () => {
    const sent = await s.api.post<{ error: string; message: string; allowed: string[] }>(
      '/api/devices/box-solo/commands',
      { name: 'reboot', args: {} },
      s.admin,
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ error: 'bad_request', allowed: ['reset_breaker', 'report_now'] });
    expect(sent.body.message).toBe(
      "a distribution_box has no command 'reboot'; it accepts: reset_breaker, report_now",
    );
  });
});
