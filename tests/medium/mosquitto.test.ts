// Debian's mosquitto_pub — a client we did not write — speaks to the broker per the contract.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice, type Creds } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);

describe('mosquitto_pub', () => {
  let s: TestServer;
  let creds: Creds;
  const pub = (password: string, message: string) =>
    run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(s.mqttPort),
      '-i',
      creds.id,
      '-u',
      creds.username,
      '-P',
      password,
      '-q',
      '1',
      '-t',
      `redsail/v1/devices/${creds.id}/telemetry`,
      '-m',
      message,
    ]);

  beforeAll(async () => {
    s = await startServer();
    creds = await registerDevice(s, { id: 'box-mq', type: 'distribution_box' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('publishes telemetry that the server accepts and evaluates', async () => {
    await pub(creds.password, '{"temp_c": 90, "ua": 231}');
    const dev = await s.api.get<{
      state: Record<string, unknown>;
      status: string;
      alarms: { rule: string }[];
    }>('/api/devices/box-mq', s.admin);
    expect(dev.body.state).toEqual({ temp_c: 90, ua: 231 });
    expect(dev.body.status).toBe('online');
    expect(dev.body.alarms.map((a) => a.rule)).toEqual(['overheat']);
  });

  it('is refused with a wrong secret', async () => {
    await expect(pub('wrong-secret', '{"temp_c": 20}')).rejects.toThrow();
    const dev = await s.api.get<{ state: Record<string, unknown> }>('/api/devices/box-mq', s.admin);
    expect(dev.body.state).toEqual({ temp_c: 90, ua: 231 });
  });
});
