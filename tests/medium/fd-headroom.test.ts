// With a small open-file limit, HTTP clients holding every connection they may cannot take the file
// descriptors devices need: the HTTP cap derived from `ulimit -n` leaves room for MQTT.
import net from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api';
import { testBackend } from '../helpers/backends';
import { startProcess, stopProcess, type ServerProcess } from '../helpers/process';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';

const FD_LIMIT = 512; // fd-budget.ts: 256 kept, HTTP 64, MQTT 192

describe('file descriptors kept for devices', () => {
  const dataDir = tempDir();
  let server: ServerProcess | undefined;
  let httpPort = 0;
  let mqttPort = 0;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    const backend = testBackend();
    server = await startProcess(
      { ...(await backend.prepare(dataDir)), REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD },
      [],
      { fdLimit: FD_LIMIT },
    );
    ({ httpPort, mqttPort } = server);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    if (server) await stopProcess(server);
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
