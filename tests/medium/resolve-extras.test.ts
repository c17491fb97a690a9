// Parts and labour at resolve (api.md "Field work and notifications (v1.1)"): validated, stored on the
// ticket (kept across a restart, on each backend), shown in the ticket DTO and its timeline entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketOnSite } from '../helpers/fieldwork';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

interface Ticket {
  id: string;
  status: string;
  parts?: { name: string; qty: number; unitCostYuan?: number }[];
  partsCostYuan?: number;
  labourMin?: number;
  timeline?: { type: string; data: Record<string, unknown> }[];
}

const parts = [
  { name: '配电箱 (不锈钢)', qty: 1, unitCostYuan: 380 },
  { name: '空气开关 63A', qty: 2, unitCostYuan: 45.5 },
  { name: '电缆 4mm² (米)', qty: 12.5, unitCostYuan: 3.3 },
  { name: '扎带', qty: 20 },
];

describe('resolve with parts and labour', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let ticket: string;
  let van: TestVan | undefined;
  const resolve = (body: Record<string, unknown>) =>
    s.api.post<Ticket>(
      `/api/tickets/${ticket}/events`,
      { type: 'resolve', note: '更换锈蚀配电箱', ...body },
      tech,
    );

  beforeAll(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    van = await addVan(s, 'van-1', '一号车', 35.6, 116.99);
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    ticket = await ticketOnSite(s, disp, tech, 'van-1');
  });
  afterAll(async () => {
    await van?.client.endAsync();
    await s?.stop();
  });

  it.each([
    ['a part with qty 0', { parts: [{ name: '开关', qty: 0 }] }, 'qty'],
    ['a part with a negative qty', { parts: [{ name: '开关', qty: -1 }] }, 'qty'],
    ['a negative unit cost', { parts: [{ name: '开关', qty: 1, unitCostYuan: -0.5 }] }, 'unitCostYuan'],
    ['a part without a name', { parts: [{ name: ' ', qty: 1 }] }, 'name'],
    ['a part with an unknown field', { parts: [{ name: '开关', qty: 1, price: 3 }] }, 'price'],
    ['parts that are not a list', { parts: { name: '开关', qty: 1 } }, 'parts'],
    ['labour of 10081 minutes', { labourMin: 10081 }, 'labourMin'],
    ['labour of a fraction of a minute', { labourMin: 12.5 }, 'labourMin'],
    ['negative labour', { labourMin: -1 }, 'labourMin'],
    ['labour as text', { labourMin: '90' }, 'labourMin'],
  ])('refuses %s with a 400 naming it; the ticket stays on site', async (_name, body, field) => {
    const res = await resolve(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(JSON.stringify(res.body)).toContain(field);
    expect((await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body.status).toBe('on_site');
  });

  it('stores the parts, their cost total and the labour on the ticket and its resolve entry', async () => {
    const res = await resolve({ parts, labourMin: 95 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', parts, labourMin: 95, partsCostYuan: 512.25 });
    const detail = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body;
    expect(detail).toMatchObject({ parts, labourMin: 95, partsCostYuan: 512.25 });
    expect(detail.timeline?.at(-1)).toMatchObject({ type: 'resolve', data: { parts, labourMin: 95 } });
    const listed = (await s.api.get<Ticket[]>('/api/tickets', disp)).body.find((t) => t.id === ticket);
    expect(listed).toMatchObject({ parts, labourMin: 95, partsCostYuan: 512.25 });
  });

  it.each([
    [0, [{ name: '扎带', qty: 3 }]],
    [10080, []],
  ])('takes labour of %i minutes, and parts without costs (no total then)', async (labourMin, used) => {
    const id = await ticketOnSite(s, disp, tech, 'van-1'); // the van is free once its ticket is resolved
    const res = await s.api.post<Ticket>(
      `/api/tickets/${id}/events`,
      { type: 'resolve', note: '紧固接线', parts: used, labourMin },
      tech,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ labourMin, parts: used });
    expect(res.body.partsCostYuan).toBeUndefined();
  });

  it('keeps parts and labour across a restart', async () => {
    await van?.client.endAsync();
    van = undefined;
    await s.stop({ keepData: true });
    s = await startServer({ dataDir: s.dataDir, env: { AUTO_DISPATCH: 'false' } });
    const detail = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, s.admin)).body;
    expect(detail).toMatchObject({ parts, labourMin: 95, partsCostYuan: 512.25 });
  });
});
