// Incidents and silences across a two-node cluster: a silence created on one node holds an alarm the
// other node decides, and ending it there opens the ticket; a box's power cut on one node groups the
// alarm of a lamp the other node handles, on the box's ticket (api.md "Incidents, silences").
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  ticketId?: string;
  causeAlarmId?: string;
  silenceId?: string;
}

const topic = (id: string, kind: string) => `redsail/v1/devices/${id}/${kind}`;

describe('incidents and silences in a cluster', () => {
  let c: TestCluster;
  let disp: string;
  let log: EventLog;
  let socket: TestSocket | undefined;
  const clients = new Map<string, MqttClient>();

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const add = async (body: { id: string; type: string; poweredBy?: string }, connectTo: number) => {
    const res = await node(0).api.post<{ mqtt: { password: string } }>('/api/devices', body, c.admin);
    expect(res.status).toBe(201);
    const client = await mqtt.connectAsync(node(connectTo).mqttUrl, {
      clientId: body.id,
      username: body.id,
      password: res.body.mqtt.password,
      reconnectPeriod: 0,
    });
    clients.set(body.id, client);
  };
  const send = (id: string, kind: string, payload: string) =>
    clients.get(id)?.publishAsync(topic(id, kind), payload, { qos: 1 });
  /** The alarm as announced once `pred` holds (raised with it, or updated to it by a sweep). */
  const alarmWhen = async (pred: (a: Alarm) => boolean) =>
    Promise.race([log.waitFor<Alarm>('alarm:raised', pred), log.waitFor<Alarm>('alarm:updated', pred)]);

  beforeAll(async () => {
    c = await startCluster(2, { INCIDENT_HOLD_S: '3', CLUSTER_LEASE_MS: '1500', AUTO_DISPATCH: 'false' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
    socket = await connectSocket(node(0).httpUrl, disp);
    log = new EventLog(socket, ['alarm:raised', 'alarm:updated', 'ticket:created', 'ticket:updated']);
    await add({ id: 'box-1', type: 'distribution_box' }, 0);
    await add({ id: 'lamp-1', type: 'streetlight', poweredBy: 'box-1' }, 1);
    await add({ id: 'lamp-2', type: 'streetlight', poweredBy: 'box-1' }, 1);
  }, 120_000);
  afterAll(async () => {
    socket?.close();
    for (const m of clients.values()) m.end(true);
    await c?.stop();
  });

  it('a silence made on node 1 holds the alarm of a lamp node 2 handles; ending it there opens the ticket', async () => {
    const res = await node(0).api.post<{ id: string }>(
      '/api/silences',
      { match: { deviceId: 'lamp-2' }, durationMin: 30, reason: 'pole replaced' },
      disp,
    );
    expect(res.status).toBe(201);
    await send('lamp-2', 'status', 'offline');
    const silenced = await alarmWhen((a) => a.deviceId === 'lamp-2' && a.silenceId === res.body.id);
    expect(silenced.ticketId).toBeUndefined();

    expect(
      (await node(0).api.request('DELETE', `/api/silences/${res.body.id}`, { token: disp })).status,
    ).toBe(200);
    const ticket = await log.waitFor<{ id: string; deviceId?: string }>(
      'ticket:created',
      (t) => t.deviceId === 'lamp-2',
    );
    const alarms = await node(1).api.get<Alarm[]>('/api/alarms?active=true&deviceId=lamp-2', disp);
    expect(alarms.body[0]?.ticketId).toBe(ticket.id);
  });

  it('a breaker trip on node 1 groups the offline alarm of a lamp on node 2 under the box’s ticket', async () => {
    await send('box-1', 'telemetry', JSON.stringify({ breaker: 'tripped' }));
    const cause = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'box-1');
    await send('lamp-1', 'status', 'offline');
    const grouped = await alarmWhen((a) => a.deviceId === 'lamp-1' && a.causeAlarmId === cause.id);
    expect(grouped.ticketId).toBeUndefined();
    // The entry is committed by node 2, as soon as it holds the box's ticket (synced from node 1).
    await log.waitFor<{ id: string }>('ticket:updated', (t) => t.id === cause.ticketId);
    const detail = await node(1).api.get<{ timeline: { type: string; data: { deviceId?: string } }[] }>(
      `/api/tickets/${cause.ticketId}`,
      disp,
    );
    expect(
      detail.body.timeline.filter((e) => e.type === 'alarm_grouped').map((e) => e.data.deviceId),
    ).toEqual(['lamp-1']);
  });
});
