// Road closures change routes and dispatch (issue 18 point 3), end to end on the demo town's streets:
// a closure on 鼓楼大街 made through the API sends the route around it and the next ticket to the van
// that is now nearer by road; ended, the street is driven again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { DEMO_STREETS } from '../helpers/tiles';
import { addVan, type TestVan } from '../helpers/vans';

/** 鼓楼大街 (primary, 50 km/h) runs north–south at this longitude. */
const GULOU = 116.98447;
const TICKET = { lat: 35.601497, lng: GULOU }; // where 鼓楼大街 meets 古泮池路
const SOUTH = { lat: 35.592503, lng: GULOU }; // 1 km down 鼓楼大街
const EAST = { lat: 35.601497, lng: 116.995 }; // 950 m along 古泮池路 (residential, 30 km/h)
const q = (p: { lat: number; lng: number }) => `${p.lat},${p.lng}`;

interface Route {
  distance_m: number;
  duration_s: number;
  geometry: { coordinates: [number, number][] };
}

/** Whether the route runs along 鼓楼大街 over the latitude `lat` (a segment of it spans that point). */
function passes(r: Route, lat: number): boolean {
  const c = r.geometry.coordinates;
  return c.some(([lng, la], i) => {
    const [lng2, la2] = c[i + 1] ?? [NaN, NaN];
    const onGulou = Math.abs(lng - GULOU) < 1e-5 && Math.abs(lng2 - GULOU) < 1e-5;
    return onGulou && Math.min(la, la2) < lat && Math.max(la, la2) > lat;
  });
}

describe('road closures in routing and dispatch', () => {
  let s: TestServer;
  let disp: string;
  const vans: TestVan[] = [];

  beforeAll(async () => {
    s = await startServer({ env: { ROADS_FILE: DEMO_STREETS } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
  });
  afterAll(async () => {
    for (const v of vans) await v.client.endAsync();
    await s?.stop();
  });

  const route = async () => {
    const res = await s.api.get<Route>(`/api/route?from=${q(SOUTH)}&to=${q(TICKET)}`, disp);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('routes around a closed stretch of street, and over it again once the closure ends', async () => {
    const open = await route();
    expect(open.distance_m).toBeGreaterThan(990);
    expect(open.distance_m).toBeLessThan(1010);
    expect(passes(open, 35.595)).toBe(true);

    const closed = await s.api.post<{ id: string }>(
      '/api/road-closures',
      { geometry: { type: 'Point', coordinates: [GULOU, 35.595] }, radiusM: 30, reason: '电缆抢修开挖' },
      disp,
    );
    expect(closed.status).toBe(201);
    const around = await route();
    expect(passes(around, 35.595)).toBe(false);
    expect(around.distance_m).toBeGreaterThan(open.distance_m + 900); // a block over and back
    expect(around.duration_s).toBeGreaterThan(open.duration_s);

    expect(
      (await s.api.request('DELETE', `/api/road-closures/${closed.body.id}`, { token: disp })).status,
    ).toBe(204);
    expect((await route()).distance_m).toBeCloseTo(open.distance_m, 0);
  });

  it('dispatches to the van nearest by road with the closure in force', async () => {
    vans.push(await addVan(s, 'van-south', '一号车', SOUTH.lat, SOUTH.lng));
    vans.push(await addVan(s, 'van-east', '二号车', EAST.lat, EAST.lng));
    const ticket = async () => {
      const res = await s.api.post<{ id: string }>(
        '/api/tickets',
        { category: 'electrical', description: '路灯不亮', priority: 'P2', ...TICKET },
        disp,
      );
      expect(res.status).toBe(201);
      return (
        await s.api.get<{ id: string; vanId?: string; etaS?: number }>(`/api/tickets/${res.body.id}`, disp)
      ).body;
    };
    // Open streets: 1 km up the fast street beats 950 m along the slow one.
    const first = await ticket();
    expect(first.vanId).toBe('van-south');

    const closed = await s.api.post<{ id: string }>(
      '/api/road-closures',
      { geometry: { type: 'Point', coordinates: [GULOU, 35.595] }, radiusM: 30, reason: '电缆抢修开挖' },
      disp,
    );
    expect(closed.status).toBe(201);
    // van-south is busy with the first ticket; free it so both vans are candidates again.
    const cancel = await s.api.post(
      `/api/tickets/${first.id}/events`,
      { type: 'cancel', reason: '重复报修' },
      disp,
    );
    expect(cancel.status).toBe(200);
    const second = await ticket();
    expect(second.vanId).toBe('van-east');
    expect(second.etaS).toBeGreaterThan(100);
  });
});
