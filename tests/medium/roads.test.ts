// Roads (api.md v1.1 "Roads, routes and tracks"): GET /api/route over a real server with a road file,
// and dispatch by road time — a river with one road bridge, where the van nearest as the crow flies is
// the wrong one. Vans drive over real MQTT.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

// tests/fixtures/roads-river.geojson: bank roads at y = 0 and y = 300 m (north of 35.6 N), x from 0 to
// 4000 m east of 117.0 E, the only road bridge at x = 2000, a footbridge (not driven) at x = 500.
const K = 111_320 * Math.cos((35.6 * Math.PI) / 180);
const at = (x: number, y: number) => ({ lat: 35.6 + y / 111_320, lng: 117 + x / K });
const q = (p: { lat: number; lng: number }) => `${p.lat},${p.lng}`;
const RIVER = path.resolve('tests/fixtures/roads-river.geojson');
const KMH40 = 40 / 3.6;

interface Route {
  distance_m: number;
  duration_s: number;
  geometry: { type: string; coordinates: [number, number][] };
}
interface Ticket {
  id: string;
  status: string;
  vanId?: string;
  etaS?: number;
  etaBasis?: string;
}
interface Candidate {
  vanId: string;
  distanceM: number;
  etaS: number;
  byRoad?: boolean;
}

describe('roads', () => {
  let s: TestServer | undefined;
  const vans: TestVan[] = [];
  afterEach(async () => {
    for (const v of vans.splice(0)) await v.client.endAsync();
    await s?.stop();
    s = undefined;
  });

  it('GET /api/route: along the roads over the bridge; 400 for bad coordinates; 404 no_route off the map', async () => {
    s = await startServer({ env: { ROADS_FILE: RIVER } });
    const viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    const ok = await s.api.get<Route>(`/api/route?from=${q(at(500, 0))}&to=${q(at(500, 300))}`, viewer);
    expect(ok.status).toBe(200);
    expect(ok.body.distance_m).toBeGreaterThan(3290);
    expect(ok.body.distance_m).toBeLessThan(3310);
    expect(ok.body.duration_s).toBeCloseTo(3300 / KMH40, -1);
    expect(ok.body.geometry.type).toBe('LineString');
    const xs = ok.body.geometry.coordinates.map(([lng]) => Math.round((lng - 117) * K));
    expect(Math.max(...xs)).toBe(2000); // over the road bridge, not the footbridge at x = 500

    const bad = await s.api.get<{ error: string; message: string }>('/api/route?from=35.6&to=abc', viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/lat,lng/);
    const none = await s.api.get<{ error: string }>(`/api/route?from=${q(at(0, 0))}&to=36.5,118.5`, viewer);
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('no_route');
    expect((await s.api.get(`/api/route?from=${q(at(0, 0))}&to=${q(at(1, 1))}`)).status).toBe(401);
  });

  it('dispatch takes the van nearest by road, not across the river, and the ticket carries etaS', async () => {
    s = await startServer({ env: { ROADS_FILE: RIVER } });
    const disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const across = at(500, 0); // 300 m as the crow flies, 3.3 km by road
    const along = at(1300, 300); // 800 m down the street
    vans.push(await addVan(s, 'van-across', '一号车', across.lat, across.lng));
    vans.push(await addVan(s, 'van-along', '二号车', along.lat, along.lng));
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '路灯不亮', priority: 'P2', ...at(500, 300) },
      disp,
    );
    expect(res.status).toBe(201);
    const t = (await s.api.get<Ticket>(`/api/tickets/${res.body.id}`, disp)).body;
    expect(t).toMatchObject({ status: 'dispatched', vanId: 'van-along' });
    expect(t.etaS).toBeCloseTo(800 / KMH40, -1);
    expect(t.etaBasis).toBe('road');

    const cands = (await s.api.get<Candidate[]>(`/api/tickets/${t.id}/candidates`, disp)).body;
    expect(cands.map((c) => c.vanId)).toEqual(['van-along', 'van-across']);
    expect(cands[1]).toMatchObject({ byRoad: true });
    expect(cands[1]!.distanceM).toBeGreaterThan(3290);

    // By hand to the van across the river: its road time, then cleared when it declines.
    const moved = await s.api.post<Ticket>(
      `/api/tickets/${t.id}/events`,
      { type: 'dispatch', vanId: 'van-across' },
      disp,
    );
    expect(moved.body).toMatchObject({ vanId: 'van-across' });
    expect(moved.body.etaS).toBeCloseTo(3300 / KMH40, -1);
    expect(moved.body.etaBasis).toBe('road');
    const tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-across');
    await s.api.post(`/api/tickets/${t.id}/events`, { type: 'decline', reason: '过不了河' }, tech);
    const back = (await s.api.get<Ticket>(`/api/tickets/${t.id}`, disp)).body;
    expect(back).toMatchObject({ status: 'dispatched', vanId: 'van-along' });
    expect(back.etaS).toBeCloseTo(800 / KMH40, -1);
  });

  it('without ROADS_FILE: no route over roads (404 no_route says so), dispatch by straight line, etaS at URBAN_SPEED_KMH', async () => {
    s = await startServer();
    const disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const none = await s.api.get<{ error: string; message: string }>(
      `/api/route?from=${q(at(0, 0))}&to=${q(at(100, 0))}`,
      disp,
    );
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('no_route');
    expect(none.body.message).toMatch(/no road network/);
    const across = at(500, 0);
    vans.push(await addVan(s, 'van-across', '一号车', across.lat, across.lng));
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '路灯', ...at(500, 300) },
      disp,
    );
    const t = (await s.api.get<Ticket>(`/api/tickets/${res.body.id}`, disp)).body;
    expect(t).toMatchObject({ vanId: 'van-across' });
    expect(t.etaS).toBe(54); // 300 m in a straight line at URBAN_SPEED_KMH (20)
    expect(t.etaBasis).toBe('straight');
  });

  it('a bad ROADS_FILE stops the start with the reader’s message', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'roads.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }],
      }),
    );
    await expect(startServer({ dataDir: dir, env: { ROADS_FILE: file } })).rejects.toThrow(
      /ROADS_FILE .*features\.0\.geometry/,
    );
  });
});
