// The month the monthly report's medium tests read (monthly-report*.test.ts), walked on the manual
// clock: September 2026 (two tickets, for the change) and October 2026 — hotline, grid and alarm
// tickets; two compounds and none; parts and labour; callbacks satisfied and unsatisfied; a cancel; a
// manual reopen; a repeat fault; SLA breaches; a further report joined. The clock ends in November.
import type { MqttClient } from 'mqtt';
import { expect } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { addVan } from '../helpers/vans';

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

export interface Month {
  s: TestServer;
  disp: string;
  viewer: string;
  tech: string;
  stop(): Promise<void>;
}

/** Starts a server and records the two months on it. */
export async function startMonth(): Promise<Month> {
  const s = await startServer({
    manualClock: true,
    env: { AUTO_DISPATCH: 'false', OFFLINE_AFTER_S: '8640000', REPEAT_WINDOW_H: '2' },
  });
  let disp = '';
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
  disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
  const viewer = await s.api.userToken(s.admin, 'viewer', 'viewer');
  const tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-a');
  await s.api.post('/api/compounds', { id: 'c1', name: '工保小区', outline: square(116.98, 35.59) }, s.admin);
  await s.api.post(
    '/api/compounds',
    { id: 'c2', name: '=HYPERLINK("x")家属院', outline: square(117.1, 35.7) },
    s.admin,
  );
  const van = await addVan(s, 'van-a', '一号车', A.lat, A.lng);
  const box: MqttClient = await connectDevice(
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
  return {
    s,
    disp,
    viewer,
    tech,
    async stop() {
      await box.endAsync();
      await van.client.endAsync();
      await s.stop();
    },
  };
}
