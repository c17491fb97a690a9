// Devices, compounds, telemetry history, alarm acknowledgement and the OpenAPI document.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

const outline = {
  type: 'Polygon',
  coordinates: [
    [
      [116.989, 35.596],
      [116.991, 35.596],
      [116.991, 35.598],
      [116.989, 35.598],
      [116.989, 35.596],
    ],
  ],
};

describe('resources', () => {
  let s: TestServer;
  let disp: string;
  let box: MqttClient;

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.post(
      '/api/compounds',
      { id: 'gongbao', name: '工保小区', outline, address: '龙虎社区' },
      s.admin,
    );
    box = await connectDevice(
      s,
      await registerDevice(s, {
        id: 'box-1',
        type: 'distribution_box',
        compoundId: 'gongbao',
        rating_a: 100,
      }),
    );
    await registerDevice(s, { id: 'lamp-1', type: 'streetlight', compoundId: 'gongbao' });
  });
  afterAll(async () => {
    await box?.endAsync();
    await s?.stop();
  });

  it('registers a device once: 409 for the same id, 400 for an unknown type; the secret is shown only at registration', async () => {
    const dup = await s.api.post('/api/devices', { id: 'box-1', type: 'distribution_box' }, s.admin);
    expect(dup.status).toBe(409);
    const van = await s.api.post('/api/devices', { id: 'van-9', type: 'van' }, s.admin);
    expect(van.status).toBe(400);
    expect(String(van.body.message)).toContain('/api/vans');
    const bad = await s.api.post('/api/devices', { id: 'x-1', type: 'toaster' }, s.admin);
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('distribution_box');
    const dev = await s.api.get('/api/devices/box-1', disp);
    expect(JSON.stringify(dev.body)).not.toMatch(/password|secret/i);
    expect(dev.body).toMatchObject({
      id: 'box-1',
      type: 'distribution_box',
      attrs: { rating_a: 100 },
      status: 'unknown',
    });
  });

  it('lists devices with type, compound and status filters', async () => {
    await publish(box, 'box-1', 'telemetry', { ia: 90, ua: 230 });
    const ids = async (q: string) =>
      (await s.api.get<{ id: string }[]>(`/api/devices${q}`, disp)).body.map((d) => d.id).sort();
    expect(await ids('')).toEqual(['box-1', 'lamp-1']);
    expect(await ids('?type=streetlight')).toEqual(['lamp-1']);
    expect(await ids('?compoundId=gongbao&status=online')).toEqual(['box-1']);
    expect(await ids('?status=unknown')).toEqual(['lamp-1']);
    expect((await s.api.get('/api/devices?status=asleep', disp)).status).toBe(400);
  });

  it('a registered rating_a is the overcurrent threshold', async () => {
    const dev = await s.api.get<{ state: Record<string, unknown>; alarms: unknown[] }>(
      '/api/devices/box-1',
      disp,
    );
    expect(dev.body.state).toMatchObject({ ia: 90 });
    expect(dev.body.alarms).toEqual([]); // 90 A is below the box's 100 A rating (the default would be 63 A)
  });

  it('lists compounds with outline and live counts; refuses a bad outline', async () => {
    await publish(box, 'box-1', 'telemetry', { breaker: 'tripped' });
    const list = await s.api.get<{ id: string; counts: Record<string, number>; outline: unknown }[]>(
      '/api/compounds',
      disp,
    );
    expect(list.body).toEqual([
      expect.objectContaining({
        id: 'gongbao',
        name: '工保小区',
        outline,
        counts: { devices: 2, online: 1, offline: 0, activeAlarms: 1, openTickets: 1 },
      }),
    ]);
    const bad = await s.api.post(
      '/api/compounds',
      { id: 'x', name: 'x', outline: { type: 'Polygon', coordinates: [[[1, 2]]] } },
      s.admin,
    );
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('outline');
    expect(
      (await s.api.post('/api/compounds', { id: 'gongbao', name: 'again', outline }, s.admin)).status,
    ).toBe(409);
  });

  it('returns the history of one metric, oldest first, within from/to', async () => {
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 5; i++)
      await publish(box, 'box-1', 'telemetry', { temp_c: 30 + i, ts: t0 + i * 1000 });
    const from = new Date(t0 + 1000).toISOString();
    const to = new Date(t0 + 3000).toISOString();
    const res = await s.api.get<{ points: { ts: string; value: number }[] }>(
      `/api/devices/box-1/telemetry?metric=temp_c&from=${from}&to=${to}`,
      disp,
    );
    expect(res.body.points.map((p) => p.value)).toEqual([31, 32, 33]);
    expect(res.body.points[0]?.ts).toBe(from);
    const unknown = await s.api.get('/api/devices/box-1/telemetry?metric=lux', disp);
    expect(unknown.status).toBe(400);
    expect(String(unknown.body.message)).toContain('temp_c');
    expect((await s.api.get('/api/devices/nope/telemetry?metric=ua', disp)).status).toBe(404);
  });

  it('folds readings older than the raw window into rollups (retention), still served as history', async () => {
    const old = Date.now() - 3 * 86_400_000; // beyond the default 48 h raw window
    const bucket = old - (old % (15 * 60_000));
    for (const [i, v] of [10, 20, 30].entries())
      await publish(box, 'box-1', 'telemetry', { leakage_ma: v, ts: bucket + i * 1000 });
    await s.app.compact();
    const from = new Date(bucket - 60_000).toISOString();
    const to = new Date(bucket + 60_000).toISOString();
    const res = await s.api.get<{ points: unknown[] }>(
      `/api/devices/box-1/telemetry?metric=leakage_ma&from=${from}&to=${to}`,
      disp,
    );
    expect(res.body.points).toEqual([
      { ts: new Date(bucket).toISOString(), value: 20, min: 10, max: 30, count: 3 },
    ]);
  });

  it('acknowledges an alarm once, recording who and when', async () => {
    const [alarm] = (await s.api.get<{ id: string }[]>('/api/alarms?active=true', disp)).body;
    const acked = await s.api.post<{ ackedBy: string; ackedAt: string; active: boolean }>(
      `/api/alarms/${alarm?.id}/ack`,
      {},
      disp,
    );
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ ackedBy: 'disp', active: true });
    const listed = (await s.api.get<{ ackedBy?: string }[]>('/api/alarms?active=true', disp)).body[0];
    expect(listed?.ackedBy).toBe('disp');
    expect((await s.api.post('/api/alarms/A-NONE/ack', {}, disp)).status).toBe(404);
  });

  it('serves an OpenAPI 3.1 document generated from the request and response schemas', async () => {
    const doc = await s.api.get<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
        >
      >;
    }>('/api/openapi.json', disp);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/auth/login',
      '/api/users',
      '/api/devices',
      '/api/devices/{id}/telemetry',
      '/api/compounds',
      '/api/alarms/{id}/ack',
      '/api/tickets/{id}/events',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
    const reg = doc.body.paths['/api/devices']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(reg?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'type', 'compoundId', 'lat', 'lng', 'rating_a']),
    );
  });
});
