// Hotline tickets and the lifecycle events available before dispatch: note, cancel, close, reopen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog } from '../helpers/socket';

interface Ticket {
  id: string;
  status: string;
  priority: string;
  source: string;
  reporter?: { name: string; phone: string };
  respondBy: string;
  resolveBy: string;
  createdAt: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

describe('tickets API', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let viewer: string;
  const hotline = {
    category: 'electrical',
    description: '3号楼楼道电线冒烟，有火花',
    address: '工保小区 3号楼',
    compoundId: 'gongbao',
    reporter: { name: '赵海仁', phone: '138 1234 5678' },
  };

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('opens a hotline ticket with a suggested priority, SLA deadlines and a created timeline entry', async () => {
    const socket = await connectSocket(s.httpUrl, viewer);
    const log = new EventLog(socket, ['ticket:created']);
    const res = await s.api.post<Ticket>('/api/tickets', hotline, disp);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'new',
      source: 'hotline',
      priority: 'P1',
      reporter: { name: '赵海仁', phone: '13812345678' },
    });
    const created = Date.parse(res.body.createdAt);
    expect(Date.parse(res.body.respondBy) - created).toBe(30 * 60_000);
    expect(Date.parse(res.body.resolveBy) - created).toBe(4 * 3600_000);
    expect((await log.waitFor<Ticket>('ticket:created')).id).toBe(res.body.id);
    socket.close();
    const detail = await s.api.get<Ticket>(`/api/tickets/${res.body.id}`, viewer);
    expect(detail.body.timeline).toEqual([expect.objectContaining({ type: 'created', by: 'disp' })]);
  });

  it('takes an explicit priority over the suggestion', async () => {
    const res = await s.api.post<Ticket>('/api/tickets', { ...hotline, priority: 'P3' }, disp);
    expect(res.body.priority).toBe('P3');
  });

  it.each([
    ['a bad phone number', { ...hotline, reporter: { name: '王', phone: '12345' } }, 'phone'],
    ['an unknown category', { ...hotline, category: 'gas' }, 'category'],
    ['no description', { ...hotline, description: '' }, 'description'],
    ['a latitude of 200', { ...hotline, lat: 200, lng: 116.99 }, 'lat'],
    ['an unknown device', { ...hotline, deviceId: 'nope' }, 'nope'],
  ])('refuses %s with a 400 naming the field, and opens nothing', async (_n, body, field) => {
    const before = (await s.api.get<Ticket[]>('/api/tickets', disp)).body.length;
    const res = await s.api.post('/api/tickets', body, disp);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(String(res.body.message)).toContain(field);
    expect((await s.api.get<Ticket[]>('/api/tickets', disp)).body).toHaveLength(before);
  });

  it('notes and cancels a new ticket; a cancelled ticket takes no more lifecycle events (409 naming what is allowed)', async () => {
    const t = (await s.api.post<Ticket>('/api/tickets', hotline, disp)).body;
    const noted = await s.api.post<Ticket>(
      `/api/tickets/${t.id}/events`,
      { type: 'note', text: '居民已转移' },
      disp,
    );
    expect(noted.status).toBe(200);
    expect(noted.body.status).toBe('new');
    const closeNew = await s.api.post(`/api/tickets/${t.id}/events`, { type: 'close', reason: 'x' }, disp);
    expect(closeNew.status).toBe(409);
    expect(String(closeNew.body.message)).toContain('allowed now');
    const cancelled = await s.api.post<Ticket>(
      `/api/tickets/${t.id}/events`,
      { type: 'cancel', reason: '重复报修' },
      disp,
    );
    expect(cancelled.body.status).toBe('cancelled');
    const again = await s.api.post(`/api/tickets/${t.id}/events`, { type: 'cancel', reason: 'again' }, disp);
    expect(again.status).toBe(409);
    const detail = await s.api.get<Ticket>(`/api/tickets/${t.id}`, disp);
    expect(detail.body.timeline?.map((e) => e.type)).toEqual(['created', 'note', 'cancel']);
    expect(detail.body.timeline?.[2]?.data).toEqual({ reason: '重复报修' });
  });

  it('a technician sees only their van’s tickets and may not act on others', async () => {
    const list = await s.api.get<Ticket[]>('/api/tickets', tech);
    expect(list.body).toEqual([]);
    const other = await s.api.get<Ticket[]>('/api/tickets?vanId=van-2', tech);
    expect(other.status).toBe(403);
    const t = (await s.api.post<Ticket>('/api/tickets', hotline, disp)).body;
    expect((await s.api.get(`/api/tickets/${t.id}`, tech)).status).toBe(403);
    expect((await s.api.post(`/api/tickets/${t.id}/events`, { type: 'note', text: 'hi' }, tech)).status).toBe(
      403,
    );
  });

  it('filters by status, priority, source and device; unknown ticket is a 404', async () => {
    const box = await registerDevice(s, { id: 'box-f', type: 'distribution_box', compoundId: 'gongbao' });
    const c = await connectDevice(s, box);
    await publish(c, 'box-f', 'telemetry', { breaker: 'tripped' });
    await c.endAsync();
    const alarmTickets = await s.api.get<Ticket[]>('/api/tickets?source=alarm', disp);
    expect(alarmTickets.body).toEqual([expect.objectContaining({ priority: 'P2', source: 'alarm' })]);
    expect((await s.api.get<Ticket[]>('/api/tickets?deviceId=box-f&priority=P2', disp)).body).toHaveLength(1);
    expect((await s.api.get<Ticket[]>('/api/tickets?status=cancelled', disp)).body).toHaveLength(1);
    expect(
      (await s.api.get<Ticket[]>('/api/tickets?status=new,cancelled', disp)).body.length,
    ).toBeGreaterThan(3);
    expect((await s.api.get('/api/tickets?status=bogus', disp)).status).toBe(400);
    expect((await s.api.get('/api/tickets/T000000-NOPE', disp)).status).toBe(404);
  });

  it('close and reopen need a resolved or closed ticket: refused on a new one, naming what is allowed', async () => {
    const alarmTicket = (await s.api.get<Ticket[]>('/api/tickets?source=alarm', disp)).body[0];
    const res = await s.api.post(
      `/api/tickets/${alarmTicket?.id}/events`,
      { type: 'reopen', reason: 'x' },
      disp,
    );
    expect(res.status).toBe(409);
    expect(String(res.body.message)).toMatch(/allowed now: .*note/);
  });

  it('links a resident’s report to the open alarm ticket of the same problem instead of a duplicate', async () => {
    const box = await registerDevice(s, { id: 'box-l', type: 'distribution_box', compoundId: 'gongbao' });
    const c = await connectDevice(s, box);
    await publish(c, 'box-l', 'telemetry', { ua: 20 }); // phase loss: P1 alarm ticket
    await c.endAsync();
    const [alarmTicket] = (await s.api.get<Ticket[]>('/api/tickets?deviceId=box-l', disp)).body;
    expect(alarmTicket?.reporter).toBeUndefined();
    const report = {
      description: '3号楼停电了',
      reporter: { name: '李', phone: '13912345678' },
      address: '3号楼',
    };
    const linked = await s.api.post<Ticket>(`/api/tickets/${alarmTicket?.id}/link`, report, disp);
    expect(linked.status).toBe(200);
    expect(linked.body.reporter).toEqual({ name: '李', phone: '13912345678' });
    const detail = await s.api.get<Ticket>(`/api/tickets/${alarmTicket?.id}`, disp);
    expect(detail.body.timeline?.at(-1)).toMatchObject({
      type: 'link',
      by: 'disp',
      data: { description: '3号楼停电了' },
    });
    expect((await s.api.get<Ticket[]>('/api/tickets?deviceId=box-l', disp)).body).toHaveLength(1);

    const bad = await s.api.post(
      `/api/tickets/${alarmTicket?.id}/link`,
      { description: 'x', reporter: { name: '李', phone: '123' } },
      disp,
    );
    expect(bad.status).toBe(400);
    await s.api.post(`/api/tickets/${alarmTicket?.id}/events`, { type: 'cancel', reason: '误报' }, disp);
    const closed = await s.api.post(`/api/tickets/${alarmTicket?.id}/link`, report, disp);
    expect(closed.status).toBe(409);
    expect((await s.api.post('/api/tickets/T000000-NONE/link', report, disp)).status).toBe(404);
  });
});
