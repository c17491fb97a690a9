// kill -9 after a ticket is opened: on restart the ticket and alarm are there, and the same fault
// arriving again opens no second ticket.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import readline from 'node:readline';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';

interface Proc {
  child: ChildProcess;
  httpPort: number;
  mqttPort: number;
}

/** Starts `server/src/main.ts` as its own process and resolves once it logs its bound ports. */
function startProcess(dataDir: string): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const rec = JSON.parse(line) as { msg?: string; httpPort?: number; mqttPort?: number };
        if (rec.msg === 'Redsail is up' && rec.httpPort && rec.mqttPort)
          resolve({ child, httpPort: rec.httpPort, mqttPort: rec.mqttPort });
      } catch {
        // not a log record
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

describe('crash safety', () => {
  const dataDir = tempDir();
  let proc: Proc | undefined;
  afterAll(() => {
    proc?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the ticket and alarm across kill -9 and opens no second ticket for the same fault', async () => {
    proc = await startProcess(dataDir);
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

    const exited = new Promise((resolve) => proc!.child.once('exit', resolve));
    proc.child.kill('SIGKILL');
    await exited;

    proc = await startProcess(dataDir);
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

    const stopped = new Promise<number | null>((resolve) => proc!.child.once('exit', resolve));
    proc.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    proc = undefined;
  });
});
