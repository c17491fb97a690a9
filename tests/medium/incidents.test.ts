// Power-feed topology and incidents through real MQTT: a box's power cut groups the alarms of the
// devices it feeds under its one ticket; a dark device with no cause gets its ticket after the hold, and
// one still dark after the power came back gets its own after the grace (api.md "Power-feed topology").
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentDto, WithheldAlarmDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  active: boolean;
  ticketId?: string;
  causeAlarmId?: string;
}
interface Ticket {
  id: string;
  deviceId?: string;
  alarmRule?: string;
}
interface Timeline {
  timeline: { type: string; data: Record<string, unknown> }[];
}

const HOLD_MS = 30_000;
const GRACE_MS = 300_000;

describe('incidents: a box’s power cut and the devices it feeds', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  const clients = new Map<string, MqttClient>();

  const alarmOf = async (deviceId: string, rule: string) => {
    const res = await s.api.get<Alarm[]>(`/api/alarms?active=true&deviceId=${deviceId}`, s.admin);
    return res.body.find((a) => a.rule === rule);
  };
  const ticketsOf = async (deviceId: string) =>
    (await s.api.get<Ticket[]>(`/api/tickets?deviceId=${deviceId}`, s.admin)).body;
  const timeline = async (id: string) => (await s.api.get<Timeline>(`/api/tickets/${id}`, s.admin)).body;
  const status = (id: string, st: 'online' | 'offline') => publish(clients.get(id)!, id, 'status', st);
  const breaker = (id: string, b: 'tripped' | 'closed') =>
    publish(clients.get(id)!, id, 'telemetry', { breaker: b });
  const withheld = async () => {
    const res = await s.api.get<unknown[]>('/api/incidents/withheld', s.admin);
    return new Map(res.body.map((w) => WithheldAlarmDto.parse(w)).map((w) => [w.alarm.deviceId, w.why]));
  };
  const passTime = (ms: number) => {
    s.clock?.advance(ms);
    s.app.tick();
  };

  beforeAll(async () => {
    s = await startServer({
      manualClock: true,
      env: {
        INCIDENT_HOLD_S: String(HOLD_MS / 1000),
        INCIDENT_RESTORE_GRACE_S: String(GRACE_MS / 1000),
        OFFLINE_AFTER_S: '100000',
      },
    });
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:updated', 'ticket:created']);
    const devices: { id: string; type: string; poweredBy?: string }[] = [
      { id: 'box-1', type: 'distribution_box' },
      { id: 'lamp-1', type: 'streetlight', poweredBy: 'box-1' },
      { id: 'lamp-2', type: 'streetlight', poweredBy: 'box-1' },
      { id: 'lamp-3', type: 'streetlight', poweredBy: 'box-1' },
      { id: 'cam-1', type: 'camera', poweredBy: 'box-1' },
      { id: 'box-2', type: 'distribution_box' },
      { id: 'lamp-4', type: 'streetlight', poweredBy: 'box-2' },
      { id: 'box-3', type: 'distribution_box' },
      { id: 'lamp-5', type: 'streetlight', poweredBy: 'box-3' },
    ];
    for (const d of devices) {
      const creds = await registerDevice(s, { ...d, compoundId: 'gongbao' });
      clients.set(d.id, await connectDevice(s, creds));
    }
  });
  afterAll(async () => {
    for (const c of clients.values()) await c.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('devices show poweredBy; a poweredBy that is not a registered box is refused, naming why', async () => {
    const lamp = await s.api.get<{ poweredBy?: string }>('/api/devices/lamp-1', s.admin);
    expect(lamp.body.poweredBy).toBe('box-1');
    const cases: [string, string][] = [
      ['box-9', 'not a registered device'],
      ['lamp-1', 'feeds no devices'],
      ['lamp-x', 'cannot feed itself'],
    ];
    for (const [poweredBy, message] of cases) {
      const res = await s.api.post<{ message: string }>(
        '/api/devices',
        { id: 'lamp-x', type: 'streetlight', poweredBy },
        s.admin,
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
    }
  });

  it('an import may feed a device from a box earlier in the same list; a bad row is named', async () => {
    const ok = await s.api.post(
      '/api/devices/import',
      {
        devices: [
          { id: 'box-i', type: 'distribution_box' },
          { id: 'lamp-i', type: 'streetlight', poweredBy: 'box-i' },
        ],
      },
      s.admin,
    );
    expect(ok.status).toBe(201);
    const csv = 'id,type,poweredBy\nlamp-j,streetlight,box-1\nlamp-k,streetlight,lamp-j\n';
    const bad = await s.api.request<{ message: string; rows: { row: number; errors: string[] }[] }>(
      'POST',
      '/api/devices/import',
      { token: s.admin, rawBody: csv, headers: { 'content-type': 'text/csv' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.rows).toEqual([
      { row: 2, line: 3, id: 'lamp-k', errors: [expect.stringContaining('poweredBy')] },
    ]);
  });

  it('breaker trips, then the lamps and the camera go dark: one ticket, the box’s, lists them', async () => {
    await breaker('box-1', 'tripped');
    const cause = await alarmOf('box-1', 'breaker_tripped');
    expect(cause?.ticketId).toBeDefined();
    for (const id of ['lamp-1', 'lamp-2', 'lamp-3', 'cam-1']) await status(id, 'offline');

    for (const id of ['lamp-1', 'lamp-2', 'lamp-3', 'cam-1']) {
      const a = await alarmOf(id, 'offline');
      expect(a).toMatchObject({ causeAlarmId: cause?.id });
      expect(a?.ticketId).toBeUndefined();
      expect(await ticketsOf(id)).toEqual([]);
    }
    // Still alarms: announced to the consoles like any other.
    const raised = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'lamp-1');
    expect(raised.causeAlarmId).toBe(cause?.id);

    const grouped = (await timeline(cause!.ticketId!)).timeline.filter((e) => e.type === 'alarm_grouped');
    expect(grouped.map((e) => e.data.deviceId)).toEqual(['lamp-1', 'lamp-2', 'lamp-3', 'cam-1']);
    expect(grouped[0]?.data).toMatchObject({ alarmId: raised.id, rule: 'offline' });

    const res = await s.api.get<unknown[]>('/api/incidents?active=true', s.admin);
    expect(res.status).toBe(200);
    const incidents = res.body.map((i) => IncidentDto.parse(i));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: cause?.id, ticketId: cause?.ticketId, compoundId: 'gongbao' });
    expect(incidents[0]?.affected.map((a) => a.deviceId).sort()).toEqual([
      'cam-1',
      'lamp-1',
      'lamp-2',
      'lamp-3',
    ]);
    const one = await s.api.get(`/api/incidents/${cause?.id}`, s.admin);
    expect(IncidentDto.parse(one.body).affected).toHaveLength(4);
    expect((await s.api.get('/api/incidents/nope', s.admin)).status).toBe(404);
  });

  it('after the breaker resets, a lamp still dark after the grace gets its own ticket', async () => {
    const cause = await alarmOf('box-1', 'breaker_tripped');
    await breaker('box-1', 'closed');
    for (const id of ['lamp-2', 'lamp-3', 'cam-1']) await status(id, 'online');
    passTime(GRACE_MS - 1);
    expect(await ticketsOf('lamp-1')).toEqual([]);

    passTime(1);
    const [ticket] = await ticketsOf('lamp-1');
    expect(ticket).toMatchObject({ alarmRule: 'offline' });
    expect((await alarmOf('lamp-1', 'offline'))?.ticketId).toBe(ticket?.id);
    const created = (await timeline(ticket!.id)).timeline.find((e) => e.type === 'created');
    expect(created?.data.why).toMatchObject({ code: 'still_dark', causeAlarmId: cause?.id });
    for (const id of ['lamp-2', 'lamp-3', 'cam-1']) expect(await ticketsOf(id)).toEqual([]);

    const ended = await s.api.get<unknown[]>('/api/incidents?active=false', s.admin);
    const incident = ended.body.map((i) => IncidentDto.parse(i)).find((i) => i.id === cause?.id);
    expect(incident?.endedAt).toBeDefined();
    expect(incident?.affected.find((a) => a.deviceId === 'lamp-1')).toMatchObject({
      active: true,
      ticketId: ticket?.id,
    });
    expect(incident?.affected.find((a) => a.deviceId === 'lamp-2')?.active).toBe(false);
  });

  it('a lamp dark before its box (within the hold) is grouped at once; one with no cause opens after the hold', async () => {
    await status('lamp-4', 'offline');
    await status('lamp-5', 'offline');
    passTime(10_000);
    expect(await ticketsOf('lamp-4')).toEqual([]);
    expect(await ticketsOf('lamp-5')).toEqual([]);
    const waiting = await withheld();
    expect(waiting.get('lamp-4')).toMatchObject({ code: 'awaiting_cause', feederId: 'box-2' });
    expect(waiting.get('lamp-5')).toMatchObject({ code: 'awaiting_cause', feederId: 'box-3' });

    await breaker('box-2', 'tripped'); // the fed devices are swept at once, not on the next tick
    const cause = await alarmOf('box-2', 'breaker_tripped');
    expect((await alarmOf('lamp-4', 'offline'))?.causeAlarmId).toBe(cause?.id);
    const updated = await log.waitFor<Alarm>('alarm:updated', (a) => a.deviceId === 'lamp-4');
    expect(updated.causeAlarmId).toBe(cause?.id);
    expect((await withheld()).get('lamp-4')).toEqual({
      code: 'power_cut',
      feederId: 'box-2',
      causeAlarmId: cause?.id,
      causeRule: 'breaker_tripped',
    });
    const entries = (await timeline(cause!.ticketId!)).timeline.map((e) => e.type);
    expect(entries).toContain('alarm_grouped');

    passTime(HOLD_MS - 10_001);
    expect(await ticketsOf('lamp-5')).toEqual([]);
    passTime(1);
    const [own] = await ticketsOf('lamp-5');
    expect(own).toMatchObject({ alarmRule: 'offline' });
    const created = (await timeline(own!.id)).timeline.find((e) => e.type === 'created');
    expect(created?.data.why).toEqual({ code: 'no_cause', feederId: 'box-3' });
    expect(await ticketsOf('lamp-4')).toEqual([]);
  });
});
