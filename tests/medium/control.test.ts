// The dispatcher keeps control at every step (issue 20 point 3): re-dispatch and cancel once a van is
// on its way or on site, with the technicians who lose the job told by push; a busy van is offered
// honestly (its job, when it could be free) and may be pulled off a less urgent ticket, which goes
// back to the queue; alarms acknowledged and tickets cancelled many at once, all or nothing.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushMessage } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import {
  browserKeys,
  decryptPush,
  FakePushService,
  subscriptionJson,
  type BrowserKeys,
} from '../helpers/push-service';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

interface Ticket {
  id: string;
  status: string;
  priority: string;
  vanId?: string;
  arrivedAt?: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}
interface Candidate {
  vanId: string;
  status: string;
  etaS: number;
  job?: { ticketId: string; priority: string; status: string; freeInS: number };
  etaAfterJobS?: number;
  preempt?: boolean;
}

const A = { lat: 35.6, lng: 116.975 };
const B = { lat: 35.6, lng: 117.005 };
const SITE = { lat: 35.6005, lng: 116.975 };

describe('dispatcher control', () => {
  let s: TestServer;
  let fake: FakePushService;
  let disp: string;
  const tech: Record<string, string> = {};
  const keys: Record<string, BrowserKeys> = {};
  const vans: TestVan[] = [];
  const boxes: MqttClient[] = [];

  const hotline = async (priority: string, description = '楼道灯不亮') => {
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description, priority, ...SITE },
      disp,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const ev = (id: string, body: object, token = disp) =>
    s.api.post<Ticket & { error?: string; message?: string; holding?: { id: string } }>(
      `/api/tickets/${id}/events`,
      body,
      token,
    );
  const step = async (id: string, body: object, token = disp) => {
    const res = await ev(id, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const ticket = async (id: string) => (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;
  const vanStatus = async (id: string) =>
    (await s.api.get<{ id: string; status: string }[]>('/api/vans', disp)).body.find((v) => v.id === id)
      ?.status;
  /** The next push to `van`'s phone matching `pred`, decrypted. */
  const pushed = async (van: string, pred: (m: PushMessage) => boolean) => {
    const read = (body: Buffer) => PushMessage.parse(JSON.parse(decryptPush(body, keys[van]!)));
    return read((await fake.next(van, (r) => pred(read(r.body)))).body);
  };
  /** A ticket on `van`, accepted and (by the technician) moved on to `status`. */
  const working = async (priority: string, van: 'van-a' | 'van-b', status: 'en_route' | 'on_site') => {
    const id = await hotline(priority);
    await step(id, { type: 'dispatch', vanId: van });
    await step(id, { type: 'accept' }, tech[van]);
    await step(id, { type: status === 'en_route' ? 'depart' : 'arrive' }, tech[van]);
    return id;
  };

  beforeAll(async () => {
    fake = await new FakePushService().start();
    s = await startServer({ env: { AUTO_DISPATCH: 'false', PUSH_ALLOW_HTTP_LOOPBACK: 'true' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    for (const van of ['van-a', 'van-b']) {
      tech[van] = await s.api.userToken(s.admin, `tech-${van}`, 'technician', van);
      keys[van] = browserKeys();
      const sub = await s.api.post(
        '/api/push/subscriptions',
        subscriptionJson(fake.endpoint(van), keys[van]),
        tech[van],
      );
      expect(sub.status).toBe(201);
    }
    vans.push(
      await addVan(s, 'van-a', '一号车', A.lat, A.lng),
      await addVan(s, 'van-b', '二号车', B.lat, B.lng),
    );
  });
  afterAll(async () => {
    for (const v of vans) await v.client.endAsync();
    for (const b of boxes) await b.endAsync();
    await s?.stop();
    await fake?.stop();
  });

  it('re-dispatches an en_route ticket to another van: the first van is freed and its phone told', async () => {
    const id = await working('P2', 'van-a', 'en_route');
    const moved = await step(id, { type: 'dispatch', vanId: 'van-b' });
    expect(moved).toMatchObject({ status: 'dispatched', vanId: 'van-b' });
    expect(await vanStatus('van-a')).toBe('idle');
    expect(await pushed('van-a', (m) => m.ticketId === id && m.kind === 'withdrawn')).toMatchObject({
      why: 'redispatched',
      title: { zh: expect.stringContaining('改派') as string },
    });
    expect(await pushed('van-b', (m) => m.ticketId === id)).toMatchObject({ kind: 'assignment' });
    await step(id, { type: 'cancel', reason: '测试结束' });
  });

  it('cancels an on_site ticket: the van is freed and its phone told the job is cancelled', async () => {
    const id = await working('P3', 'van-a', 'on_site');
    expect(await step(id, { type: 'cancel', reason: '居民已自行修好' })).toMatchObject({
      status: 'cancelled',
    });
    expect(await vanStatus('van-a')).toBe('idle');
    expect(await pushed('van-a', (m) => m.ticketId === id && m.kind === 'withdrawn')).toMatchObject({
      why: 'cancelled',
    });
  });

  it('offers a busy van with its job and when it could be here; pulls it off a P3 for a P1 only when asked', async () => {
    const p3 = await working('P3', 'van-a', 'on_site');
    const p1 = await hotline('P1', '配电箱冒烟');
    const cands = (await s.api.get<Candidate[]>(`/api/tickets/${p1}/candidates`, disp)).body;
    expect(cands.map((c) => c.vanId)).toEqual(['van-b', 'van-a']); // the free van first, though farther
    const busy = cands[1]!;
    expect(busy.job).toMatchObject({ ticketId: p3, priority: 'P3', status: 'on_site' });
    expect(busy.job!.freeInS).toBeGreaterThan(0);
    expect(busy.etaAfterJobS).toBeGreaterThanOrEqual(busy.job!.freeInS);
    expect(busy.preempt).toBe(true);
    expect(cands[0]!.job).toBeUndefined();

    const refused = await ev(p1, { type: 'dispatch', vanId: 'van-a' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: 'van_busy',
      holding: { id: p3, priority: 'P3', status: 'on_site' },
    });
    expect(refused.body.message).toContain('preempt');
    expect(await ticket(p3)).toMatchObject({ status: 'on_site', vanId: 'van-a' });
    expect((await ticket(p1)).status).toBe('new');

    const arrivedAt = (await ticket(p3)).arrivedAt;
    expect(await step(p1, { type: 'dispatch', vanId: 'van-a', preempt: true })).toMatchObject({
      status: 'dispatched',
      vanId: 'van-a',
    });
    const back = await ticket(p3);
    expect(back).toMatchObject({ status: 'new', arrivedAt });
    expect(back.vanId).toBeUndefined();
    expect(back.timeline?.at(-1)).toMatchObject({
      type: 'requeued',
      by: 'disp',
      data: { reason: 'preempted', vanId: 'van-a', forTicketId: p1, forPriority: 'P1' },
    });
    expect(await pushed('van-a', (m) => m.ticketId === p3 && m.kind === 'withdrawn')).toMatchObject({
      why: 'requeued',
    });
    expect(await pushed('van-a', (m) => m.ticketId === p1)).toMatchObject({
      kind: 'assignment',
      priority: 'P1',
    });
    await s.api.post('/api/tickets/cancel', { ids: [p1, p3], reason: '测试结束' }, disp);
  });

  it('cancels several tickets at once, or none when one of them cannot be', async () => {
    const ids = [await hotline('P4'), await hotline('P4'), await hotline('P4')];
    await step(ids[2]!, { type: 'cancel', reason: '重复' });
    const refused = await s.api.post<{ error: string; message: string; refused: string[] }>(
      '/api/tickets/cancel',
      { ids, reason: '同一停电事件' },
      disp,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.refused).toEqual([ids[2]]);
    expect(refused.body.message).toContain(`${ids[2]} (cancelled)`);
    for (const id of ids.slice(0, 2)) expect((await ticket(id)).status).toBe('new');

    const unknown = await s.api.post('/api/tickets/cancel', { ids: [ids[0], 'T-none'], reason: 'x' }, disp);
    expect(unknown.status).toBe(404);
    expect((await ticket(ids[0]!)).status).toBe('new');
    for (const body of [{ ids: [], reason: 'x' }, { ids: [ids[0], ids[0]], reason: 'x' }, { ids: [ids[0]] }])
      expect((await s.api.post('/api/tickets/cancel', body, disp)).status).toBe(400);
    expect((await s.api.post('/api/tickets/cancel', { ids, reason: 'x' }, tech['van-a'])).status).toBe(403);

    const done = await s.api.post<Ticket[]>(
      '/api/tickets/cancel',
      { ids: ids.slice(0, 2), reason: '同一停电事件' },
      disp,
    );
    expect(done.status).toBe(200);
    expect(done.body.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('acknowledges several alarms at once, or none when one is unknown', async () => {
    for (const id of ['box-1', 'box-2', 'box-3']) {
      const box = await connectDevice(s, await registerDevice(s, { id, type: 'distribution_box' }));
      boxes.push(box);
      await publish(box, id, 'telemetry', { leakage_ma: 45 });
    }
    const active = (
      await s.api.get<{ id: string; acked?: boolean; ackedBy?: string }[]>('/api/alarms?active=true', disp)
    ).body;
    const ids = active.map((a) => a.id);
    expect(ids).toHaveLength(3);
    const unknown = await s.api.post('/api/alarms/ack', { ids: [...ids, 'A-none'] }, disp);
    expect(unknown.status).toBe(404);
    const still = (await s.api.get<{ ackedBy?: string }[]>('/api/alarms?active=true', disp)).body;
    expect(still.every((a) => a.ackedBy === undefined)).toBe(true);

    const acked = await s.api.post<{ id: string; ackedBy?: string }[]>('/api/alarms/ack', { ids }, disp);
    expect(acked.status).toBe(200);
    expect(acked.body.map((a) => a.ackedBy)).toEqual(['disp', 'disp', 'disp']);
    expect((await s.api.post('/api/alarms/ack', { ids }, tech['van-a'])).status).toBe(403);
  });
});
