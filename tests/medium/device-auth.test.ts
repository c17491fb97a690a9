// Device secrets are checked with HMAC-SHA256 under the server's key; hashes stored with scrypt
// (before HMAC) still verify and are replaced on the next good connect; unknown, wrong and
// decommissioned logins are refused alike; failed logins back off per remote address.
import { randomBytes, scryptSync } from 'node:crypto';
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_FILE } from '../../server/src/auth/device-key';
import { connectDevice, registerDevice, type Creds } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

/** The scrypt form device secrets were stored in before HMAC (cost 1024). */
function legacyHash(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Connects from the loopback address `from`; 0 when accepted, else the CONNACK's refusal code. */
async function connackFrom(
  s: TestServer,
  from: string,
  creds: Omit<Creds, 'id'> & { clientId?: string },
): Promise<number> {
  const client = new mqtt.MqttClient(
    () => net.createConnection({ host: '127.0.0.1', port: s.mqttPort, localAddress: from }),
    { clientId: creds.username, ...creds, reconnectPeriod: 0, connectTimeout: 5000 },
  );
  return new Promise((resolve, reject) => {
    client.once('connect', () => {
      client.end(true);
      resolve(0);
    });
    client.once('error', (err: Error & { code?: unknown }) => {
      client.end(true);
      if (typeof err.code === 'number') resolve(err.code);
      else reject(err);
    });
  });
}

describe('device secrets under HMAC-SHA256', () => {
  let s: TestServer;
  let fresh: Creds;
  let old: Creds;
  let retired: Creds;

  beforeAll(async () => {
    const first = await startServer();
    fresh = await registerDevice(first, { id: 'box-new', type: 'distribution_box' });
    old = await registerDevice(first, { id: 'box-old', type: 'distribution_box' });
    retired = await registerDevice(first, { id: 'box-gone', type: 'distribution_box' });
    const store = first.app.store;
    const oldRec = await store.getDevice(old.id);
    const goneRec = await store.getDevice(retired.id);
    if (!oldRec || !goneRec) throw new Error('registered devices not in the store');
    await store.updateDevice({ ...oldRec, secretHash: legacyHash(old.password) });
    await store.updateDevice({ ...goneRec, decommissionedAt: Date.now() });
    await first.stop({ keepData: true });
    s = await startServer({ dataDir: first.dataDir });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('a device registered now has an HMAC hash and connects; the key file is private', async () => {
    expect((await s.app.store.getDevice(fresh.id))?.secretHash).toMatch(
      /^hmac-sha256\$[0-9a-f]{8}\$[0-9a-f]{64}$/,
    );
    const c = await connectDevice(s, fresh);
    expect(c.connected).toBe(true);
    await c.endAsync();
    expect(statSync(path.join(s.dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('a device with a stored scrypt hash connects, and its hash is replaced by the HMAC form', async () => {
    expect((await s.app.store.getDevice(old.id))?.secretHash).toMatch(/^scrypt\$/);
    const c = await connectDevice(s, old);
    await c.endAsync();
    const migrated = (await s.app.store.getDevice(old.id))?.secretHash;
    expect(migrated).toMatch(/^hmac-sha256\$/);
    const again = await connectDevice(s, old);
    await again.endAsync();
    expect((await s.app.store.getDevice(old.id))?.secretHash).toBe(migrated);
  });

  it('refuses a wrong secret, an unknown id and a decommissioned device alike (code 4), whatever the client id', async () => {
    expect(await connackFrom(s, '127.0.0.5', { username: fresh.id, password: 'wrong-secret' })).toBe(4);
    expect(await connackFrom(s, '127.0.0.5', { username: 'box-ghost', password: fresh.password })).toBe(4);
    expect(await connackFrom(s, '127.0.0.5', { username: retired.id, password: retired.password })).toBe(4);
    // A client id naming a registered device does not change the answer to a wrong secret.
    const probe = { username: 'box-ghost', password: 'wrong-secret' };
    expect(await connackFrom(s, '127.0.0.5', { ...probe, clientId: fresh.id })).toBe(4);
    expect(await connackFrom(s, '127.0.0.5', { ...probe, clientId: 'box-nobody' })).toBe(4);
  });

  it('a burst of bad connects from one address is cut off (code 3, even a good one), another address gets in', async () => {
    const bad = { username: 'box-ghost', password: 'guess' };
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push(await connackFrom(s, '127.0.0.7', bad));
    expect(codes.slice(0, 20).every((c) => c === 4)).toBe(true);
    expect(codes.slice(20).every((c) => c === 3)).toBe(true);
    expect(await connackFrom(s, '127.0.0.7', { username: fresh.id, password: fresh.password })).toBe(3);
    expect(await connackFrom(s, '127.0.0.8', { username: fresh.id, password: fresh.password })).toBe(0);
    expect(
      await metricValue(s, 'redsail_mqtt_auth_failed_total', { reason: 'backoff' }),
    ).toBeGreaterThanOrEqual(6);
  });
});
