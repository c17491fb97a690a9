// Revocation across two cluster nodes (api.md "Accounts, secrets and audit", "Cluster mode"): a user
// disabled on node 1 loses the socket they hold on node 2 at once, and their token there; a device
// secret rotated on node 1 drops the device's connection on node 2, whose cached record then refuses
// the old secret.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';
import { connectSocket } from '../helpers/socket';

async function refusedCode(url: string, opts: mqtt.IClientOptions): Promise<number | undefined> {
  try {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
    await c.endAsync();
    return 0;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

describe('revocation across two nodes', () => {
  let c: TestCluster;
  const clients: MqttClient[] = [];

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };

  beforeAll(async () => {
    c = await startCluster(2);
    expect((await node(0).api.post('/api/vans', { id: 'van-x', name: 'van-x' }, c.admin)).status).toBe(201);
  });
  afterAll(async () => {
    for (const client of clients) await client.endAsync(true);
    await c?.stop();
  });

  it('disabling a technician on node 1 disconnects their socket on node 2 at once; their token is refused there', async () => {
    const token = await node(1).api.userToken(c.admin, 'tech-x', 'technician', 'van-x');
    const socket = await connectSocket(node(1).httpUrl, token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const res = await node(0).api.request('PATCH', '/api/users/tech-x', {
      token: c.admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await node(1).api.get('/api/auth/me', token)).status).toBe(401);
  });

  it('a secret rotated on node 1 drops the device on node 2, which refuses the old secret and takes the new', async () => {
    const reg = await node(0).api.post<{ mqtt: { password: string } }>(
      '/api/devices',
      { id: 'box-x', type: 'distribution_box' },
      c.admin,
    );
    expect(reg.status).toBe(201);
    const as = (password: string) => ({ clientId: 'box-x', username: 'box-x', password, reconnectPeriod: 0 });
    const box = await mqtt.connectAsync(node(1).mqttUrl, as(reg.body.mqtt.password));
    clients.push(box);
    const closed = new Promise<void>((resolve) => box.once('close', () => resolve()));
    const rotated = await node(0).api.post<{ mqtt: { password: string } }>(
      '/api/devices/box-x/secret',
      {},
      c.admin,
    );
    expect(rotated.status).toBe(200);
    await closed;
    expect([4, 5]).toContain(await refusedCode(node(1).mqttUrl, as(reg.body.mqtt.password)));
    const fresh = await mqtt.connectAsync(node(1).mqttUrl, as(rotated.body.mqtt.password));
    clients.push(fresh);
    expect(fresh.connected).toBe(true);
  });
});
