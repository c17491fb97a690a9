// A reading becomes exactly one alarm and one ticket, announced live; repeats and bursts add nothing.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { addVan } from '../helpers/vans';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  severity: string;
  active: boolean;
  count: number;
  ticketId?: string;
}
interface Ticket {
  id: string;
  priority: string;
  status: string;
  deviceId?: string;
  alarmRule?: string;
  source: string;
}

describe('distribution box leakage → alarm → ticket', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let box: MqttClient;

  beforeAll(async () => {
    s = await startServer();
    const dispatcher = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    socket = await connectSocket(s.httpUrl, dispatcher);
    log = new EventLog(socket, ['alarm:raised', 'alarm:updated', 'ticket:created', 'ticket:updated']);
    const creds = await registerDevice(s, {
      id: 'box-1',
      type: 'distribution_box',
      compoundId: 'gongbao',
      lat: 35.597,
      lng: 116.99,
    });
    box = await connectDevice(s, creds);
  });
  afterAll(async () => {
    await box?.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('one critical leakage alarm, one P1 ticket, and both events on an authenticated socket', async () => {
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
    const raised = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'box-1');
    const created = await log.waitFor<Ticket>('ticket:created', (t) => t.deviceId === 'box-1');
    expect(raised).toMatchObject({ rule: 'leakage', severity: 'critical', active: true, count: 1 });
    expect(created).toMatchObject({ priority: 'P1', status: 'new', source: 'alarm', alarmRule: 'leakage' });
    expect(raised.ticketId).toBe(created.id);

    const alarms = await s.api.get<Alarm[]>('/api/alarms?active=true', s.admin);
    expect(alarms.body.filter((a) => a.deviceId === 'box-1')).toHaveLength(1);
    const tickets = await s.api.get<Ticket[]>('/api/tickets?deviceId=box-1', s.admin);
    expect(tickets.body).toHaveLength(1);
  });

  it('ten more readings one by one, then ten as one burst: no second alarm or ticket, the count grows', async () => {
    for (let i = 0; i < 10; i++) await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 + i });
    // The burst: ten publishes written back to back without waiting for any PUBACK.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        box.publishAsync('redsail/v1/devices/box-1/telemetry', JSON.stringify({ leakage_ma: 60 + i }), {
          qos: 1,
        }),
      ),
    );
    const alarms = await s.api.get<Alarm[]>('/api/alarms?deviceId=box-1', s.admin);
    expect(alarms.body).toHaveLength(1);
    expect(alarms.body[0]).toMatchObject({ rule: 'leakage', active: true, count: 21 });
    const tickets = await s.api.get<Ticket[]>('/api/tickets?deviceId=box-1', s.admin);
    expect(tickets.body).toHaveLength(1);
    // Barrier: the update carrying the 21st reading is announced after any raise those readings
    // could have caused, so once it has arrived a duplicate would already be in the log.
    const updated = await log.waitFor<Alarm>('alarm:updated', (a) => a.count === 21);
    expect(updated.id).toBe(alarms.body[0]?.id);
    expect(log.of('alarm:raised')).toHaveLength(1);
    expect(log.of('ticket:created')).toHaveLength(1);
  });

  it('the alarm clearing is written to the ticket timeline', async () => {
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 2 });
    const ticketId = log.of<Ticket>('ticket:created')[0]?.id ?? '';
    const t = await s.api.get<{ timeline: { type: string }[] }>(`/api/tickets/${ticketId}`, s.admin);
    expect(t.body.timeline.map((e) => e.type)).toEqual(['created', 'alarm_cleared']);
    const alarms = await s.api.get<Alarm[]>('/api/alarms?active=true', s.admin);
    expect(alarms.body.filter((a) => a.deviceId === 'box-1')).toHaveLength(0);
  });

  it('the same fault again while the ticket is open goes to that ticket, not a new one', async () => {
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 50 });
    const second = await log.waitFor<Alarm>(
      'alarm:raised',
      (a) => a.count === 1 && log.of('alarm:raised').length === 2,
    );
    const ticketId = log.of<Ticket>('ticket:created')[0]?.id;
    expect(second.ticketId).toBe(ticketId);
    const t = await s.api.get<{ timeline: { type: string }[] }>(`/api/tickets/${ticketId}`, s.admin);
    expect(t.body.timeline.map((e) => e.type)).toEqual(['created', 'alarm_cleared', 'alarm_raised']);
    expect(log.of('ticket:created')).toHaveLength(1);
  });

  it('announces an alarm and its ticket only once both are committed to the store', async () => {
    const { bus } = s.app.services;
    const { store } = s.app;
    const atEmit: Promise<unknown>[] = [];
    const offs = [
      bus.on('alarm:raised', (a) => atEmit.push(store.getAlarm(a.id))),
      bus.on('ticket:created', (t) => atEmit.push(store.getTicket(t.id))),
    ];
    const creds = await registerDevice(s, { id: 'box-2', type: 'distribution_box' });
    const box2 = await connectDevice(s, creds);
    await publish(box2, 'box-2', 'telemetry', { breaker: 'tripped' });
    await log.waitFor<Ticket>('ticket:created', (t) => t.deviceId === 'box-2');
    for (const off of offs) off();
    const rows = await Promise.all(atEmit);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r !== undefined)).toBe(true);
    await box2.endAsync();
  });

  it('announces device states, statuses and van positions only once the state is committed', async () => {
    const { bus } = s.app.services;
    const { store } = s.app;
    const stored = async (id: string) => (await store.listDeviceStates()).find((x) => x.deviceId === id);
    /** Each announcement in order, with what the store held when it was read (just after it). */
    const seen: { key: string; value: unknown; read: Promise<unknown> }[] = [];
    const note = (
      key: string,
      id: string,
      value: unknown,
      pick: (x: Awaited<ReturnType<typeof stored>>) => unknown,
    ) => seen.push({ key, value, read: stored(id).then(pick) });
    let moved: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (moved = resolve));
    const offs = [
      bus.on('device:status', (e) => note(`status:${e.id}`, e.id, e.status, (x) => x?.status)),
      bus.on('device:state', (e) => note(`lat:${e.id}`, e.id, e.state.lat, (x) => x?.state.lat)),
      bus.on('van:position', (p) => {
        note(`lat:${p.id}`, p.id, p.lat, (x) => x?.state.lat);
        if (p.lat === 35.601) moved();
      }),
    ];
    const van = await addVan(s, 'van-commit', '一号车', 35.6, 116.99);
    await van.at(35.601, 116.991);
    await arrived;
    for (const off of offs) off();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // The store held the announced value, or one announced after it (committed since): never an older one.
    const reads = await Promise.all(seen.map((x) => x.read));
    seen.forEach((x, i) => {
      const later = seen
        .slice(i)
        .filter((y) => y.key === x.key)
        .map((y) => y.value);
      expect(later, x.key).toContain(reads[i]);
    });
    await van.client.endAsync();
  });
});
