// Nearest-van dispatch, the waiting queue, and vans freeing up — vans driven over real MQTT.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';
import { addVan, type TestVan } from '../helpers/vans';

interface Ticket {
  id: string;
  status: string;
  priority: string;
  vanId?: string;
  timeline?: { type: string; by: string }[];
}
interface Van {
  id: string;
  status: string;
  ticketId?: string;
}

// Qufu old town: van A waits at the depot in the west, van B in the east, ~2.8 km apart.
const A = { lat: 35.6, lng: 116.975 };
const B = { lat: 35.6, lng: 117.005 };

describe('auto-dispatch', () => {
  let s: TestServer;
  let disp: string;
  let socket: TestSocket;
  let log: EventLog;
  let vanA: TestVan;
  let vanB: TestVan;

  const hotline = async (priority: string, at: { lat: number; lng: number }) => {
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '楼道灯不亮', priority, ...at },
      disp,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const ticket = async (id: string) => (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;
  const van = async (id: string) => (await s.api.get<Van[]>('/api/vans', disp)).body.find((v) => v.id === id);

  beforeEach(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['ticket:created', 'ticket:updated', 'van:positions']);
    vanA = await addVan(s, 'van-a', '一号车', A.lat, A.lng);
    vanB = await addVan(s, 'van-b', '二号车', B.lat, B.lng);
  });
  afterEach(async () => {
    for (const v of [vanA, vanB]) await v?.client.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('lists both vans idle at their positions', async () => {
    expect(await van('van-a')).toMatchObject({ status: 'idle', lat: A.lat, lng: A.lng });
    expect(await van('van-b')).toMatchObject({ status: 'idle', lat: B.lat, lng: B.lng });
  });

  it('a ticket near van B goes to B, never A; the next one near B then goes to A', async () => {
    const nearB = await hotline('P2', { lat: 35.601, lng: 117.004 });
    expect(await ticket(nearB)).toMatchObject({ status: 'dispatched', vanId: 'van-b' });
    expect(await van('van-b')).toMatchObject({ status: 'assigned', ticketId: nearB });
    const alsoNearB = await hotline('P2', { lat: 35.599, lng: 117.006 });
    expect(await ticket(alsoNearB)).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
    const detail = await ticket(nearB);
    expect(detail.timeline?.map((e) => [e.type, e.by])).toEqual([
      ['created', 'disp'],
      ['dispatch', 'system'],
    ]);
  });

  it('with both vans busy, tickets wait; a P1 overtakes older P3s and goes to whichever van frees first', async () => {
    const busyA = await hotline('P3', A);
    const busyB = await hotline('P3', B);
    expect((await ticket(busyA)).vanId).toBe('van-a');
    expect((await ticket(busyB)).vanId).toBe('van-b');
    const oldP3 = await hotline('P3', A);
    const olderP3 = await hotline('P3', B);
    const p1 = await hotline('P1', { lat: 35.6, lng: 116.99 });
    for (const id of [oldP3, olderP3, p1]) expect((await ticket(id)).status).toBe('new');

    // Van B frees first: the dispatcher cancels its ticket.
    await s.api.post(`/api/tickets/${busyB}/events`, { type: 'cancel', reason: '居民已自行处理' }, disp);
    expect(await ticket(p1)).toMatchObject({ status: 'dispatched', vanId: 'van-b' });
    expect((await ticket(oldP3)).status).toBe('new');

    // Then van A frees: the oldest waiting P3 goes to it.
    await s.api.post(`/api/tickets/${busyA}/events`, { type: 'cancel', reason: '重复报修' }, disp);
    expect(await ticket(oldP3)).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
    expect((await ticket(olderP3)).status).toBe('new');
  });

  it('a declined ticket goes back to the queue and is not offered to the same van again', async () => {
    const tech = await s.api.userToken(s.admin, 'tech-b', 'technician', 'van-b');
    const t = await hotline('P2', B);
    expect((await ticket(t)).vanId).toBe('van-b');
    const declined = await s.api.post<Ticket>(
      `/api/tickets/${t}/events`,
      { type: 'decline', reason: '车辆故障' },
      tech,
    );
    expect(declined.status).toBe(200);
    expect(await ticket(t)).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
  });

  it('hand dispatch: candidates by ETA, refusal of a busy or unknown van, re-dispatch frees the other van', async () => {
    const atA = await hotline('P3', A); // keeps van A busy
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'water', description: '水管漏水', lat: 35.6, lng: 116.976 },
      disp,
    );
    const t = res.body.id;
    expect((await ticket(t)).vanId).toBe('van-b'); // the only idle van, though far
    const cands = await s.api.get<
      { vanId: string; status: string; etaS: number; distanceM: number; job?: { ticketId: string } }[]
    >(`/api/tickets/${t}/candidates`, disp);
    // The van on this ticket first; the nearer van A after it, busy with its own job (said so).
    expect(cands.body.map((c) => c.vanId)).toEqual(['van-b', 'van-a']);
    expect(cands.body[1]).toMatchObject({ status: 'assigned', job: { ticketId: atA } });
    expect(cands.body[0]!.job).toBeUndefined();
    expect(cands.body[1]!.etaS).toBeLessThan(cands.body[0]!.etaS);
    expect(cands.body[0]!.distanceM).toBeGreaterThan(2500);

    const busy = await s.api.post(`/api/tickets/${t}/events`, { type: 'dispatch', vanId: 'van-a' }, disp);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ error: 'van_busy' });
    const unknown = await s.api.post(`/api/tickets/${t}/events`, { type: 'dispatch', vanId: 'van-x' }, disp);
    expect(unknown.status).toBe(400);

    // Free van A, then move the ticket to it by hand: van B is freed in the same step.
    await s.api.post(`/api/tickets/${atA}/events`, { type: 'cancel', reason: '已处理' }, disp);
    const moved = await s.api.post<Ticket>(
      `/api/tickets/${t}/events`,
      { type: 'dispatch', vanId: 'van-a' },
      disp,
    );
    expect(moved.body).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
    expect(await van('van-a')).toMatchObject({ status: 'assigned', ticketId: t });
    expect(await van('van-b')).toMatchObject({ status: 'idle' });
  });

  it('announces van positions as one batched event carrying only the vans that changed', async () => {
    // The set-up fixes of both vans are announced first; start from a clean log after them.
    await log.waitFor<{ id: string }[]>('van:positions', (b) => b.some((p) => p.id === 'van-b'));
    log.events.length = 0;
    for (let i = 1; i <= 5; i++) await vanA.at(A.lat + i * 0.0001, A.lng, { heading: 90, speed_kmh: 18 });
    const batch = await log.waitFor<{ id: string; lat: number; heading: number; status: string }[]>(
      'van:positions',
      (b) => b.some((p) => p.id === 'van-a' && Math.abs(p.lat - (A.lat + 0.0005)) < 1e-9),
    );
    expect(batch.map((p) => p.id)).toEqual(['van-a']);
    expect(batch[0]).toMatchObject({ heading: 90, status: 'idle' });
    expect(log.of('van:positions').length).toBeLessThan(5);
  });

  it('a burst of tickets opened at once takes each idle van once, never one van twice', async () => {
    const ids = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => hotline('P2', { lat: 35.6, lng: 116.98 + i * 0.005 })),
    );
    const tickets = await Promise.all(ids.map((id) => ticket(id)));
    const assigned = tickets.filter((t) => t.status === 'dispatched').map((t) => t.vanId);
    expect(assigned.sort()).toEqual(['van-a', 'van-b']);
    expect(tickets.filter((t) => t.status === 'new')).toHaveLength(3);
  });
});

describe('auto-dispatch switched off', () => {
  it('leaves every ticket to the dispatcher', async () => {
    const s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    const disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const van = await addVan(s, 'van-a', '一号车', A.lat, A.lng);
    const t = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: 'x', ...A },
      disp,
    );
    expect((await s.api.get<Ticket>(`/api/tickets/${t.body.id}`, disp)).body.status).toBe('new');
    const d = await s.api.post<Ticket>(
      `/api/tickets/${t.body.id}/events`,
      { type: 'dispatch', vanId: 'van-a' },
      disp,
    );
    expect(d.body).toMatchObject({ status: 'dispatched', vanId: 'van-a' });
    await van.client.endAsync();
    await s.stop();
  });
});
