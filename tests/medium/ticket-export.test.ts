// The tickets export (GET /api/tickets.csv): the proof of work a ticket carries — parts, their cost,
// labour, photo and signature links, the callback — in a spreadsheet file, refused for bad ranges and
// roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/src/formats/csv';
import { IMAGES, ticketOnSite, upload } from '../helpers/fieldwork';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const dayRange = () => {
  const now = Date.now();
  return `from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}`;
};

async function getCsv(s: TestServer, query: string, token: string) {
  const res = await fetch(`${s.httpUrl}/api/tickets.csv?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

describe('tickets export', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let viewer: string;
  let ticket: string;
  let other: string;
  let van: TestVan | undefined;
  const attachmentIds: string[] = [];

  beforeAll(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    van = await addVan(s, 'van-1', '一号车', 35.6, 116.99);
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    viewer = await s.api.userToken(s.admin, 'boss', 'viewer');
    ticket = await ticketOnSite(s, disp, tech, 'van-1');
    for (const kind of ['before', 'after', 'after', 'signature']) {
      const up = await upload(s, ticket, tech, { kind, file: IMAGES.png });
      expect(up.status).toBe(201);
      attachmentIds.push(String(up.body.id));
    }
    const resolved = await s.api.post(
      `/api/tickets/${ticket}/events`,
      {
        type: 'resolve',
        note: '更换空气开关',
        parts: [
          { name: '=扎带', qty: 20 },
          { name: '空气开关 63A', qty: 2, unitCostYuan: 45.5 },
        ],
        labourMin: 95,
      },
      tech,
    );
    expect(resolved.status).toBe(200);
    const closed = await s.api.post(
      `/api/tickets/${ticket}/events`,
      { type: 'callback', satisfaction: 'neutral', note: '居民说来得慢' },
      disp,
    );
    expect(closed.status).toBe(200);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'water', description: '楼道水管漏水', compoundId: 'gongbao' },
      disp,
    );
    other = created.body.id;
  });
  afterAll(async () => {
    await van?.client.endAsync();
    await s?.stop();
  });

  it('has a row per ticket of the range, oldest first, with parts, cost, labour, photo and signature links', async () => {
    const { res, bytes, text } = await getCsv(s, dayRange(), disp);
    expect(res.status).toBe(200);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for Chinese
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="redsail-tickets-\d{4}-\d\d-\d\d_/,
    );
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    expect(rows.map((r) => r[0])).toEqual([ticket, other]);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(row).toMatchObject({
      工单号: ticket,
      状态: 'closed',
      车辆: '一号车',
      用料: "'=扎带 ×20; 空气开关 63A ×2 @45.5",
      '用料金额（元）': '91.00',
      '工时（分钟）': '95',
      维修前照片: `/api/attachments/${attachmentIds[0]}`,
      维修后照片: `/api/attachments/${attachmentIds[1]}\n/api/attachments/${attachmentIds[2]}`,
      居民签字: `/api/attachments/${attachmentIds[3]}`,
      回访满意度: 'neutral',
    });
    expect(Date.parse(row['修复时间']!)).toBeGreaterThan(Date.parse(row['到场时间']!) - 1);
    const open = Object.fromEntries(header!.map((h, i) => [h, rows[1]![i]]));
    expect(open).toMatchObject({ 状态: 'new', 用料: '', '工时（分钟）': '', 维修前照片: '' });
  });

  it('answers in English on lang=en, and filters like the ticket list', async () => {
    const { text } = await getCsv(s, `${dayRange()}&lang=en&status=closed`, viewer);
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    expect(header).toContain('Parts cost (yuan)');
    expect(rows.map((r) => r[0])).toEqual([ticket]);
  });

  it('quotes a cell a spreadsheet would run as a formula', async () => {
    const { text } = await getCsv(s, `${dayRange()}&status=closed`, disp);
    expect(text).toContain("'=扎带");
    expect(text).not.toMatch(/(^|,)=扎带/m);
  });

  it('leaves out tickets created outside the range', async () => {
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const { text } = await getCsv(s, `from=${later}&to=${later}`, disp);
    expect(parseCsv(text)).toHaveLength(1); // the header only
  });

  it.each([
    ['no range', '', 'from'],
    ['from after to', 'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'from must not be after to'],
    ['more than 366 days', 'from=2025-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', '366 days'],
    ['a bad language', `${dayRange()}&lang=fr`, 'lang'],
  ])('refuses %s with a 400 that names it', async (_name, query, says) => {
    const { res, text } = await getCsv(s, query, disp);
    expect(res.status).toBe(400);
    expect(text).toContain(says);
  });

  it('is for dispatchers, managers and admins, not technicians or strangers', async () => {
    expect((await getCsv(s, dayRange(), tech)).res.status).toBe(403);
    expect((await fetch(`${s.httpUrl}/api/tickets.csv?${dayRange()}`)).status).toBe(401);
    expect((await getCsv(s, dayRange(), s.admin)).res.status).toBe(200);
  });
});
