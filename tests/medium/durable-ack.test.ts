// Durable acknowledgements (api.md "Cluster mode", single node too): a QoS-1 reading that raises or
// clears an alarm gets its PUBACK only once the alarm and its ticket are committed, so a kill -9 the
// moment the PUBACK arrives loses neither; plain QoS-1 telemetry and QoS 0 are handled at once, as
// before. The store's write lock is held from the test so that "not yet committed" lasts as long as
// the test needs, and every claim is an order of events, not a wait.
import { rmSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api';
import { testBackend } from '../helpers/backends';
import { holdStoreWriteLock } from '../helpers/store-lock';
import { topic } from '../helpers/devices';
import { startProcess, stopProcess, type ServerProcess } from '../helpers/process';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';

const LEAK = JSON.stringify({ leakage_ma: 45 }); // raises `leakage` (critical → a P1 ticket) at once
const NORMAL = JSON.stringify({ ua: 220, ub: 221, uc: 219, leakage_ma: 3, temp_c: 30 });

interface Node {
  proc: ServerProcess;
  api: Api;
  admin: string;
}

async function startNode(dataDir: string): Promise<Node> {
  const proc = await startProcess({
    ...(await testBackend().prepare(dataDir)),
    REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  const api = new Api(`http://127.0.0.1:${proc.httpPort}`);
  return { proc, api, admin: await api.login('admin', ADMIN_PASSWORD) };
}

/** Registers a device and connects it; `ws` connects over MQTT over WebSocket at /mqtt. */
async function device(
  n: Node,
  id: string,
  type: string,
  opts: IClientOptions & { ws?: boolean } = {},
): Promise<MqttClient> {
  const reg = await n.api.post<{ mqtt: { username: string; password: string } }>(
    '/api/devices',
    { id, type },
    n.admin,
  );
  if (reg.status !== 201) throw new Error(`register ${id}: ${reg.status}`);
  const { ws, ...rest } = opts;
  const url = ws ? `ws://127.0.0.1:${n.proc.httpPort}/mqtt` : `mqtt://127.0.0.1:${n.proc.mqttPort}`;
  return mqtt.connectAsync(url, { clientId: id, ...reg.body.mqtt, reconnectPeriod: 0, ...rest });
}

/** The sum of one counter over its labels, from /metrics. */
async function counter(n: Node, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${n.proc.httpPort}/metrics`)).text();
  let total = 0;
  for (const m of text.matchAll(/^([a-z_]+)(?:\{[^}]*\})? (\S+)$/gm))
    if (m[1] === name) total += Number(m[2]);
  return total;
}

/**
 * Resolves once the server has handled what makes `name` reach `n`: the counters move when ingest
 * decides, before anything is committed, and there is no event for that to await. Also resolves when
 * the server is gone (killed on a PUBACK that came too early): the caller's next assertion says so.
 */
async function handled(node: Node, name: string, n: number): Promise<void> {
  for (;;) {
    const value = await counter(node, name).catch(() => undefined);
    if (value === undefined || value >= n) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Kills the server with SIGKILL the moment `ack` (a publish's PUBACK) resolves. */
function killOnAck(n: Node, ack: Promise<unknown>, order: string[], label: string): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => n.proc.child.once('exit', resolve));
  return ack.then(() => {
    n.proc.child.kill('SIGKILL');
    order.push(label);
    return exited;
  });
}

type Alarm = { rule: string; active: boolean; clearedAt?: string; ticketId?: string };
type Ticket = { id: string; alarmRule?: string; timeline: { type: string }[] };

describe('durable PUBACK: kill -9 right after the acknowledgement', () => {
  const dirs: string[] = [];
  const nodes: Node[] = [];
  const clients: MqttClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end(true);
    for (const { proc } of nodes.splice(0))
      if (proc.child.exitCode === null && proc.child.signalCode === null) await stopProcess(proc, 'SIGKILL');
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function setUp() {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const node = await startNode(dataDir);
    nodes.push(node);
    const box = await device(node, 'box-d', 'distribution_box');
    const other = await device(node, 'box-plain', 'distribution_box');
    clients.push(box, other);
    return { dataDir, node, box, other };
  }

  async function restart(dataDir: string): Promise<Node> {
    const node = await startNode(dataDir);
    nodes.push(node);
    return node;
  }

  it('keeps the alarm and its ticket that a QoS-1 reading raised', async () => {
    const { dataDir, node, box, other } = await setUp();
    await other.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
    const order: string[] = [];
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    const killed = killOnAck(
      node,
      box.publishAsync(topic('box-d', 'telemetry'), LEAK, { qos: 1 }),
      order,
      'alarm acked',
    );
    await handled(node, 'redsail_alarms_raised_total', 1);
    expect(order).toEqual([]); // raised, not committed: no PUBACK yet
    await other.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
    order.push('plain acked');
    expect(order).toEqual(['plain acked']); // another device is acknowledged meanwhile
    // Marked before the release: on PostgreSQL the server may commit (and acknowledge) before the
    // ROLLBACK's reply reaches this client.
    order.push('store released');
    await release();
    expect(await killed).toBeNull(); // killed by the signal
    expect(order).toEqual(['plain acked', 'store released', 'alarm acked']);

    const after = await restart(dataDir);
    const alarms = await after.api.get<Alarm[]>('/api/alarms?deviceId=box-d', after.admin);
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true })]);
    const ticketId = alarms.body[0]?.ticketId;
    expect(ticketId).toBeDefined();
    const ticket = await after.api.get<Ticket>(`/api/tickets/${ticketId}`, after.admin);
    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({ alarmRule: 'leakage', priority: 'P1' });
  });

  it('keeps the clear that a QoS-1 reading made, and its note on the ticket', async () => {
    const { dataDir, node, box, other } = await setUp();
    await box.publishAsync(topic('box-d', 'telemetry'), LEAK, { qos: 1 });
    const raised = await node.api.get<Alarm[]>('/api/alarms?deviceId=box-d', node.admin);
    expect(raised.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true })]);
    const order: string[] = [];
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    const killed = killOnAck(
      node,
      box.publishAsync(topic('box-d', 'telemetry'), NORMAL, { qos: 1 }),
      order,
      'clear acked',
    );
    await handled(node, 'redsail_alarms_cleared_total', 1);
    expect(order).toEqual([]);
    await other.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
    order.push('plain acked');
    expect(order).toEqual(['plain acked']);
    // Marked before the release: on PostgreSQL the server may commit (and acknowledge) before the
    // ROLLBACK's reply reaches this client.
    order.push('store released');
    await release();
    expect(await killed).toBeNull();
    expect(order).toEqual(['plain acked', 'store released', 'clear acked']);

    const after = await restart(dataDir);
    const alarms = await after.api.get<Alarm[]>('/api/alarms?deviceId=box-d', after.admin);
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: false })]);
    expect(alarms.body[0]?.clearedAt).toBeTypeOf('string');
    const ticket = await after.api.get<Ticket>(`/api/tickets/${alarms.body[0]?.ticketId}`, after.admin);
    expect(ticket.body.timeline.map((e) => e.type)).toContain('alarm_cleared');
  });
  it('sends no PUBACK for a change that was not committed when the server stops', async () => {
    const { dataDir, node, box } = await setUp();
    const order: string[] = [];
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    void box.publishAsync(topic('box-d', 'telemetry'), LEAK, { qos: 1 }).then(
      () => order.push('acked'),
      () => order.push('failed'), // mqtt.js may give up on it when the connection closes: not a PUBACK
    );
    await handled(node, 'redsail_alarms_raised_total', 1);
    const closed = new Promise((resolve) => box.stream.once('close', resolve));
    const exited = stopProcess(node.proc, 'SIGTERM');
    await closed; // the broker closed the connection: nothing more can arrive on it
    expect(order).toEqual([]);
    await release(); // the final commit may now go through; the acknowledgement stays unsent
    expect(await exited).toBe(0);
    expect(order).toEqual([]);
  });
});

describe('durable PUBACK: what waits and what does not', () => {
  const dataDir = tempDir();
  let node: Node;
  let plain: MqttClient;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    node = await startNode(dataDir);
    plain = await device(node, 'box-plain', 'distribution_box');
    clients.push(plain);
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    if (node) await stopProcess(node.proc, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('handles a QoS-0 alarm reading and acknowledges a plain QoS-1 reading at once while the store is busy', async () => {
    const q0 = await device(node, 'box-q0', 'distribution_box');
    clients.push(q0);
    const raisedBefore = await counter(node, 'redsail_alarms_raised_total');
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    try {
      await q0.publishAsync(topic('box-q0', 'telemetry'), LEAK, { qos: 0 });
      await handled(node, 'redsail_alarms_raised_total', raisedBefore + 1);
      // Its connection is not held: the next packet on it is answered.
      const granted = await q0.subscribeAsync(topic('box-q0', 'commands'), { qos: 1 });
      expect(granted[0]?.qos).toBe(1);
      await plain.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
    } finally {
      await release();
    }
    const alarms = await node.api.get<Alarm[]>('/api/alarms?deviceId=box-q0', node.admin);
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true })]);
  });

  it('holds alarm PUBACKs the same over MQTT 5, over WebSocket and for an offline status, in order per connection', async () => {
    const v5 = await device(node, 'box-v5', 'distribution_box', { protocolVersion: 5 });
    const ws = await device(node, 'box-ws', 'distribution_box', { ws: true });
    const cam = await device(node, 'cam-st', 'camera');
    clients.push(v5, ws, cam);
    const raisedBefore = await counter(node, 'redsail_alarms_raised_total');
    const order: string[] = [];
    const note = (p: Promise<unknown>, label: string) => p.then(() => void order.push(label));
    // A partial reading without leakage_ma repeats the alarm: not a change, but its device has one
    // uncommitted, so it waits behind it.
    const repeat = JSON.stringify({ temp_c: 31 });
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    const acks = [
      note(v5.publishAsync(topic('box-v5', 'telemetry'), LEAK, { qos: 1 }), 'v5 raise'),
      note(v5.publishAsync(topic('box-v5', 'telemetry'), repeat, { qos: 1 }), 'v5 repeat'),
      note(ws.publishAsync(topic('box-ws', 'telemetry'), LEAK, { qos: 1 }), 'ws raise'),
      note(ws.publishAsync(topic('box-ws', 'telemetry'), repeat, { qos: 1 }), 'ws repeat'),
      note(cam.publishAsync(topic('cam-st', 'status'), 'offline', { qos: 1, retain: true }), 'offline'),
    ];
    await handled(node, 'redsail_alarms_raised_total', raisedBefore + 3);
    expect(order).toEqual([]);
    await plain.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
    order.push('plain acked');
    expect(order).toEqual(['plain acked']);
    await release();
    await Promise.all(acks);
    expect(order).toHaveLength(6);
    expect(order.indexOf('v5 raise')).toBeLessThan(order.indexOf('v5 repeat'));
    expect(order.indexOf('ws raise')).toBeLessThan(order.indexOf('ws repeat'));
    const active = await node.api.get<(Alarm & { deviceId: string; count: number })[]>(
      '/api/alarms?active=true',
      node.admin,
    );
    const byDevice = Object.fromEntries(active.body.map((a) => [a.deviceId, [a.rule, a.count]]));
    expect(byDevice).toMatchObject({
      'box-v5': ['leakage', 2],
      'box-ws': ['leakage', 2],
      'cam-st': ['offline', 1],
    });
  });
  it('holds a reading resent on a new connection until the alarm its first copy raised is committed', async () => {
    const first = await device(node, 'box-rc', 'distribution_box');
    const creds = { clientId: 'box-rc', username: first.options.username, password: first.options.password };
    const raisedBefore = await counter(node, 'redsail_alarms_raised_total');
    const release = await holdStoreWriteLock(dataDir, 'alarms, tickets');
    const order: string[] = [];
    try {
      void first.publishAsync(topic('box-rc', 'telemetry'), LEAK, { qos: 1 }).then(
        () => order.push('first'),
        () => undefined, // given up when the connection is ended below
      );
      await handled(node, 'redsail_alarms_raised_total', raisedBefore + 1);
      first.end(true); // the connection drops with its PUBACK still held
      const again = await mqtt.connectAsync(`mqtt://127.0.0.1:${node.proc.mqttPort}`, {
        ...creds,
        reconnectPeriod: 0,
      });
      clients.push(again);
      const received = await counter(node, 'redsail_mqtt_messages_received_total');
      // The same reading again, as a device resends an unacknowledged one: a repeat of an alarm that is
      // not stored yet, so it waits for it.
      const resent = again.publishAsync(topic('box-rc', 'telemetry'), LEAK, { qos: 1 });
      const acked = resent.then(() => order.push('resent'));
      await handled(node, 'redsail_mqtt_messages_received_total', received + 1);
      await plain.publishAsync(topic('box-plain', 'telemetry'), NORMAL, { qos: 1 });
      order.push('plain acked');
      expect(order).toEqual(['plain acked']);
      await release();
      await acked;
      expect(order).toEqual(['plain acked', 'resent']);
    } finally {
      await release();
    }
  });
});
