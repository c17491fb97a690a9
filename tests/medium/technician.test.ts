// The technician's walk over REST with a real token, arrival by GPS over MQTT, and the callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';
import { addVan, metresNorth, type TestVan } from '../helpers/vans';

interface Ticket {
  id: string;
  status: string;
  vanId?: string;
  callbackBy?: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

const A = { lat: 35.6, lng: 116.975 };
const B = { lat: 35.6, lng: 117.005 };
const SITE = { lat: 35.602, lng: 116.976 }; // ~230 m from van A's depot

describe('technician flow', () => {
  let s: TestServer;
  let disp: string;
  let techA: string;
  let techB: string;
  let viewer: string;
  let vanA: TestVan;
  let vanB: TestVan;
  const sockets: TestSocket[] = [];
  let logA: EventLog;
  let logB: EventLog;
  let ticketA: string;

  const post = (id: string, body: object, token: string) =>
    s.api.post<Ticket>(`/api/tickets/${id}/events`, body, token);
  const get = async (id: string) => (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    techA = await s.api.userToken(s.admin, 'tech-a', 'technician', 'van-a');
    techB = await s.api.userToken(s.admin, 'tech-b', 'technician', 'van-b');
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    vanA = await addVan(s, 'van-a', '一号车', A.lat, A.lng);
    vanB = await addVan(s, 'van-b', '二号车', B.lat, B.lng);
    for (const token of [techA, techB]) sockets.push(await connectSocket(s.httpUrl, token));
    logA = new EventLog(sockets[0]!, ['assignment', 'ticket:updated', 'alarm:raised', 'van:positions']);
    logB = new EventLog(sockets[1]!, ['assignment', 'ticket:updated', 'alarm:raised', 'van:positions']);
  });
  afterAll(async () => {
    for (const so of sockets) so.close();
    for (const v of [vanA, vanB]) await v?.client.endAsync();
    await s?.stop();
  });

  it('the assignment reaches only the technicians of the chosen van', async () => {
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      {
        category: 'electrical',
        description: '配电箱冒烟',
        ...SITE,
        reporter: { name: '赵海仁', phone: '13812345678' },
      },
      disp,
    );
    ticketA = res.body.id;
    const assigned = await logA.waitFor<Ticket>('assignment', (t) => t.id === ticketA);
    expect(assigned).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
    // Barrier: a ticket for van B reaches tech B after anything about ticket A would have.
    const other = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'lighting', description: '路灯不亮', ...B },
      disp,
    );
    await logB.waitFor<Ticket>('assignment', (t) => t.id === other.body.id);
    expect(logB.of<Ticket>('assignment').map((t) => t.id)).toEqual([other.body.id]);
    expect(logB.of<Ticket>('ticket:updated').filter((t) => t.id === ticketA)).toEqual([]);
    expect(logB.of('alarm:raised')).toEqual([]);
  });

  it("a technician gets their own van's positions, never another van's", async () => {
    type Fix = { id: string; lat: number }[];
    await vanA.at(A.lat + metresNorth(10), A.lng);
    const mine = await logA.waitFor<Fix>('van:positions', (b) => b.some((p) => p.lat > A.lat));
    expect(mine.map((p) => p.id)).toEqual(['van-a']);
    // Barrier: a later fix of van B reaches tech B after van A's would have (one socket keeps order).
    await vanB.at(B.lat + metresNorth(10), B.lng);
    await logB.waitFor<Fix>('van:positions', (b) => b.some((p) => p.lat > B.lat));
    expect(
      logA
        .of<Fix>('van:positions')
        .flat()
        .every((p) => p.id === 'van-a'),
    ).toBe(true);
    expect(
      logB
        .of<Fix>('van:positions')
        .flat()
        .every((p) => p.id === 'van-b'),
    ).toBe(true);
  });

  it('a technician of another van, and a viewer, may not act on the ticket', async () => {
    expect((await post(ticketA, { type: 'accept' }, techB)).status).toBe(403);
    expect((await s.api.get(`/api/tickets/${ticketA}`, techB)).status).toBe(403);
    expect((await post(ticketA, { type: 'note', text: 'x' }, viewer)).status).toBe(403);
    expect((await s.api.post('/api/tickets', { category: 'other', description: 'x' }, viewer)).status).toBe(
      403,
    );
    expect((await post(ticketA, { type: 'cancel', reason: 'x' }, techA)).status).toBe(403); // the dispatcher's call
    expect((await get(ticketA)).status).toBe('dispatched');
  });

  it('accept, depart; a GPS fix 80 m away is not arrival, one within 50 m is: on_site by itself', async () => {
    expect((await post(ticketA, { type: 'accept' }, techA)).body.status).toBe('accepted');
    expect((await post(ticketA, { type: 'depart' }, techA)).body.status).toBe('en_route');
    expect(
      (await s.api.get<{ id: string; status: string }[]>('/api/vans', disp)).body.find(
        (v) => v.id === 'van-a',
      )?.status,
    ).toBe('en_route');
    await vanA.at(SITE.lat + metresNorth(80), SITE.lng, { speed_kmh: 15 });
    expect((await get(ticketA)).status).toBe('en_route');
    await vanA.at(SITE.lat + metresNorth(30), SITE.lng, { speed_kmh: 3 });
    const t = await get(ticketA);
    expect(t.status).toBe('on_site');
    expect(t.timeline?.at(-1)).toMatchObject({ type: 'arrive', by: 'system' });
  });

  it('resolve; the dispatcher’s close is refused until the callback; the callback closes it', async () => {
    const resolved = await post(ticketA, { type: 'resolve', note: '更换了漏电保护器' }, techA);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.callbackBy).toBeDefined();
    const close = await s.api.post<{ message: string }>(
      `/api/tickets/${ticketA}/events`,
      { type: 'close', reason: 'done' },
      disp,
    );
    expect(close.status).toBe(409);
    expect(String(close.body.message)).toContain('callback');
    const cb = await post(ticketA, { type: 'callback', satisfaction: 'satisfied', note: '老人很满意' }, disp);
    expect(cb.body).toMatchObject({
      status: 'closed',
      callback: { satisfaction: 'satisfied', note: '老人很满意' },
    });
    const t = await get(ticketA);
    expect(t.timeline?.map((e) => [e.type, e.by])).toEqual([
      ['created', 'disp'],
      ['dispatch', 'system'],
      ['accept', 'tech-a'],
      ['depart', 'tech-a'],
      ['arrive', 'system'],
      ['resolve', 'tech-a'],
      ['callback', 'disp'],
    ]);
    expect(t.timeline?.[5]?.data).toEqual({ note: '更换了漏电保护器' });
  });

  it('an alarm ticket without a resident closes with close; an unsatisfied callback may reopen', async () => {
    const t = (
      await s.api.post<Ticket>(
        '/api/tickets',
        { category: 'lighting', description: '路灯', ...A, source: 'inspection' },
        disp,
      )
    ).body;
    await logA.waitFor<Ticket>('assignment', (x) => x.id === t.id);
    for (const ev of [{ type: 'accept' }, { type: 'arrive' }, { type: 'resolve', note: '换灯泡' }]) {
      expect((await post(t.id, ev, techA)).status).toBe(200);
    }
    expect((await post(t.id, { type: 'close', reason: '巡检工单，无需回访' }, disp)).body.status).toBe(
      'closed',
    );

    const r = (
      await s.api.post<Ticket>(
        '/api/tickets',
        { category: 'water', description: '漏水', ...A, reporter: { name: '王', phone: '0537-4412345' } },
        disp,
      )
    ).body;
    await logA.waitFor<Ticket>('assignment', (x) => x.id === r.id);
    for (const ev of [{ type: 'accept' }, { type: 'arrive' }, { type: 'resolve', note: '修好了' }])
      await post(r.id, ev, techA);
    expect(
      (await post(r.id, { type: 'callback', satisfaction: 'unsatisfied', note: '还在漏' }, disp)).body.status,
    ).toBe('closed');
    const reopened = await post(r.id, { type: 'reopen', reason: '居民不满意，仍漏水' }, disp);
    expect(reopened.status).toBe(200);
    // Reopened means new again, and auto-dispatch sends the (now idle) van A straight back.
    await logA.waitFor<Ticket>(
      'assignment',
      (x) => x.id === r.id && logA.of<Ticket>('assignment').filter((a) => a.id === r.id).length === 2,
    );
    expect(await get(r.id)).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
  });
});
