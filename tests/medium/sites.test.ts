// Sites (beyond api.md): red sail stations and the depot — create, list, validation, the OpenAPI
// entry, and persistence across a restart on the same data directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

const outline = {
  type: 'Polygon',
  coordinates: [
    [
      [116.982, 35.6],
      [116.983, 35.6],
      [116.983, 35.601],
      [116.982, 35.601],
      [116.982, 35.6],
    ],
  ],
};
const station = {
  id: 'station-gongbao',
  kind: 'station',
  name: '红帆驿站（工保小区）',
  lat: 35.60016,
  lng: 116.982458,
  compoundId: 'gongbao',
  address: '龙虎社区 工保小区',
  phone: '0537-441 2345',
};
const depot = { id: 'depot', kind: 'depot', name: '鲁建惠诚物业 维修驻地', lat: 35.590135, lng: 116.99368 };

type Site = Record<string, unknown> & { id: string };

describe('sites', () => {
  let s: TestServer;
  let viewer: string;

  beforeAll(async () => {
    s = await startServer();
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    const c = await s.api.post('/api/compounds', { id: 'gongbao', name: '工保小区', outline }, s.admin);
    expect(c.status).toBe(201);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('creates a station and the depot (201), and lists them ordered by id for any role', async () => {
    const made = await s.api.post<Site>('/api/sites', station, s.admin);
    expect(made.status).toBe(201);
    expect(made.body).toStrictEqual({
      ...station,
      phone: '0537-4412345', // spaces dropped, as for a reporter's phone
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as string,
    });
    const d = await s.api.post<Site>('/api/sites', depot, s.admin);
    expect(d.status).toBe(201);
    expect(Object.keys(d.body).sort()).toStrictEqual(['createdAt', 'id', 'kind', 'lat', 'lng', 'name']);

    const list = await s.api.get<Site[]>('/api/sites', viewer);
    expect(list.status).toBe(200);
    expect(list.body).toStrictEqual([d.body, made.body]);
  });

  it('answers 409 for an id that exists, keeping the first', async () => {
    const again = await s.api.post('/api/sites', { ...depot, name: 'another depot' }, s.admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: 'conflict',
      message: expect.stringContaining('depot') as string,
    });
    const list = await s.api.get<Site[]>('/api/sites', viewer);
    expect(list.body.find((x) => x.id === 'depot')?.name).toBe(depot.name);
  });

  it.each([
    ['id', { ...depot, id: 'bad id!' }],
    ['kind', { ...depot, id: 'x1', kind: 'warehouse' }],
    ['name', { ...depot, id: 'x2', name: '  ' }],
    ['lat', { ...depot, id: 'x3', lat: 91 }],
    ['lng', { ...depot, id: 'x4', lng: -181 }],
    ['lat', { id: 'x5', kind: 'depot', name: 'no position', lng: 116.99 }],
    ['phone', { ...depot, id: 'x6', phone: '12345' }],
    ['compoundId', { ...station, id: 'x7', compoundId: 'nowhere' }],
  ])('answers 400 naming %s', async (field, body) => {
    const res = await s.api.post('/api/sites', body, s.admin);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(String(res.body.message)).toContain(`${field}:`);
    if (field === 'compoundId') expect(String(res.body.message)).toContain('nowhere');
    const ids = (await s.api.get<Site[]>('/api/sites', viewer)).body.map((x) => x.id);
    expect(ids).not.toContain(body.id);
  });

  it('is in the OpenAPI document with its request and response schemas', async () => {
    const doc = await s.api.get<{
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
            responses: Record<string, unknown>;
          }
        >
      >;
    }>('/api/openapi.json', viewer);
    const sites = doc.body.paths['/api/sites'];
    expect(Object.keys(sites ?? {}).sort()).toStrictEqual(['get', 'post']);
    const body = sites?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {}).sort()).toStrictEqual(
      ['address', 'compoundId', 'id', 'kind', 'lat', 'lng', 'name', 'phone'].sort(),
    );
    expect(Object.keys(sites?.post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '409']));
  });

  it('keeps the sites across a restart on the same data directory', async () => {
    const before = (await s.api.get<Site[]>('/api/sites', s.admin)).body;
    expect(before.map((x) => x.id)).toStrictEqual(['depot', 'station-gongbao']);
    await s.stop({ keepData: true });
    s = await startServer({ dataDir: s.dataDir });
    const after = await s.api.get<Site[]>('/api/sites', s.admin);
    expect(after.body).toStrictEqual(before);
  });
});
