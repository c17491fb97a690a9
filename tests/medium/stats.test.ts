// GET /api/stats against a hand-computed scenario, walked on a controlled clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsDto } from '../../server/src/contracts/dto';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const MIN = 60_000;
const A = { lat: 35.6, lng: 116.975 };
const square = (lng: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + 0.002, lat],
      [lng + 0.002, lat + 0.002],
      [lng, lat + 0.002],
      [lng, lat],
    ],
  ],
});

describe('GET /api/stats', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let van: TestVan;
  let t0 = 0;

  const at = (minutes: number) => {
    s.clock?.set(t0 + minutes * MIN);
    s.app.tick();
  };
  const ev = async (id: string, body: object, token = tech) => {
    const res = await s.api.post(`/api/tickets/${id}/events`, body, token);
    if (res.status !== 200)
      throw new Error(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const open = async (body: object) =>
    (await s.api.post<{ id: string }>('/api/tickets', { source: 'hotline', ...body }, disp)).body.id;

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { OFFLINE_AFTER_S: '86400' } });
    t0 = s.clock?.now() ?? 0;
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-a');
    await s.api.post(
      '/api/compounds',
      { id: 'c1', name: '工保小区', outline: square(116.974, 35.599) },
      s.admin,
    );
    await s.api.post(
      '/api/compounds',
      { id: 'c2', name: '曲阜镇家属院', outline: square(116.99, 35.59) },
      s.admin,
    );
    van = await addVan(s, 'van-a', '一号车', A.lat, A.lng);

    // T1 (P2, c1, resident): dispatched at 0, accepted 2, on site 10, resolved 40, called back 50.
    const t1 = await open({
      category: 'electrical',
      description: '跳闸',
      priority: 'P2',
      compoundId: 'c1',
      ...A,
      reporter: { name: '赵', phone: '13812345678' },
    });
    at(1);
    // T2 (P3, c2): waits behind T1, cancelled at 3.
    const t2 = await open({
      category: 'water',
      description: '漏水',
      priority: 'P3',
      compoundId: 'c2',
      lat: 35.591,
      lng: 116.991,
    });
    at(2);
    await ev(t1, { type: 'accept' });
    at(3);
    await ev(t2, { type: 'cancel', reason: '重复' }, disp);
    at(5);
    // T3 (P1, c1): waits; respondBy = 35 min.
    const t3 = await open({
      category: 'lighting',
      description: '路灯全灭',
      priority: 'P1',
      compoundId: 'c1',
      ...A,
    });
    at(10);
    await ev(t1, { type: 'arrive' });
    at(40); // T3's respond deadline (35) has passed: breach
    await ev(t1, { type: 'resolve', note: '复位' }); // frees van A: T3 is dispatched now
    at(41);
    await ev(t3, { type: 'accept' });
    at(50);
    await ev(t3, { type: 'arrive' });
    await ev(t1, { type: 'callback', satisfaction: 'satisfied' }, disp);
    at(60);
    await ev(t3, { type: 'resolve', note: '换线' });
    at(61);
    await ev(t3, { type: 'close', reason: '无居民报修' }, disp);
    at(70);
  });
  afterAll(async () => {
    await van?.client.endAsync();
    await s?.stop();
  });

  it('equals the hand-computed figures', async () => {
    const from = new Date(t0 - MIN).toISOString();
    const to = new Date(t0 + 70 * MIN).toISOString();
    const res = await s.api.get(`/api/stats?from=${from}&to=${to}`, disp);
    expect(res.status).toBe(200);
    expect(StatsDto.strict().safeParse(res.body).error).toBeUndefined(); // the contract's schema, no extra keys
    expect(res.body).toMatchObject({
      from,
      to,
      total: 3,
      byStatus: {
        new: 0,
        dispatched: 0,
        accepted: 0,
        en_route: 0,
        on_site: 0,
        resolved: 0,
        closed: 2,
        cancelled: 1,
      },
      byPriority: { P1: 1, P2: 1, P3: 1, P4: 0 },
      bySource: { hotline: 3, alarm: 0, grid: 0, inspection: 0 },
      byCategory: { electrical: 1, water: 1, lighting: 1 },
      // T1 10 min, T3 45 min (created 5, on site 50)
      responseTime: { count: 2, meanS: 1650, p90S: 2700 },
      // T1 40 min, T3 55 min
      resolutionTime: { count: 2, meanS: 2850, p90S: 3300 },
      sla: { breachedTickets: 1, breachRate: 1 / 3, breaches: { respond: 1, resolve: 0, callback: 0 } },
      callback: { count: 1, satisfied: 1, neutral: 0, unsatisfied: 0, satisfactionRate: 1 },
      perCompound: [
        {
          compoundId: 'c1',
          name: '工保小区',
          total: 2,
          open: 0,
          meanResponseS: 1650,
          breachRate: 0.5,
          satisfactionRate: 1,
        },
        {
          compoundId: 'c2',
          name: '曲阜镇家属院',
          total: 1,
          open: 0,
          meanResponseS: null,
          breachRate: 0,
          satisfactionRate: null,
        },
      ],
      perVan: [{ vanId: 'van-a', total: 2, resolved: 2, meanResponseS: 1650, meanResolutionS: 2850 }],
    });
  });

  it('counts only tickets created in the range, and refuses a reversed range', async () => {
    const from = new Date(t0 + 4 * MIN).toISOString();
    const res = await s.api.get<{ total: number }>(
      `/api/stats?from=${from}&to=${new Date(t0 + 70 * MIN).toISOString()}`,
      disp,
    );
    expect(res.body.total).toBe(1);
    const bad = await s.api.get(
      `/api/stats?from=${new Date(t0).toISOString()}&to=${new Date(t0 - MIN).toISOString()}`,
      disp,
    );
    expect(bad.status).toBe(400);
  });
});
