// Packets the fuzz (tests/medium/fuzz.test.ts, bench/fuzz.bench.ts) found to take the server down, each
// sent once on a raw socket: the connection is refused and the server goes on.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.stop());

/** Writes `bytes` and resolves once the server has closed the connection. */
function sendAndWaitClose(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(s.mqttPort, '127.0.0.1', () => socket.write(bytes));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
  });
}

describe('fuzz regressions', () => {
  it('a v5 CONNECT with a password and no username is refused, and the server stays up', async () => {
    const clientId = Buffer.from('box-1');
    const password = Buffer.from('secret');
    const body = Buffer.concat([
      Buffer.from([0x00, 0x04]),
      Buffer.from('MQTT'),
      Buffer.from([0x05, 0x42, 0x00, 0x1e, 0x00]), // v5, flags: password + clean start, keep-alive 30, no properties
      Buffer.from([0x00, clientId.length]),
      clientId,
      Buffer.from([0x00, password.length]),
      password,
    ]);
    await sendAndWaitClose(Buffer.concat([Buffer.from([0x10, body.length]), body]));
    expect((await s.api.get('/api/health')).status).toBe(200);
  });
});
