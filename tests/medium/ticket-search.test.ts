// GET /api/tickets?q= over the real server: each field api.md names (ticket number, reporter phone
// and name, address, description, device id and name, compound name), any status, the created range,
// a technician's view (their van only) and bad search text refused with 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

interface Ticket {
  id: string;
  status: string;
  createdAt: string;
}
const ring = [
  [116.99, 35.597],
  [116.992, 35.597],
  [116.992, 35.599],
  [116.99, 35.597],
];

describe('ticket search', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let van: TestVan;
  const made: Record<'pipe' | 'lamp' | 'gone' | 'other', Ticket> = {} as never;

  const find = async (query: string, token = disp) => {
    const res = await s.api.get<Ticket[]>(`/api/tickets?${query}`, token);
    expect(res.status).toBe(200);
    return res.body.map((t) => t.id);
  };
  const q = (text: string) => `q=${encodeURIComponent(text)}`;
  const create = async (body: object) => {
    const res = await s.api.post<Ticket>('/api/tickets', body, disp);
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-a');
    van = await addVan(s, 'van-a', '一号车', 35.598, 116.991);
    const outline = { type: 'Polygon', coordinates: [ring] };
    expect(
      (await s.api.post('/api/compounds', { id: 'gongbao', name: '工保小区', outline }, s.admin)).status,
    ).toBe(201);
    const box = { id: 'box-07', type: 'distribution_box', name: '三号楼配电箱', compoundId: 'gongbao' };
    expect((await s.api.post('/api/devices', box, s.admin)).status).toBe(201);
    made.pipe = await create({
      category: 'water',
      description: 'Water pipe burst in the stairwell',
      address: '幸福路12号楼3单元',
      reporter: { name: '张阿姨', phone: '13800138000' },
    });
    made.lamp = await create({
      category: 'lighting',
      description: '路灯不亮',
      deviceId: 'box-07',
      compoundId: 'gongbao',
    });
    made.gone = await create({
      category: 'electrical',
      description: '楼道停电',
      reporter: { name: '李伟', phone: '0537-4412345' },
      lat: 35.598,
      lng: 116.991,
    });
    made.other = await create({ category: 'other', description: 'noise at night' });
    const dispatched = await s.api.post(
      `/api/tickets/${made.gone.id}/events`,
      { type: 'dispatch', vanId: 'van-a' },
      disp,
    );
    expect(dispatched.status).toBe(200);
    const cancelled = await s.api.post(
      `/api/tickets/${made.gone.id}/events`,
      { type: 'cancel', reason: 'duplicate' },
      disp,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
  });
  afterAll(async () => {
    await van?.client.endAsync();
    await s?.stop();
  });

  it('finds a ticket by its number, in any case and without the dash', async () => {
    const id = made.pipe.id;
    expect(await find(q(id))).toStrictEqual([id]);
    expect(await find(q(id.slice(-6).toLowerCase()))).toStrictEqual([id]);
    expect(await find(q(id.replace('-', ' ')))).toStrictEqual([id]);
  });

  it('finds the reporter by phone (as typed, with spaces or dashes) and by name', async () => {
    expect(await find(q('138 0013 8000'))).toStrictEqual([made.pipe.id]);
    expect(await find(q('4412345'))).toStrictEqual([made.gone.id]);
    expect(await find(q('0537-44'))).toStrictEqual([made.gone.id]);
    expect(await find(q('张阿姨'))).toStrictEqual([made.pipe.id]);
  });

  it('finds the address and the description, case-insensitively', async () => {
    expect(await find(q('12号楼'))).toStrictEqual([made.pipe.id]);
    expect(await find(q('PIPE burst'))).toStrictEqual([made.pipe.id]);
  });

  it('finds the device by id and by name, and the compound by name', async () => {
    expect(await find(q('BOX-07'))).toStrictEqual([made.lamp.id]);
    expect(await find(q('配电箱'))).toStrictEqual([made.lamp.id]);
    expect(await find(q('工保'))).toStrictEqual([made.lamp.id]);
  });

  it('searches every status unless status narrows, and within the created range', async () => {
    expect(await find(q('楼道停电'))).toStrictEqual([made.gone.id]);
    expect(await find(`${q('楼道停电')}&status=new`)).toStrictEqual([]);
    expect(await find(`${q('楼道停电')}&status=cancelled,closed`)).toStrictEqual([made.gone.id]);
    const at = made.gone.createdAt;
    expect(await find(`from=${at}&to=${at}`)).toContain(made.gone.id);
    expect(await find(`${q('楼道停电')}&to=${new Date(Date.parse(at) - 1).toISOString()}`)).toStrictEqual([]);
  });

  it('pages a search newest first with before', async () => {
    const first = await find(`${q('T')}&limit=2`);
    expect(first).toStrictEqual([made.other.id, made.gone.id]);
    expect(await find(`${q('T')}&limit=2&before=${first[1]}`)).toStrictEqual([made.lamp.id, made.pipe.id]);
  });

  it("a technician's search finds and counts only their van's tickets", async () => {
    expect(await find(q('T'), tech)).toStrictEqual([made.gone.id]);
    expect(await find(q('张阿姨'), tech)).toStrictEqual([]);
    expect((await s.api.get(`/api/tickets/count?${q('T')}`, tech)).body).toStrictEqual({ count: 1 });
    expect((await s.api.get('/api/tickets/count?vanId=van-b', tech)).status).toBe(403);
  });

  it('counts every ticket a search matches, whatever the page', async () => {
    const count = async (query: string) => (await s.api.get(`/api/tickets/count?${query}`, disp)).body;
    expect(await count(q('T'))).toStrictEqual({ count: 4 });
    expect(await count(`${q('T')}&status=cancelled`)).toStrictEqual({ count: 1 });
    expect(await count(q('138 0013'))).toStrictEqual({ count: 1 });
    expect((await s.api.get('/api/tickets/count?q=', disp)).status).toBe(400);
  });

  it('refuses empty, blank or over-long search text and a reversed range with 400, saying why', async () => {
    for (const bad of ['q=', `q=${encodeURIComponent('   ')}`, `q=${'x'.repeat(101)}`]) {
      const res = await s.api.get<{ error: string; message: string }>(`/api/tickets?${bad}`, disp);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.message).toMatch(/q:/);
    }
    const reversed = await s.api.get<{ message: string }>(
      '/api/tickets?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      disp,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/from must not be after to/);
    expect((await s.api.get(`/api/tickets?${q('x'.repeat(100))}`, disp)).status).toBe(200);
  });

  it('documents q, from and to in the OpenAPI document', async () => {
    const doc = await s.api.get<{
      paths: Record<string, { get: { parameters: { name: string; schema: { description?: string } }[] } }>;
    }>('/api/openapi.json', disp);
    const params = doc.body.paths['/api/tickets']?.get.parameters ?? [];
    expect(params.find((p) => p.name === 'q')?.schema.description).toMatch(/ticket number/);
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'from', 'to', 'before']));
  });
});
