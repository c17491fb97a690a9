// One ticket per problem, every caller kept and called back (api.md v1.1 "Duplicates"), over the real
// API and store: the duplicate check of a call, linked reports adding callers (a phone once), one
// callback per caller, refusals that change nothing, the stats counting the ticket once with the
// worst satisfaction, and the callers kept across a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetailDto, TicketDto } from '../../server/src/contracts/dto';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const AT = { lat: 35.6, lng: 116.975 };
const NEAR = { lat: 35.60018, lng: 116.975 }; // 20 m north
const WANG = { name: '王大爷', phone: '13800000001' };
const LI = { name: '李阿姨', phone: '13800000002' };

describe('ticket callers', () => {
  let s: TestServer;
  let disp: string;
  let van: TestVan;
  let id = '';
  const from = new Date(Date.now() - 60_000).toISOString();

  const ev = (body: object) => s.api.post<TicketDto>(`/api/tickets/${id}/events`, body, disp);
  const detail = async () => (await s.api.get<TicketDetailDto>(`/api/tickets/${id}`, disp)).body;
  const start = (dataDir?: string) =>
    startServer({ ...(dataDir && { dataDir }), env: { AUTO_DISPATCH: 'false', OFFLINE_AFTER_S: '86400' } });

  beforeAll(async () => {
    s = await start();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    van = await addVan(s, 'van-a', '一号车', AT.lat, AT.lng);
  });
  afterAll(async () => {
    if (van?.client.connected) await van.client.endAsync();
    await s?.stop();
  });

  it('a hotline ticket starts with its caller, and a call 20 m away is offered as the same problem', async () => {
    const created = await s.api.post<TicketDto>(
      '/api/tickets',
      { category: 'electrical', description: '楼道没电', ...AT, reporter: WANG },
      disp,
    );
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.callers).toEqual([{ ...WANG, at: created.body.createdAt, via: 'hotline' }]);
    const dup = await s.api.get<{ ticket: TicketDto; distanceM: number }[]>(
      `/api/tickets/duplicates?category=electrical&lat=${NEAR.lat}&lng=${NEAR.lng}`,
      disp,
    );
    expect(dup.status).toBe(200);
    expect(dup.body.map((d) => [d.ticket.id, d.distanceM])).toEqual([[id, 20]]);
    const other = await s.api.get<unknown[]>(
      `/api/tickets/duplicates?category=water&lat=${NEAR.lat}&lng=${NEAR.lng}`,
      disp,
    );
    expect(other.body).toEqual([]);
  });

  it('the duplicate check refuses bad input with 400 and is the dispatcher’s', async () => {
    for (const q of [
      'category=electrical&lat=abc&lng=116.9',
      'category=nope&lat=35.6&lng=116.9',
      'category=electrical&lng=116.9',
      'category=electrical&lat=95&lng=116.9',
    ]) {
      const res = await s.api.get<{ error: string; message: string }>(`/api/tickets/duplicates?${q}`, disp);
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe('bad_request');
    }
    const viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    expect(
      (await s.api.get(`/api/tickets/duplicates?category=electrical&lat=35.6&lng=116.9`, viewer)).status,
    ).toBe(403);
  });

  it('a linked report adds its caller; the same phone again adds none but is on the timeline', async () => {
    const link = (reporter: object, source = 'hotline') =>
      s.api.post<TicketDto>(`/api/tickets/${id}/link`, { description: '也没电', source, reporter }, disp);
    expect((await link(LI, 'grid')).status).toBe(200);
    const again = await link({ name: '王', phone: WANG.phone });
    expect(again.status).toBe(200);
    expect(again.body.callers?.map((c) => [c.name, c.phone, c.via])).toEqual([
      [WANG.name, WANG.phone, 'hotline'],
      [LI.name, LI.phone, 'grid'],
    ]);
    expect(again.body.reporter).toEqual(WANG);
    expect((await detail()).timeline.filter((e) => e.type === 'link')).toHaveLength(2);
  });

  it('calls back each caller; 400 and 409 change nothing; the last callback closes with the worst', async () => {
    for (const step of [
      { type: 'dispatch', vanId: 'van-a' },
      { type: 'accept' },
      { type: 'arrive' },
      { type: 'resolve', note: '换空开' },
    ])
      expect((await ev(step)).status, step.type).toBe(200);
    expect((await ev({ type: 'close', reason: '修好了' })).status).toBe(409);

    const noPhone = await ev({ type: 'callback', satisfaction: 'satisfied' });
    expect(noPhone.status).toBe(400);
    expect(JSON.stringify(noPhone.body)).toContain(WANG.phone);
    expect(JSON.stringify(noPhone.body)).toContain(LI.phone);
    expect((await ev({ type: 'callback', satisfaction: 'satisfied', phone: '13900000009' })).status).toBe(
      400,
    );

    const first = await ev({
      type: 'callback',
      satisfaction: 'unsatisfied',
      note: '灯还闪',
      phone: LI.phone,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'resolved' });
    expect(first.body.callback).toBeUndefined();
    const before = await detail();
    expect((await ev({ type: 'callback', satisfaction: 'satisfied', phone: LI.phone })).status).toBe(409);
    expect(await detail()).toEqual(before);

    const last = await ev({ type: 'callback', satisfaction: 'satisfied' }); // one left: phone may be left out
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({
      status: 'closed',
      callback: { satisfaction: 'unsatisfied', note: '灯还闪' },
    });
    expect(last.body.callers?.map((c) => [c.phone, c.callback?.satisfaction, c.callback?.by])).toEqual([
      [WANG.phone, 'satisfied', 'disp'],
      [LI.phone, 'unsatisfied', 'disp'],
    ]);
    const callbacks = (await detail()).timeline.filter((e) => e.type === 'callback').map((e) => e.data);
    expect(callbacks).toEqual([
      { satisfaction: 'unsatisfied', note: '灯还闪', phone: LI.phone, name: LI.name, remaining: 1 },
      { satisfaction: 'satisfied', phone: WANG.phone, name: WANG.name, remaining: 0 },
    ]);
  });

  it('GET /api/stats counts the ticket once, with the worst satisfaction', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await s.api.get<{ callback: object }>(`/api/stats?from=${from}&to=${to}`, disp);
    expect(res.status).toBe(200);
    expect(res.body.callback).toEqual({
      count: 1,
      satisfied: 0,
      neutral: 0,
      unsatisfied: 1,
      satisfactionRate: 0,
    });
  });

  it('keeps the callers and their callbacks across a restart', async () => {
    const before = await detail();
    await van.client.endAsync();
    await s.stop({ keepData: true });
    s = await start(s.dataDir);
    disp = await s.api.login('disp', 'disp-password');
    const after = await detail();
    expect(after.callers).toEqual(before.callers);
    expect(after.callback).toEqual(before.callback);
  });
});
