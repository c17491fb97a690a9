// Cluster mode end to end (api.md "Cluster mode"): three server processes on one PostgreSQL and one
// redis-server. Devices on any node, events and commands across nodes, MQTT takeover across nodes,
// concurrent dispatch of two vans from every node, kill -9 of a node, a Redis restart, a node rejoining.
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Ticket {
  id: string;
  status: string;
  vanId?: string;
  deviceId?: string;
}
interface Health {
  status: string;
  mode: string;
  node: string;
  store: string;
  redis?: string;
}

const topic = (id: string, kind: string) => `redsail/v1/devices/${id}/${kind}`;

describe('a three-node cluster', () => {
  let c: TestCluster;
  let disp: string;
  const sockets: TestSocket[] = [];
  const clients: MqttClient[] = [];
  const creds = new Map<string, string>();

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const register = async (body: { id: string; type: string; [k: string]: unknown }, on = 0) => {
    const res = await node(on).api.post<{ mqtt: { password: string } }>('/api/devices', body, c.admin);
    expect(res.status).toBe(201);
    creds.set(body.id, res.body.mqtt.password);
  };
  const connect = async (id: string, on: number) => {
    const client = await mqtt.connectAsync(node(on).mqttUrl, {
      clientId: id,
      username: id,
      password: creds.get(id) ?? '',
      reconnectPeriod: 0,
      will: { topic: topic(id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: false },
    });
    clients.push(client);
    return client;
  };
  const consoleOn = async (on: number, names: Parameters<typeof EventLog.prototype.of>[0][]) => {
    const socket = await connectSocket(node(on).httpUrl, disp);
    sockets.push(socket);
    return new EventLog(socket, names as never);
  };
  /** On the server's own `postgres` database: works while the cluster's database refuses connections. */
  const sqlAsAdmin = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: c.pg.url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const sql = async <R extends object>(text: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: c.databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(text)).rows;
    } finally {
      await client.end();
    }
  };

  /** Vans holding more than one busy ticket, as the database has them (must always be none). */
  const doubleBooked = async () =>
    (
      await sql<{ van_id: string }>(
        "SELECT van_id FROM tickets WHERE status IN ('dispatched','accepted','en_route','on_site') GROUP BY van_id HAVING count(*) > 1 ORDER BY van_id",
      )
    ).map((r) => r.van_id);
  const health = async (i: number) => (await node(i).api.get<Health>('/api/health')).body;
  /** Polls a node's health until it reports `status` (the change has no event to await). */
  const healthBecomes = async (i: number, status: string) => {
    for (;;) {
      if ((await health(i).catch(() => undefined))?.status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const hotline = async (on: number) => {
    const res = await node(on).api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '配电箱冒烟', priority: 'P1', lat: 35.6, lng: 116.98 },
      disp,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const addVan = async (id: string, on: number) => {
    const res = await node(on).api.post<{ mqtt: { password: string } }>(
      '/api/vans',
      { id, name: id },
      c.admin,
    );
    expect(res.status).toBe(201);
    creds.set(id, res.body.mqtt.password);
    const van = await connect(id, on);
    await van.publishAsync(topic(id, 'telemetry'), JSON.stringify({ lat: 35.6, lng: 116.98, speed_kmh: 0 }), {
      qos: 1,
    });
  };
  const dispatch = (on: number, ticketId: string, vanId: string) =>
    node(on).api.post(`/api/tickets/${ticketId}/events`, { type: 'dispatch', vanId }, disp);

  beforeAll(async () => {
    c = await startCluster(3, { OFFLINE_AFTER_S: '4', CLUSTER_LEASE_MS: '1500', AUTO_DISPATCH: 'false' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
  }, 120_000);
  afterAll(async () => {
    await c?.redis.resume(); // a test that failed during an outage
    for (const s of sockets) s.close();
    for (const m of clients) m.end(true);
    await c?.stop();
  });

  it('every node reports the cluster, its own name and the shared store', async () => {
    for (let i = 0; i < 3; i += 1) {
      const h = await node(i).api.get<Health>('/api/health');
      expect(h.status).toBe(200);
      expect(h.body).toMatchObject({
        status: 'ok',
        mode: 'cluster',
        node: `node-${i + 1}`,
        store: 'postgres',
        redis: 'up',
      });
    }
  });

  it('a token from one node works on every node', async () => {
    for (let i = 0; i < 3; i += 1) expect((await node(i).api.get('/api/devices', disp)).status).toBe(200);
  });

  it('a device registered on node 1 and connected to node 2 raises an alarm a console on node 3 hears', async () => {
    const log = await consoleOn(2, ['alarm:raised', 'ticket:created']);
    await register({ id: 'box-1', type: 'distribution_box', lat: 35.597, lng: 116.99 }, 0);
    const box = await connect('box-1', 1);
    await box.publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: 45 }), { qos: 1 });
    const alarm = await log.waitFor<{ deviceId: string; rule: string }>(
      'alarm:raised',
      (a) => a.deviceId === 'box-1',
    );
    expect(alarm.rule).toBe('leakage');
    const ticket = await log.waitFor<Ticket>('ticket:created', (t) => t.deviceId === 'box-1');
    expect((await node(0).api.get<Ticket>(`/api/tickets/${ticket.id}`, disp)).body.status).toBe('new');
  });

  it('a command sent on node 3 reaches the device on node 2, and its ack reaches a console on node 1', async () => {
    const log = await consoleOn(0, ['command:ack']);
    const box = clients[0];
    if (!box) throw new Error('box-1 is not connected');
    await box.subscribeAsync(topic('box-1', 'commands'), { qos: 1 });
    const received = new Promise<{ id: string; name: string }>((resolve) =>
      box.once('message', (_t, payload) =>
        resolve(JSON.parse(payload.toString()) as { id: string; name: string }),
      ),
    );
    const sent = await node(2).api.post<{ id: string; connected: boolean }>(
      '/api/devices/box-1/commands',
      { name: 'reset_breaker', args: {} },
      disp,
    );
    expect(sent.status).toBe(202);
    expect(sent.body.connected).toBe(true);
    const command = await received;
    expect(command).toMatchObject({ id: sent.body.id, name: 'reset_breaker' });
    await box.publishAsync(topic('box-1', 'commands/ack'), JSON.stringify({ id: command.id, ok: true }), {
      qos: 1,
    });
    expect(
      await log.waitFor<{ id: string; ok: boolean }>('command:ack', (a) => a.id === command.id),
    ).toMatchObject({
      ok: true,
    });
  });

  it('the same device connecting to node 3 takes over: node 2 drops it without its last will, node 3 carries on', async () => {
    const log = await consoleOn(0, ['device:status', 'alarm:cleared']);
    const old = clients[0];
    if (!old) throw new Error('box-1 is not connected');
    const dropped = new Promise<void>((resolve) => old.once('close', () => resolve()));
    const box = await connect('box-1', 2);
    await dropped;
    // Node 3 loaded the device as node 2 left it: a clearing reading clears the alarm node 2 raised.
    await box.publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: 2 }), { qos: 1 });
    await log.waitFor<{ deviceId: string }>('alarm:cleared', (a) => a.deviceId === 'box-1');
    const device = await node(1).api.get<{ status: string }>('/api/devices/box-1', disp);
    expect(device.body.status).toBe('online');
    expect(
      log.of<{ id: string; status: string }>('device:status').filter((e) => e.status === 'offline'),
    ).toStrictEqual([]);
  });

  it('an ack made on node 1 reaches the owner (node 3), and node 2 reads the latest state from the store', async () => {
    const log = await consoleOn(1, ['alarm:updated']);
    const box = clients.find((m) => m.options.clientId === 'box-1' && m.connected);
    if (!box) throw new Error('box-1 is not connected');
    const send = (leakage: number) =>
      box.publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: leakage }), { qos: 1 });
    await send(50);
    const active = await node(0).api.get<{ id: string; deviceId: string }[]>('/api/alarms?active=true', disp);
    const alarm = active.body.find((a) => a.deviceId === 'box-1');
    if (!alarm) throw new Error('no active alarm of box-1');
    expect((await node(0).api.post(`/api/alarms/${alarm.id}/ack`, {}, disp)).status).toBe(200);
    // The owner's next repeats carry the ack once it has heard of it.
    const acked = log.waitFor<{ id: string; ackedBy?: string }>(
      'alarm:updated',
      (a) => a.id === alarm.id && a.ackedBy === 'disp',
    );
    let heard = false;
    void acked.then(() => (heard = true));
    for (let v = 51; !heard; v += 1) {
      await send(v);
      await Promise.race([acked, new Promise((resolve) => setTimeout(resolve, 300))]);
    }
    await send(3); // clears: acknowledged once committed
    const device = await node(1).api.get<{ state: Record<string, number> }>('/api/devices/box-1', disp);
    expect(device.body.state.leakage_ma).toBe(3);
  }, 30_000);

  it('tickets created on every node at once, two vans: each van holds one ticket, the rest wait', async () => {
    const vans = ['van-a', 'van-b'];
    for (const [i, id] of vans.entries()) await addVan(id, i);
    const created = await Promise.all(
      [0, 1, 2, 0, 1, 2].map(async (i) => {
        const res = await node(i).api.post<Ticket>(
          '/api/tickets',
          { category: 'electrical', description: '楼道灯不亮', priority: 'P2', lat: 35.6, lng: 116.98 },
          disp,
        );
        expect(res.status).toBe(201);
        return res.body.id;
      }),
    );
    // Three tickets for each van, dispatched from all three nodes at once: each van takes one.
    const results = await Promise.all(
      created.map((id, k) =>
        node(k % 3).api.post(`/api/tickets/${id}/events`, { type: 'dispatch', vanId: vans[k % 2] }, disp),
      ),
    );
    const codes = results.map((r) => r.status);
    expect(codes.filter((s) => s === 200)).toHaveLength(2);
    expect(codes.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const busy = await sql<{ van_id: string; n: string }>(
      "SELECT van_id, count(*) AS n FROM tickets WHERE status IN ('dispatched','accepted','en_route','on_site') GROUP BY van_id ORDER BY van_id",
    );
    expect(busy).toStrictEqual([
      { van_id: 'van-a', n: '1' },
      { van_id: 'van-b', n: '1' },
    ]);
  });

  it('while Redis is down: readings are taken, health says degraded, the database still refuses a double booking; then consoles resync', async () => {
    const log = await consoleOn(0, ['resync', 'alarm:raised']);
    await addVan('van-c', 0);
    const [x, y] = [await hotline(0), await hotline(1)];
    await c.redis.pause();
    await Promise.all([0, 1, 2].map((i) => healthBecomes(i, 'degraded')));
    expect(await health(0)).toMatchObject({ mode: 'cluster', redis: 'down' });

    // Node 2 cannot hear that node 1 dispatched van-c: PostgreSQL holds the rule.
    expect((await dispatch(0, x, 'van-c')).status).toBe(200);
    const refused = await dispatch(1, y, 'van-c');
    expect(refused.status).toBe(409);
    expect(await doubleBooked()).toStrictEqual([]);

    // A device registered and connecting now is taken too.
    await register({ id: 'meter-7', type: 'distribution_box' }, 1);
    const meter = await connect('meter-7', 1);
    await meter.publishAsync(topic('meter-7', 'telemetry'), JSON.stringify({ leakage_ma: 44 }), { qos: 1 });
    // box-1 (on node 3) still reports: its alarm is stored, readable from node 1.
    const box = clients.find((m) => m.options.clientId === 'box-1' && m.connected);
    if (!box) throw new Error('box-1 is not connected');
    await box.publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: 48 }), { qos: 1 });
    const active = await node(0).api.get<{ deviceId: string }[]>('/api/alarms?active=true', disp);
    expect(active.body.map((a) => a.deviceId)).toEqual(expect.arrayContaining(['box-1', 'meter-7']));

    await c.redis.resume();
    await Promise.all([0, 1, 2].map((i) => healthBecomes(i, 'ok')));
    await log.waitFor('resync');
  }, 60_000);

  it('kill -9 of a node: its devices fail over to the others and carry on; one that does not reconnect goes offline on time', async () => {
    const log = await consoleOn(0, ['device:status', 'alarm:raised']);
    // Six more boxes spread over the three nodes; box-1 is on node 3 too.
    const spread = ['box-11', 'box-12', 'box-13', 'box-14', 'box-15', 'box-16'];
    for (const [k, id] of spread.entries()) {
      await register({ id, type: 'distribution_box' }, k % 3);
      await connect(id, k % 3);
    }
    const onNode3 = [...spread.filter((_, k) => k % 3 === 2), 'box-1'].map((id) => {
      const m = clients.find((x) => x.options.clientId === id && x.connected);
      if (!m) throw new Error(`${id} is not connected`);
      return m;
    });
    const closed = Promise.all(
      onNode3.map((m) => new Promise<void>((resolve) => m.once('close', () => resolve()))),
    );
    await c.kill(2);
    await closed;
    // The devices of node 3 but box-1 reconnect through "the balancer" (here: node 1 and 2 in turn).
    const moved = spread.filter((_, k) => k % 3 === 2);
    for (const [k, id] of moved.entries()) {
      const m = await connect(id, k % 2);
      await m.publishAsync(topic(id, 'telemetry'), JSON.stringify({ leakage_ma: 47 }), { qos: 1 });
      await log.waitFor<{ deviceId: string }>('alarm:raised', (a) => a.deviceId === id);
    }
    await log.waitFor<{ id: string; status: string }>(
      'device:status',
      (e) => e.id === 'box-1' && e.status === 'offline',
    );
    expect((await node(1).api.get<{ status: string }>('/api/devices/box-1', disp)).body.status).toBe(
      'offline',
    );
    for (const id of moved) {
      expect((await node(0).api.get<{ status: string }>(`/api/devices/${id}`, disp)).body.status).toBe(
        'online',
      );
    }
    expect(
      log
        .of<{ id: string; status: string }>('device:status')
        .filter((e) => moved.includes(e.id) && e.status === 'offline'),
    ).toStrictEqual([]);
    expect(await health(0)).toMatchObject({ status: 'ok' });
  }, 60_000);

  it('the killed node rejoins under its name and takes its device back', async () => {
    const log = await consoleOn(1, ['device:status']);
    await c.start(2);
    expect(await health(2)).toMatchObject({ status: 'ok', node: 'node-3', mode: 'cluster' });
    const box = await connect('box-1', 2);
    await box.publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: 2 }), { qos: 1 });
    await log.waitFor<{ id: string; status: string }>(
      'device:status',
      (e) => e.id === 'box-1' && e.status === 'online',
    );
  }, 60_000);

  it('while PostgreSQL refuses the nodes: health 503, readings taken, an alarm acknowledged only once it is stored', async () => {
    await register({ id: 'meter-9', type: 'distribution_box' }, 2);
    const meter = await connect('meter-9', 2);
    const box = clients.find((m) => m.options.clientId === 'box-1' && m.connected);
    if (!box) throw new Error('box-1 is not connected');
    await sqlAsAdmin(
      "ALTER DATABASE redsail_cluster ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'redsail_cluster'",
    );
    const restore = () => sqlAsAdmin('ALTER DATABASE redsail_cluster ALLOW_CONNECTIONS true');
    try {
      await healthBecomes(2, 'unavailable');
      expect((await node(2).api.get('/api/health')).status).toBe(503);
      const order: string[] = [];
      const alarmAcked = box
        .publishAsync(topic('box-1', 'telemetry'), JSON.stringify({ leakage_ma: 61 }), { qos: 1 })
        .then(() => order.push('alarm acked'));
      await meter.publishAsync(topic('meter-9', 'telemetry'), JSON.stringify({ ua: 221 }), { qos: 1 });
      order.push('plain acked');
      expect(order).toStrictEqual(['plain acked']);
      await restore();
      await alarmAcked;
      expect(order).toStrictEqual(['plain acked', 'alarm acked']);
    } finally {
      await restore();
    }
    await healthBecomes(2, 'ok');
    // Stored whole: the alarm and its ticket.
    const alarms = await sql<{ id: string; ticket_id: string }>(
      "SELECT id, ticket_id FROM alarms WHERE device_id = 'box-1' AND active",
    );
    expect(alarms).toHaveLength(1);
    const tickets = await sql<{ id: string }>(
      `SELECT id FROM tickets WHERE id = '${alarms[0]?.ticket_id ?? ''}'`,
    );
    expect(tickets).toHaveLength(1);
  }, 60_000);

  it('the test can fail: with the database rule removed, a double booking during an outage is detected', async () => {
    await sql('DROP INDEX tickets_one_active_per_van');
    await addVan('van-d', 0);
    const [x, y] = [await hotline(0), await hotline(1)];
    await c.redis.pause();
    await Promise.all([0, 1].map((i) => healthBecomes(i, 'degraded')));
    expect((await dispatch(0, x, 'van-d')).status).toBe(200);
    expect((await dispatch(1, y, 'van-d')).status).toBe(200); // nothing stops it now
    expect(await doubleBooked()).toStrictEqual(['van-d']);
    await c.redis.resume();
  }, 60_000);
});
