// The device proves the repair (api.md v1.1), through the real server and real MQTT: no close while
// the alarm is active, the clear on site is the device verifying it, the same fault returning within
// REPEAT_WINDOW_H reopens the closed ticket (a fresh one after the window, or after a cancel), and
// /api/stats counts the repeat repairs. Time is the app's manual clock.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { addVan } from '../helpers/vans';

const HOUR = 3600_000;
const WINDOW_H = 2;

interface Ticket {
  id: string;
  status: string;
  repeatCount: number;
  deviceId?: string;
}
interface Detail extends Ticket {
  timeline: { type: string; by: string; data: Record<string, unknown> }[];
}
interface Alarm {
  id: string;
  rule: string;
  active: boolean;
  ticketId?: string;
}

describe('verified repairs and repeat faults of a box leakage', () => {
  let s: TestServer;
  let disp: string;
  let box: MqttClient;
  let first = '';
  let t0 = 0;

  const ev = (id: string, body: object) => s.api.post<Detail>(`/api/tickets/${id}/events`, body, disp);
  const detail = async (id: string) => (await s.api.get<Detail>(`/api/tickets/${id}`, disp)).body;
  const boxTickets = async () =>
    (await s.api.get<Ticket[]>('/api/tickets?deviceId=box-r', disp)).body.sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
  const activeAlarm = async () =>
    (await s.api.get<Alarm[]>('/api/alarms?active=true&deviceId=box-r', disp)).body[0];
  const leak = (ma: number) => publish(box, 'box-r', 'telemetry', { leakage_ma: ma });
  /** Walks a ticket to on site with the van. */
  const toSite = async (id: string) => {
    for (const body of [{ type: 'dispatch', vanId: 'van-r' }, { type: 'accept' }, { type: 'arrive' }])
      expect((await ev(id, body)).status).toBe(200);
  };

  beforeAll(async () => {
    s = await startServer({
      manualClock: true,
      env: { REPEAT_WINDOW_H: String(WINDOW_H), AUTO_DISPATCH: 'false', OFFLINE_AFTER_S: '86400' },
    });
    t0 = s.clock?.now() ?? 0;
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.post(
      '/api/compounds',
      {
        id: 'c1',
        name: '工保小区',
        outline: {
          type: 'Polygon',
          coordinates: [
            [
              [116.98, 35.59],
              [116.99, 35.59],
              [116.99, 35.6],
              [116.98, 35.59],
            ],
          ],
        },
      },
      s.admin,
    );
    await addVan(s, 'van-r', '一号车', 35.595, 116.985);
    const creds = await registerDevice(s, {
      id: 'box-r',
      type: 'distribution_box',
      compoundId: 'c1',
      lat: 35.595,
      lng: 116.985,
    });
    box = await connectDevice(s, creds);
  });
  afterAll(async () => {
    await box?.endAsync();
    await s?.stop();
  });

  it('close and callback are refused with alarm_active while the leakage is active; nothing changes', async () => {
    await leak(45);
    const [t] = await boxTickets();
    first = t?.id ?? '';
    await toSite(first);
    expect((await ev(first, { type: 'resolve', note: '更换漏电保护器' })).status).toBe(200);
    const before = await detail(first);
    const alarm = await activeAlarm();
    for (const body of [
      { type: 'close', reason: '已修复' },
      { type: 'callback', satisfaction: 'satisfied' },
    ]) {
      const res = await ev(first, body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'alarm_active' });
      expect(String((res.body as unknown as { message: string }).message)).toContain(alarm?.id ?? '?');
    }
    expect(await detail(first)).toEqual(before);
  });

  it('the leakage clearing while resolved is the device verifying the repair; then it closes', async () => {
    const alarm = await activeAlarm();
    await leak(4);
    const d = await detail(first);
    expect(d.timeline.at(-1)).toMatchObject({
      type: 'device_verified',
      by: 'device:box-r',
      data: { alarmId: alarm?.id, rule: 'leakage' },
    });
    expect(d.timeline.map((e) => e.type)).not.toContain('alarm_cleared');
    const closed = await ev(first, { type: 'close', reason: '设备已确认' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', repeatCount: 0 });
  });

  it('the same fault within the window reopens that ticket: back to the queue, repeatCount 1', async () => {
    s.clock?.advance(WINDOW_H * HOUR - 60_000);
    await leak(50);
    const tickets = await boxTickets();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ id: first, status: 'new', repeatCount: 1 });
    expect((await activeAlarm())?.ticketId).toBe(first);
    const tail = (await detail(first)).timeline.slice(-2);
    expect(tail).toMatchObject([
      { type: 'reopen', by: 'system', data: { reason: 'repeat_fault' } },
      { type: 'alarm_raised', by: 'device:box-r' },
    ]);
  });

  it('after the window the fault opens a fresh ticket; after a cancel too', async () => {
    await leak(4); // cleared while new: an ordinary alarm_cleared
    expect((await detail(first)).timeline.at(-1)?.type).toBe('alarm_cleared');
    await toSite(first);
    expect((await ev(first, { type: 'resolve', note: '再次更换' })).status).toBe(200);
    expect((await ev(first, { type: 'close', reason: '设备已确认' })).status).toBe(200);
    s.clock?.advance(WINDOW_H * HOUR + 1);
    await leak(45);
    const tickets = await boxTickets();
    expect(tickets).toHaveLength(2);
    const fresh = tickets.find((t) => t.id !== first);
    expect(fresh).toMatchObject({ status: 'new', repeatCount: 0 });
    expect(tickets.find((t) => t.id === first)).toMatchObject({ status: 'closed', repeatCount: 1 });

    await leak(4);
    expect((await ev(fresh?.id ?? '', { type: 'cancel', reason: '误报' })).status).toBe(200);
    await leak(45);
    const after = await boxTickets();
    expect(after).toHaveLength(3);
    expect(after.filter((t) => t.status === 'new')).toMatchObject([{ repeatCount: 0 }]);
  });

  it('/api/stats counts the repeat repair, overall and for the compound', async () => {
    const from = new Date(t0 - HOUR).toISOString();
    const to = new Date(s.clock?.now() ?? 0).toISOString();
    const res = await s.api.get(`/api/stats?from=${from}&to=${to}`, disp);
    expect(res.status).toBe(200);
    const stats = StatsDto.parse(res.body);
    expect(stats.total).toBe(3);
    expect(stats.repeatRepairs).toEqual({ reopens: 1, tickets: 1 });
    expect(stats.perCompound).toMatchObject([
      { compoundId: 'c1', total: 3, repeatRepairs: { reopens: 1, tickets: 1 } },
    ]);
    // A period after the reopen: the old ticket is not of it, and no reopen falls in it.
    const later = new Date((s.clock?.now() ?? 0) - 60_000).toISOString();
    const after = StatsDto.parse((await s.api.get(`/api/stats?from=${later}&to=${to}`, disp)).body);
    expect(after.repeatRepairs).toEqual({ reopens: 0, tickets: 0 });
  });
});
