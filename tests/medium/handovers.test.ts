// Shift handover over the API (api.md v1.1 "Reports, intake and handover"): the sheet the server takes
// equals the open tickets and incidents at that moment and never changes after; who may write, read
// and sign off; one sign-off (409 after, one winner among concurrent ones); 400s that change nothing;
// paging newest first and the pending filter; audit; the `handover:*` socket events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverDto, TicketDto } from '../../server/src/contracts/dto';
import { auditSince, newestAuditId } from '../helpers/audit';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Err {
  error: string;
  message: string;
}

describe('shift handover API', () => {
  let s: TestServer;
  let a: string;
  let b: string;
  let c: string;
  let tech: string;
  let viewer: string;
  let socket: TestSocket | undefined;
  const write = (body: unknown, token = a) =>
    s.api.request<HandoverDto & Err>('POST', '/api/handovers', { token, body });
  const ack = (id: string, token: string, body: unknown = {}) =>
    s.api.request<HandoverDto & Err>('POST', `/api/handovers/${id}/ack`, { token, body });
  const list = async (query = '', token = b) => {
    const res = await s.api.get<HandoverDto[]>(`/api/handovers${query}`, token);
    expect(res.status).toBe(200);
    return res.body.map((h) => h.id);
  };
  const ticket = async (body: Record<string, unknown>) => {
    const res = await s.api.post<TicketDto>('/api/tickets', body, a);
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    s = await startServer();
    a = await s.api.userToken(s.admin, 'disp-a', 'dispatcher');
    b = await s.api.userToken(s.admin, 'disp-b', 'dispatcher');
    c = await s.api.userToken(s.admin, 'disp-c', 'dispatcher');
    await s.api.post('/api/vans', { id: 'van-1', name: '1号车' }, s.admin);
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    viewer = await s.api.userToken(s.admin, 'boss', 'viewer');
    socket = await connectSocket(s.httpUrl, b);
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  it('takes the open tickets and incidents of that moment; the sheet does not change afterwards', async () => {
    const since = await newestAuditId(s);
    const p1 = await ticket({ category: 'fire', description: '3号楼消防栓漏水', priority: 'P1' });
    const p3 = await ticket({
      category: 'other',
      description: '楼道灯不亮',
      priority: 'P3',
      address: '5号楼',
    });
    const log = new EventLog(socket!, ['handover:created', 'handover:acked']);
    const res = await write({ note: '  消防栓已通知物业，等回电  ' });
    expect(res.status).toBe(201);
    const h = res.body;
    expect(h).toMatchObject({ from: 'disp-a', note: '消防栓已通知物业，等回电' });
    expect(h.ackedBy).toBeUndefined();
    const open = (
      await s.api.get<TicketDto[]>('/api/tickets?status=new,dispatched,accepted,en_route,on_site,resolved', a)
    ).body;
    expect(h.snapshot.tickets.map((t) => t.id).sort()).toEqual(open.map((t) => t.id).sort());
    expect(h.snapshot.tickets.map((t) => t.id)).toEqual([p1.id, p3.id]);
    expect(h.snapshot.tickets[1]).toMatchObject({
      id: p3.id,
      priority: 'P3',
      status: 'new',
      address: '5号楼',
    });
    expect(h.snapshot.counts).toMatchObject({
      open: 2,
      byPriority: { P1: 1, P2: 0, P3: 1, P4: 0 },
      unassignedUrgent: 1,
    });
    const incidents = (await s.api.get<unknown[]>('/api/incidents?active=true', a)).body;
    expect(h.snapshot.incidents).toHaveLength(incidents.length);
    expect(h.snapshot.vans).toEqual([{ id: 'van-1', name: '1号车', status: 'offline' }]);
    expect(h.snapshot.ending?.shiftId).toMatch(/^(day|night)$/);

    // A dispatcher other than the author hears of it live.
    expect((await log.waitFor<HandoverDto>('handover:created', (e) => e.id === h.id)).snapshot).toStrictEqual(
      h.snapshot,
    );
    // Later work does not change the sheet.
    await ticket({ category: 'other', description: '新报修', priority: 'P2' });
    const again = await s.api.get<HandoverDto>(`/api/handovers/${h.id}`, viewer);
    expect(again.status).toBe(200);
    expect(again.body).toStrictEqual(h);
    expect((await s.api.get<unknown>(`/api/handovers/preview`, a)).body).toMatchObject({
      counts: { open: 3 },
    });

    // The incoming dispatcher signs it off, once.
    const signed = await ack(h.id, b, { note: '已接班' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      id: h.id,
      ackedBy: 'disp-b',
      ackNote: '已接班',
      snapshot: h.snapshot,
    });
    expect((await log.waitFor<HandoverDto>('handover:acked', (e) => e.id === h.id)).ackedBy).toBe('disp-b');
    const twice = await ack(h.id, c);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/disp-b/);
    expect((await s.api.get<HandoverDto>(`/api/handovers/${h.id}`, a)).body).toStrictEqual(signed.body);
    expect(
      (await auditSince(s, since)).filter((e) => e.entity === 'handover').map((e) => [e.action, e.actor]),
    ).toEqual([
      ['handover.create', 'disp-a'],
      ['handover.ack', 'disp-b'],
    ]);
  });

  it('the author cannot sign their own handover (403 saying why); technicians and viewers may not write or sign', async () => {
    const h = (await write({ note: '自己不能签' })).body;
    const self = await ack(h.id, a);
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/author/);
    expect((await write({ note: 'x' }, tech)).status).toBe(403);
    expect((await write({ note: 'x' }, viewer)).status).toBe(403);
    expect((await ack(h.id, tech)).status).toBe(403);
    expect((await ack(h.id, viewer)).status).toBe(403);
    expect((await s.api.get('/api/handovers', tech)).status).toBe(403);
    expect((await ack('H-none', b)).status).toBe(404);
    expect((await s.api.get('/api/handovers/H-none', b)).status).toBe(404);
    expect((await s.api.get<HandoverDto>(`/api/handovers/${h.id}`, a)).body.ackedBy).toBeUndefined();
  });

  it('two dispatchers signing at once: one wins, the other gets 409', async () => {
    const h = (await write({ note: '并发签收' })).body;
    const both = await Promise.all([ack(h.id, b), ack(h.id, c)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.ackedBy;
    expect((await s.api.get<HandoverDto>(`/api/handovers/${h.id}`, a)).body.ackedBy).toBe(winner);
  });

  it('refuses a bad note with 400 {error, message} and stores nothing', async () => {
    const before = await list();
    for (const body of [{}, { note: '' }, { note: '   ' }, { note: 'x'.repeat(4001) }, { note: 3 }]) {
      const res = await write(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/note/);
    }
    expect((await write({ note: 'ok', shiftId: 'lunch' })).status).toBe(400);
    expect(await list()).toEqual(before);
    const h = (await write({ note: '签收备注过长' })).body;
    expect((await ack(h.id, b, { note: 'y'.repeat(4001) })).status).toBe(400);
    expect((await s.api.get<HandoverDto>(`/api/handovers/${h.id}`, a)).body.ackedBy).toBeUndefined();
  });

  it('lists newest first, pages with before/limit, and filters pending ones (a second pending one is allowed)', async () => {
    const first = (await write({ note: '第一次' })).body.id;
    const second = (await write({ note: '第二次' })).body.id;
    const all = await list('?limit=100');
    expect(all.slice(0, 2)).toEqual([second, first]);
    const page1 = await list('?limit=3');
    const page2 = await list(`?limit=3&before=${page1[2]}`);
    expect([...page1, ...page2]).toEqual(all.slice(0, 6));
    const pending = await list('?pending=true&limit=100', viewer);
    expect(pending).toContain(first);
    expect(pending).toContain(second);
    expect(
      (await s.api.get<HandoverDto[]>('/api/handovers?pending=true&limit=100', b)).body.every(
        (h) => !h.ackedBy,
      ),
    ).toBe(true);
    expect((await s.api.get('/api/handovers?limit=0', b)).status).toBe(400);
    expect((await s.api.get('/api/handovers?before=H-none', b)).status).toBe(400);
    expect((await s.api.get('/api/handovers?pending=maybe', b)).status).toBe(400);
  });
});
