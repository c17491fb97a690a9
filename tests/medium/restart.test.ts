// kill -9 after a ticket is opened: on restart the ticket and alarm are there, and the same fault
// arriving again opens no second ticket.
import { rmSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api';
import { startProcess, stopProcess, type ServerProcess } from '../helpers/process';
import { testBackend } from '../helpers/backends';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';

describe('crash safety', () => {
  const dataDir = tempDir();
  const backend = testBackend();
  let proc: ServerProcess | undefined;
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await backend.discard(dataDir);
  });

  it('keeps the ticket and alarm across kill -9 and opens no second ticket for the same fault', async () => {
    proc = await startProcess({
      ...(await backend.prepare(dataDir)),
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    let api = new Api(`http://127.0.0.1:${proc.httpPort}`);
    let admin = await api.login('admin', ADMIN_PASSWORD);
    const reg = await api.post<{ mqtt: { username: string; password: string } }>(
      '/api/devices',
      { id: 'box-k', type: 'distribution_box' },
      admin,
    );
    const creds = reg.body.mqtt;
    const send = async (port: number) => {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: 'box-k',
        ...creds,
        reconnectPeriod: 0,
      });
      await c.publishAsync('redsail/v1/devices/box-k/telemetry', JSON.stringify({ leakage_ma: 45 }), {
        qos: 1,
      });
      await c.endAsync();
    };
    await send(proc.mqttPort);
    const before = await api.get<{ id: string }[]>('/api/tickets?deviceId=box-k', admin);
    expect(before.body).toHaveLength(1);

    await stopProcess(proc, 'SIGKILL');

    proc = await startProcess({
      ...(await backend.prepare(dataDir)),
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    api = new Api(`http://127.0.0.1:${proc.httpPort}`);
    admin = await api.login('admin', ADMIN_PASSWORD);
    const after = await api.get<{ id: string; priority: string }[]>('/api/tickets?deviceId=box-k', admin);
    expect(after.body).toEqual([expect.objectContaining({ id: before.body[0]?.id, priority: 'P1' })]);
    const alarms = await api.get<{ rule: string; active: boolean; count: number }[]>(
      '/api/alarms?deviceId=box-k',
      admin,
    );
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true, count: 1 })]);

    await send(proc.mqttPort);
    expect((await api.get<unknown[]>('/api/tickets?deviceId=box-k', admin)).body).toHaveLength(1);
    const again = await api.get<{ count: number }[]>('/api/alarms?deviceId=box-k', admin);
    expect(again.body).toEqual([expect.objectContaining({ count: 2 })]);

    expect(await stopProcess(proc, 'SIGTERM')).toBe(0); // graceful shutdown
    proc = undefined;
  });
});
