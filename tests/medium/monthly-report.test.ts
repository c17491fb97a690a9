// GET /api/reports/monthly (issue 19): a month of varied tickets walked on the manual clock — hotline,
// grid and alarm; two compounds and none; parts and labour; callbacks satisfied and unsatisfied; a
// cancel; a manual reopen; a repeat fault; an SLA breach — whose report equals GET /api/stats for the
// same range, figure by figure, and whose labour and parts are the sums reported at resolve.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonthlyReportDto, StatsDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const MIN = 60_000;
/** 2026-10-10 10:00 in Asia/Shanghai: the month reported is October 2026. */
const T0 = Date.UTC(2026, 9, 10, 2);
/** 2026-09-20 10:00 in Asia/Shanghai: the month before. */
const SEPT = Date.UTC(2026, 8, 20, 2);
const A = { lat: 35.595, lng: 116.985 };
const square = (lng: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + 0.01, lat],
      [lng + 0.01, lat + 0.01],
      [lng, lat + 0.01],
      [lng, lat],
    ],
  ],
});

describe('GET /api/reports/monthly', () => {
  let s: TestServer;
  let disp: string;
  let viewer: string;
  let tech: string;
  let van: TestVan;
  let box: MqttClient;

  const at = (base: number, minutes: number) => {
    s.clock?.set(base + minutes * MIN);
    s.app.tick();
  };
  const ev = async (id: string, body: object) => {
    const res = await s.api.post(`/api/tickets/${id}/events`, body, disp);
    if (res.status !== 200)
      throw new Error(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const open = async (body: object) => {
    const res = await s.api.post<{ id: string }>('/api/tickets', { source: 'hotline', ...body }, disp);
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const toSite = async (id: string) => {
    for (const body of [{ type: 'dispatch', vanId: 'van-a' }, { type: 'accept' }, { type: 'arrive' }])
      await ev(id, body);
  };
  const resident = { name: '赵', phone: '13812345678' };

  beforeAll(async () => {
    s = await startServer({
      manualClock: true,
      env: { AUTO_DISPATCH: 'false', OFFLINE_AFTER_S: '8640000', REPEAT_WINDOW_H: '2' },
    });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    viewer = await s.api.userToken(s.admin, 'viewer', 'viewer');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-a');
    await s.api.post(
      '/api/compounds',
      { id: 'c1', name: '工保小区', outline: square(116.98, 35.59) },
      s.admin,
    );
    await s.api.post(
      '/api/compounds',
      { id: 'c2', name: '=HYPERLINK("x")家属院', outline: square(117.1, 35.7) },
      s.admin,
    );
    van = await addVan(s, 'van-a', '一号车', A.lat, A.lng);
    box = await connectDevice(
      s,
      await registerDevice(s, { id: 'box-r', type: 'distribution_box', compoundId: 'c1', ...A }),
    );

    // September: S1 (c1) resolved 30 min after creation with 30 min labour, called back neutral; S2 cancelled.
    at(SEPT, 0);
    const s1 = await open({
      category: 'electrical',
      description: '跳闸',
      compoundId: 'c1',
      ...A,
      reporter: resident,
    });
    const s2 = await open({ category: 'water', description: '漏水' });
    at(SEPT, 10);
    await toSite(s1);
    at(SEPT, 30);
    await ev(s1, { type: 'resolve', note: '复位', labourMin: 30 });
    await ev(s1, { type: 'callback', satisfaction: 'neutral' });
    await ev(s2, { type: 'cancel', reason: '重复' });

    // October.
    at(T0, 0);
    // H1 (P2, c1, resident): on site 10, resolved 40 (2 × 35.5 + an uncosted line, 25 min), satisfied 50.
    const h1 = await open({
      category: 'electrical',
      description: '跳闸',
      priority: 'P2',
      compoundId: 'c1',
      ...A,
      reporter: resident,
    });
    // H2 (P3, c2): cancelled at 3.
    const h2 = await open({ category: 'water', description: '漏水', priority: 'P3', compoundId: 'c2' });
    // H3 (P1, c1, grid): nobody goes until its respond deadline (35 min) has passed.
    const h3 = await open({
      source: 'grid',
      category: 'lighting',
      description: '路灯',
      priority: 'P1',
      compoundId: 'c1',
      ...A,
    });
    at(T0, 3);
    await ev(h2, { type: 'cancel', reason: '误报' });
    at(T0, 10);
    await toSite(h1);
    at(T0, 40);
    await ev(h1, {
      type: 'resolve',
      note: '更换空开',
      labourMin: 25,
      parts: [
        { name: '空开', qty: 2, unitCostYuan: 35.5 },
        { name: '胶布', qty: 1 },
      ],
    });
    at(T0, 41);
    await toSite(h3);
    at(T0, 50);
    await ev(h1, { type: 'callback', satisfaction: 'satisfied' });
    at(T0, 60);
    await ev(h3, { type: 'resolve', note: '换灯', labourMin: 15 });
    await ev(h3, { type: 'close', reason: '无居民报修' });

    // H4 (P2, c2, resident): resolved, called back unsatisfied, reopened by the dispatcher, repaired again.
    at(T0, 100);
    const h4 = await open({
      category: 'water',
      description: '水管爆裂',
      priority: 'P2',
      compoundId: 'c2',
      lat: 35.705,
      lng: 117.105,
      reporter: { name: '钱', phone: '13900000000' },
    });
    at(T0, 120);
    await toSite(h4);
    at(T0, 130);
    await ev(h4, {
      type: 'resolve',
      note: '换阀门',
      labourMin: 40,
      parts: [{ name: '阀门', qty: 1, unitCostYuan: 120 }],
    });
    await ev(h4, { type: 'callback', satisfaction: 'unsatisfied' });
    at(T0, 140);
    await ev(h4, { type: 'reopen', reason: '仍漏水' });
    at(T0, 160);
    await toSite(h4);
    at(T0, 180);
    await ev(h4, { type: 'resolve', note: '换管段', labourMin: 10 });
    await ev(h4, { type: 'callback', satisfaction: 'satisfied' });

    // H5 (no compound): still new at generation; a second caller's report joined to it.
    const h5 = await open({ category: 'other', description: '楼道异响', priority: 'P4' });
    const link = await s.api.post(`/api/tickets/${h5}/link`, { description: '又一位居民来电' }, disp);
    expect(link.status).toBe(200);

    // A1 (alarm, c1): the leakage opens it; repaired and verified, closed; the fault returns within
    // the window and reopens it (repeat repair), and it stays open.
    at(T0, 200);
    await publish(box, 'box-r', 'telemetry', { leakage_ma: 45 });
    const a1 = (await s.api.get<{ id: string }[]>('/api/tickets?deviceId=box-r', disp)).body[0]?.id ?? '';
    at(T0, 210);
    await toSite(a1);
    at(T0, 230);
    await ev(a1, { type: 'resolve', note: '更换漏电保护器', labourMin: 20 });
    await publish(box, 'box-r', 'telemetry', { leakage_ma: 4 });
    await ev(a1, { type: 'close', reason: '设备已确认' });
    at(T0, 260);
    await publish(box, 'box-r', 'telemetry', { leakage_ma: 50 });

    // The report is made in November, for October.
    at(Date.UTC(2026, 10, 3, 1), 0);
  });
  afterAll(async () => {
    await box?.endAsync();
    await van?.client.endAsync();
    await s?.stop();
  });

  const get = async (month: string, token = disp) => s.api.get(`/api/reports/monthly?month=${month}`, token);

  it('answers the contract, for a dispatcher, a viewer and an admin; a technician may not', async () => {
    for (const token of [disp, viewer, s.admin]) {
      const res = await get('2026-10', token);
      expect(res.status).toBe(200);
      expect(MonthlyReportDto.strict().safeParse(res.body).error).toBeUndefined();
    }
    expect((await get('2026-10', tech)).status).toBe(403);
  });

  it('refuses a malformed month, a month not yet begun and an unknown format with 400', async () => {
    for (const q of [
      'month=2026-13',
      'month=10-2026',
      'month=2026-12',
      'month=2026-10&format=pdf',
      'month=2026-10&lang=fr',
    ]) {
      const res = await s.api.get(`/api/reports/monthly?${q}`, disp);
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({
        error: expect.any(String) as string,
        message: expect.any(String) as string,
      });
    }
  });

  it('counts the month in SITE_TZ, and its figures equal GET /api/stats for the same range', async () => {
    const report = MonthlyReportDto.parse((await get('2026-10')).body);
    expect(report).toMatchObject({
      month: '2026-10',
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-31T15:59:59.999Z',
      timeZone: 'Asia/Shanghai',
      previousMonth: '2026-09',
    });
    const res = await s.api.get(`/api/stats?from=${report.from}&to=${report.to}`, disp);
    const stats = StatsDto.parse(res.body);
    const t = report.totals;
    expect(t.tickets).toBe(stats.total);
    expect(t.bySource).toEqual(stats.bySource);
    expect(t.byCategory).toEqual(stats.byCategory);
    expect(t.byPriority).toEqual(stats.byPriority);
    for (const k of ['responseTime', 'resolutionTime'] as const) {
      expect({ count: t[k].count, meanS: t[k].meanS, p90S: t[k].p90S }).toEqual(stats[k]);
    }
    expect(t.sla).toEqual(stats.sla);
    const { made: _made, tickets, ...outcome } = t.callbacks;
    expect({ count: tickets, ...outcome }).toEqual(stats.callback);
    expect(t.repeatRepairs).toEqual(stats.repeatRepairs);
    expect(t.closed + t.cancelled + t.open).toBe(stats.total);
    expect(t.cancelled).toBe(stats.byStatus.cancelled);
    expect(t.closed).toBe(stats.byStatus.closed);
    expect(report.compounds.map((c) => c.compoundId)).toEqual(stats.perCompound.map((c) => c.compoundId));
    for (const c of report.compounds) {
      const sc = stats.perCompound.find((x) => x.compoundId === c.compoundId);
      expect({
        total: c.tickets,
        open: c.open,
        meanResponseS: c.responseTime.meanS,
        breachRate: c.sla.breachRate,
        satisfactionRate: c.callbacks.satisfactionRate,
        repeatRepairs: c.repeatRepairs,
      }).toEqual({
        total: sc?.total,
        open: sc?.open,
        meanResponseS: sc?.meanResponseS,
        breachRate: sc?.breachRate,
        satisfactionRate: sc?.satisfactionRate,
        repeatRepairs: sc?.repeatRepairs,
      });
    }
  });

  it('adds up the hand-computed month: labour and parts as reported, callbacks per caller, the change', async () => {
    const report = MonthlyReportDto.parse((await get('2026-10')).body);
    const t = report.totals;
    expect(t).toMatchObject({
      tickets: 6,
      reports: 7,
      bySource: { hotline: 4, grid: 1, alarm: 1, inspection: 0 },
      resolved: 3,
      closed: 3,
      cancelled: 1,
      open: 2,
      // H1 10, H3 41, H4 60 minutes (the arrival after the reopen; A1's was cleared by its reopen)
      responseTime: { count: 3, medianS: 2460, p90S: 3600 },
      // H3 waited past 35 min; H5 and the reopened A1 are still waiting in November
      sla: { breachedTickets: 3, breaches: { respond: 3 } },
      // H1 satisfied, H4 unsatisfied then satisfied after the reopen: 3 made, 2 tickets, both satisfied
      callbacks: { made: 3, tickets: 2, satisfied: 2, unsatisfied: 0, satisfactionRate: 1 },
      repeatRepairs: { reopens: 1, tickets: 1 },
      labour: { minutes: 25 + 15 + 40 + 10 + 20, hours: 1.83, repairs: 5 },
      parts: { costYuan: 191, lines: 3, uncostedLines: 1 },
    });
    expect(report.provisional).toBe(2);
    expect(report.unplaced).toMatchObject({ tickets: 1, reports: 2, open: 1 });
    expect(t.change.tickets).toEqual({ previous: 2, current: 6, delta: 4 });
    expect(t.change.labourHours).toEqual({ previous: 0.5, current: 1.83, delta: 1.33 });
    expect(t.change.partsCostYuan).toEqual({ previous: 0, current: 191, delta: 191 });
    expect(report.compounds.find((c) => c.compoundId === 'c1')?.change.satisfactionRate).toEqual({
      previous: 0,
      current: 1,
      delta: 1,
    });
    expect(report.basis.tickets).toBe(6);
    expect(report.basis.timelineEntries).toBeGreaterThan(30);
    expect(report.basis.auditEntries).toBeGreaterThan(20);
    expect(report.methods.map((m) => m.figure)).toContain('responseTime');
  });
});
