// With a small open-file limit, HTTP clients holding every connection they may cannot take the file
// descriptors devices need: the HTTP cap derived from `ulimit -n` leaves room for MQTT.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, SERVER_ENV } from '../../scripts/lib/build-server';
import { Api } from '../helpers/api';
import { testBackend } from '../helpers/backends';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';

const FD_LIMIT = 512; // fd-budget.ts: 256 kept, HTTP 64, MQTT 192

/** The built server under `ulimit -n FD_LIMIT`, resolved with its ports once it is up. */
async function startLimited(env: Record<string, string>) {
  const entry = buildServer(process.cwd());
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$1"`, process.execPath, entry], {
    env: {
      ...SERVER_ENV,
      ...process.env,
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ports = await new Promise<{ httpPort: number; mqttPort: number }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const rec = JSON.parse(line) as { msg?: string; httpPort?: number; mqttPort?: number };
        if (rec.msg === 'Redsail is up' && rec.httpPort && rec.mqttPort) {
          resolve({ httpPort: rec.httpPort, mqttPort: rec.mqttPort });
        }
      } catch {
        // not a log record
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, ...ports };
}

describe('file descriptors kept for devices', () => {
  const dataDir = tempDir();
  let child: ChildProcess | undefined;
  let httpPort = 0;
  let mqttPort = 0;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    const backend = testBackend();
    ({ child, httpPort, mqttPort } = await startLimited({
      ...(await backend.prepare(dataDir)),
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    }));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('HTTP connections from several addresses, more than the fd limit, leave a device able to connect', async () => {
    const api = new Api(`http://127.0.0.1:${httpPort}`);
    const admin = await api.login('admin', ADMIN_PASSWORD);
    const reg = await api.post<{ mqtt: { username: string; password: string } }>(
      '/api/devices',
      { id: 'box-fd', type: 'distribution_box' },
      admin,
    );
    expect(reg.status).toBe(201);
    // 4 addresses × 150 half-open requests = 600 connections offered (each address within its 256).
    for (let host = 1; host <= 4; host++) {
      for (let i = 0; i < 150; i++) {
        const sock = net.connect({ port: httpPort, host: '127.0.0.1', localAddress: `127.0.0.${host}` });
        sock.on('error', () => undefined);
        await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
        sock.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
        sockets.push(sock);
      }
    }
    // Let the server accept (or close) them all: one more connection sees the verdict after them.
    await new Promise<void>((resolve) => {
      const probe = net.connect(httpPort, '127.0.0.1');
      probe.on('error', () => resolve());
      probe.once('close', () => resolve());
    });
    const accepted = sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;
    expect(accepted).toBeLessThanOrEqual(64);
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      clientId: 'box-fd',
      username: reg.body.mqtt.username,
      password: reg.body.mqtt.password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    await device.publishAsync('redsail/v1/devices/box-fd/telemetry', JSON.stringify({ ua: 230 }), { qos: 1 });
    expect(device.connected).toBe(true);
    await device.endAsync();
  });
});
