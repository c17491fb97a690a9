// Verified repairs and repeat faults across two cluster nodes (api.md v1.1, "Cluster mode"): the box
// is connected to one node, the dispatcher works on the other. A close there is refused while the
// alarm is active; once the device proves the repair the ticket closes, and the node handling the box
// learns of the closing through the cluster sync, so the fault returning reopens that same ticket.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';

interface Ticket {
  id: string;
  status: string;
  repeatCount: number;
}

const topic = (id: string, kind: string) => `redsail/v1/devices/${id}/${kind}`;

/** Polls until `check` holds: what one node learns from another has no event to await here. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('repairs across two nodes', () => {
  let c: TestCluster;
  let disp: string;
  let box: MqttClient;
  let ticketId = '';

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const leak = (ma: number) =>
    box.publishAsync(topic('box-c', 'telemetry'), JSON.stringify({ leakage_ma: ma }), { qos: 1 });
  const ev = (on: number, body: object) =>
    node(on).api.post<Ticket & { error?: string }>(`/api/tickets/${ticketId}/events`, body, disp);
  /** The box's active alarms as a node's own book has them (GET /api/devices/{id}). */
  const alarmsOn = async (on: number) =>
    (await node(on).api.get<{ alarms: unknown[] }>('/api/devices/box-c', disp)).body.alarms.length;

  beforeAll(async () => {
    c = await startCluster(2, { AUTO_DISPATCH: 'false' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
    const res = await node(0).api.post<{ mqtt: { password: string } }>(
      '/api/devices',
      { id: 'box-c', type: 'distribution_box' },
      c.admin,
    );
    expect((await node(0).api.post('/api/vans', { id: 'van-c', name: 'van-c' }, c.admin)).status).toBe(201);
    box = await mqtt.connectAsync(node(1).mqttUrl, {
      clientId: 'box-c',
      username: 'box-c',
      password: res.body.mqtt.password,
      reconnectPeriod: 0,
    });
  }, 120_000);
  afterAll(async () => {
    box?.end(true);
    await c?.stop();
  });

  it('a close on the other node is refused with alarm_active while the leakage is active', async () => {
    await leak(45);
    await until(async () => (await alarmsOn(0)) === 1);
    const [t] = (await node(0).api.get<Ticket[]>('/api/tickets?deviceId=box-c', disp)).body;
    ticketId = t?.id ?? '';
    for (const body of [{ type: 'dispatch', vanId: 'van-c' }, { type: 'accept' }, { type: 'arrive' }])
      expect((await ev(0, body)).status).toBe(200);
    expect((await ev(0, { type: 'resolve', note: '更换漏电保护器' })).status).toBe(200);
    const refused = await ev(0, { type: 'close', reason: '已修复' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('alarm_active');
  });

  it('once the device proves the repair it closes; the fault returning reopens that ticket', async () => {
    await leak(4);
    await until(async () => (await alarmsOn(0)) === 0);
    expect((await ev(0, { type: 'close', reason: '设备已确认' })).body).toMatchObject({ status: 'closed' });
    // The node handling the box has let the ticket go from its open tickets: it knows it closed.
    await until(
      async () => (await node(1).api.get<Ticket>(`/api/tickets/${ticketId}`, disp)).body.status === 'closed',
    );
    await leak(50);
    const tickets = (await node(0).api.get<Ticket[]>('/api/tickets?deviceId=box-c', disp)).body;
    expect(tickets).toMatchObject([{ id: ticketId, status: 'new', repeatCount: 1 }]);
  });
});
