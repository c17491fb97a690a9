// Bulk device registration, POST /api/devices/import: JSON or CSV in, credentials out (CSV by default,
// JSON on request); every row checked first, and one bad row registers nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/src/formats/csv';
import { connectDevice, publish } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

interface Imported {
  count: number;
  devices: { id: string; type: string; mqtt: { username: string; password: string; clientId: string } }[];
}
interface Rejected {
  error: string;
  message: string;
  rows: { row: number; line?: number; id?: string; errors: string[] }[];
}

describe('bulk device import', () => {
  let s: TestServer;
  const importJson = <T = Imported>(devices: unknown[], accept = 'application/json') =>
    s.api.request<T>('POST', '/api/devices/import', {
      token: s.admin,
      body: { devices },
      headers: { accept },
    });
  const importCsv = <T = string>(csv: string, accept?: string) =>
    s.api.request<T>('POST', '/api/devices/import', {
      token: s.admin,
      rawBody: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8', ...(accept && { accept }) },
    });
  const registeredIds = async () =>
    (await s.api.get<{ id: string }[]>('/api/devices', s.admin)).body.map((d) => d.id).sort();

  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('imports JSON; each device connects with its returned credentials and publishes', async () => {
    const res = await importJson([
      { id: 'box-gongbao-1', type: 'distribution_box', name: '工保小区 1号配电箱', rating_a: 100 },
      { id: 'lamp-gongbao-1', type: 'streetlight', compoundId: 'gongbao', lat: 35.597, lng: 116.99 },
      { id: 'cam-gongbao-1', type: 'camera' },
    ]);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.count).toBe(3);
    expect(res.body.devices.map((d) => [d.id, d.type])).toStrictEqual([
      ['box-gongbao-1', 'distribution_box'],
      ['lamp-gongbao-1', 'streetlight'],
      ['cam-gongbao-1', 'camera'],
    ]);
    const readings: Record<string, object> = {
      'box-gongbao-1': { ua: 221 },
      'lamp-gongbao-1': { lamp: 'on' },
      'cam-gongbao-1': { video: 'ok' },
    };
    for (const d of res.body.devices) {
      expect(d.mqtt).toMatchObject({
        username: d.id,
        clientId: d.id,
        password: expect.any(String) as string,
      });
      const client = await connectDevice(s, { id: d.id, ...d.mqtt });
      await publish(client, d.id, 'telemetry', readings[d.id] ?? {});
      await client.endAsync();
      const got = await s.api.get(`/api/devices/${d.id}`, s.admin);
      expect(got.body.state).toMatchObject(readings[d.id] ?? {});
    }
    const box = await s.api.get('/api/devices/box-gongbao-1', s.admin);
    expect(box.body).toMatchObject({ name: '工保小区 1号配电箱', attrs: { rating_a: 100 } });
  });

  it('imports CSV with quoted names (commas, quotes, Chinese) and answers a CSV download', async () => {
    const csv =
      '\uFEFFid,type,name,compoundId,lat,lng,rating_a\r\n' +
      'box-qufuzhen-1,distribution_box,"曲阜镇家属院, 1号配电箱",qufuzhen,35.5981,116.9862,63\r\n' +
      'lamp-qufuzhen-1,streetlight,"鼓楼北街 ""东口"" 路灯",qufuzhen,,,\r\n' +
      'cam-qufuzhen-1,camera,五马祠街摄像机,,35.5975,116.987,\r\n';
    const res = await importCsv(csv);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="redsail-device-credentials.csv"',
    );
    const [header, ...rows] = parseCsv(res.body).map((r) => r.fields);
    expect(header).toStrictEqual(['id', 'type', 'username', 'password', 'clientId']);
    expect(rows.map((r) => r.slice(0, 3))).toStrictEqual([
      ['box-qufuzhen-1', 'distribution_box', 'box-qufuzhen-1'],
      ['lamp-qufuzhen-1', 'streetlight', 'lamp-qufuzhen-1'],
      ['cam-qufuzhen-1', 'camera', 'cam-qufuzhen-1'],
    ]);
    const names = async (id: string) => (await s.api.get(`/api/devices/${id}`, s.admin)).body;
    expect(await names('box-qufuzhen-1')).toMatchObject({
      name: '曲阜镇家属院, 1号配电箱',
      compoundId: 'qufuzhen',
      lat: 35.5981,
      lng: 116.9862,
      attrs: { rating_a: 63 },
    });
    const lamp = await names('lamp-qufuzhen-1');
    expect(lamp).toMatchObject({ name: '鼓楼北街 "东口" 路灯', compoundId: 'qufuzhen' });
    expect(lamp).not.toHaveProperty('lat');
    expect(await names('cam-qufuzhen-1')).toMatchObject({ name: '五马祠街摄像机' });
    const [id = '', , username = '', password = ''] = rows[2] ?? [];
    const client = await connectDevice(s, { id, username, password });
    await publish(client, id, 'telemetry', { tamper: false });
    await client.endAsync();
  });

  it('answers JSON to a CSV upload when Accept prefers it', async () => {
    const res = await importCsv<Imported>(
      'type,id\ncamera,cam-accept-1\n',
      'text/csv;q=0.5, application/json',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ count: 1, devices: [{ id: 'cam-accept-1', type: 'camera' }] });
  });

  it('refuses a file with bad rows, listing each, and registers nothing', async () => {
    const before = await registeredIds();
    const csv =
      'id,type,name,lat,lng\n' +
      'box-bad-1,distribution_box,ok,35.6,116.99\n' +
      'lamp-bad-1,toaster,"烤面包机, 不是设备",95,116.99\n' +
      'cam-bad-1,camera,ok,,\n' +
      'box-bad-1,distribution_box,repeat,,\n';
    const res = await importCsv<Rejected>(csv);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toMatch(/nothing was registered: 2 rows are invalid/);
    expect(res.body.rows).toHaveLength(2);
    const [typeAndLat, dup] = res.body.rows;
    expect(typeAndLat).toMatchObject({ row: 2, line: 3, id: 'lamp-bad-1' });
    expect(typeAndLat?.errors).toHaveLength(2);
    expect(typeAndLat?.errors.join('\n')).toMatch(/^lat: /m);
    expect(typeAndLat?.errors.join('\n')).toMatch(/^type: unknown device type 'toaster'/m);
    expect(dup).toMatchObject({ row: 4, line: 5, id: 'box-bad-1' });
    expect(dup?.errors).toStrictEqual(["id: 'box-bad-1' is already in row 1 of this import"]);
    expect(await registeredIds()).toStrictEqual(before);

    const json = await importJson<Rejected>([
      { id: 'ok-1', type: 'camera' },
      { id: 'bad id!', type: 'camera', rating_a: 63 },
      'not an object',
    ]);
    expect(json.status).toBe(400);
    expect(json.body.rows.map((r) => r.row)).toStrictEqual([2, 3]);
    expect(json.body.rows[0]?.errors.join('\n')).toMatch(/^id: .*\n^rating_a: a camera has no rating_a/m);
    expect(json.body.rows[0]).not.toHaveProperty('line');
    expect(await registeredIds()).toStrictEqual(before);
  });

  it('refuses an id that is already registered, naming the row, and registers nothing', async () => {
    const before = await registeredIds();
    const res = await importJson<Rejected>([
      { id: 'lamp-new-1', type: 'streetlight' },
      { id: 'box-gongbao-1', type: 'distribution_box' },
      { id: 'lamp-new-2', type: 'streetlight' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.rows).toStrictEqual([
      { row: 2, id: 'box-gongbao-1', errors: ["id: device 'box-gongbao-1' is already registered"] },
    ]);
    expect(await registeredIds()).toStrictEqual(before);
  });

  it('two imports racing for the same ids: one registers them all, the other nothing', async () => {
    const rows = (tag: string) =>
      ['race-1', 'race-2', 'race-3'].map((id) => ({ id, type: 'streetlight', name: tag }));
    const [a, b] = await Promise.all([importJson(rows('a')), importJson(rows('b'))]);
    expect([a.status, b.status].filter((x) => x === 201)).toHaveLength(1);
    expect([400, 409]).toContain(a.status === 201 ? b.status : a.status);
    const winner = a.status === 201 ? 'a' : 'b';
    for (const id of ['race-1', 'race-2', 'race-3'])
      expect((await s.api.get(`/api/devices/${id}`, s.admin)).body.name).toBe(winner);
  });

  it('refuses malformed files and other media types with a clear message', async () => {
    const cases: [string, RegExp][] = [
      ['id,type\n"cam-x,camera\n', /line 2: a quoted field is never closed/],
      ['id,type,colour\ncam-x,camera,red\n', /unknown column 'colour'/],
      ['id,name\ncam-x,x\n', /no column type/],
      ['id,type\n', /no devices/],
      ['', /empty/],
    ];
    for (const [csv, message] of cases) {
      const res = await importCsv<Rejected>(csv);
      expect(res.status, csv).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    const fields = await importCsv<Rejected>('id,type,lat\ncam-x,camera\ncam-y,camera,north\n');
    expect(fields.body.rows.map((r) => r.errors)).toStrictEqual([
      ['has 2 fields, the header has 3'],
      ["lat: 'north' is not a number"],
    ]);
    const plain = await s.api.request('POST', '/api/devices/import', {
      token: s.admin,
      rawBody: 'id,type\ncam-x,camera\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect(await importJson([])).toMatchObject({ status: 400 });
  });

  it('reads a 5,000-row file beyond the usual 256 KB, and refuses one beyond 2 MB', async () => {
    const line = (i: number) =>
      `lamp-bulk-${i},streetlight,"鼓楼大街 ${i}号路灯, 西侧",gulou,35.597,116.99\n`;
    const header = 'id,type,name,compoundId,lat,lng\n';
    const body = Array.from({ length: 5000 }, (_, i) => line(i)).join('');
    const bad = `${header}${body}lamp-bulk-x,toaster,,,,\n`;
    expect(Buffer.byteLength(bad)).toBeGreaterThan(256 * 1024);
    const res = await importCsv<Rejected>(bad);
    expect(res.status).toBe(400);
    expect(res.body.rows).toStrictEqual([
      {
        row: 5001,
        line: 5002,
        id: 'lamp-bulk-x',
        errors: [expect.stringMatching(/^type: unknown/) as string],
      },
    ]);
    const huge = header + body.repeat(6);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(2 * 1024 * 1024);
    const tooBig = await importCsv<Rejected>(huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toContain('2 MB');
    const elsewhere = await s.api.request('POST', '/api/tickets', {
      token: s.admin,
      body: { description: 'x'.repeat(300_000) },
    });
    expect(elsewhere.status).toBe(413);
  });
});
