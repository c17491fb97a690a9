// A van's track and stops for replay (api.md "Roads, routes and tracks"): positions fed over real
// MQTT with their own timestamps, read back oldest first; stops found in them; rollup points once
// compaction folded old rows; the window checked. Runs on SQLite and on PostgreSQL (vitest projects).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, metresNorth, type TestVan } from '../helpers/vans';

interface Point {
  ts: string;
  lat: number;
  lng: number;
  speed_kmh?: number;
  heading?: number;
}
interface Stop {
  from: string;
  to: string;
  lat: number;
  lng: number;
  durationS: number;
}

const LAT = 35.59;
const LNG = 116.99;
const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/vans/{id}/track and /stops', () => {
  let s: TestServer;
  let van: TestVan;
  let viewer: string;
  let tech: string;
  /** The drive: 10 fixes north at 36 km/h, a stand of 4 minutes, 10 more fixes north. */
  let t0: number;
  const fixes: { ts: number; lat: number; speed_kmh: number }[] = [];

  beforeAll(async () => {
    s = await startServer();
    van = await addVan(s, 'van-t', '一号车', LAT, LNG);
    viewer = await s.api.userToken(s.admin, 'v1', 'viewer');
    tech = await s.api.userToken(s.admin, 't1', 'technician', 'van-t');
    t0 = Date.now() - 30 * 60_000;
    let lat = LAT;
    for (let i = 0; i < 10; i++, lat += metresNorth(100))
      fixes.push({ ts: t0 + i * 10_000, lat, speed_kmh: 36 });
    for (let i = 0; i <= 24; i++) fixes.push({ ts: t0 + 100_000 + i * 10_000, lat, speed_kmh: 0 });
    for (let i = 1; i <= 10; i++)
      fixes.push({ ts: t0 + 340_000 + i * 10_000, lat: lat + metresNorth(100 * i), speed_kmh: 36 });
    for (const f of fixes) await van.at(f.lat, LNG, { speed_kmh: f.speed_kmh, heading: 0, ts: f.ts });
  });
  afterAll(async () => {
    await van.client.endAsync();
    await s.stop();
  });

  it('answers the positions of the window oldest first, to any role', async () => {
    const from = iso(t0 - 1000);
    const to = iso(t0 + 450_000);
    for (const token of [s.admin, viewer, tech]) {
      const res = await s.api.get<Point[]>(`/api/vans/van-t/track?from=${from}&to=${to}`, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-track-thinned')).toBe('false');
      expect(res.body.map((p) => p.ts)).toStrictEqual(fixes.map((f) => iso(f.ts)));
      expect(res.body[0]).toStrictEqual({ ts: iso(t0), lat: LAT, lng: LNG, speed_kmh: 36, heading: 0 });
    }
  });

  it('defaults to the last hour: the drive and the fix at registration', async () => {
    const res = await s.api.get<Point[]>('/api/vans/van-t/track', s.admin);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(fixes.length + 1);
    const ts = res.body.map((p) => Date.parse(p.ts));
    expect(ts).toStrictEqual([...ts].sort((a, b) => a - b));
  });

  it('lists the stand as a stop with its duration and position', async () => {
    const res = await s.api.get<Stop[]>(
      `/api/vans/van-t/stops?from=${iso(t0)}&to=${iso(t0 + 450_000)}`,
      s.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ from: iso(t0 + 100_000), to: iso(t0 + 340_000), durationS: 240 });
    expect(res.body[0]!.lat).toBeCloseTo(fixes[10]!.lat, 6);
  });

  it('gives bucket averages (no heading) for what compaction folded beyond the raw window', async () => {
    const old = Date.now() - 3 * 86_400_000; // beyond the default 48 h raw window
    const bucket = old - (old % (15 * 60_000));
    for (const [i, speed] of [10, 20, 30].entries())
      await van.at(LAT + i * 0.001, LNG, { speed_kmh: speed, heading: 90 * i, ts: bucket + i * 60_000 });
    await s.app.compact();
    const res = await s.api.get<Point[]>(
      `/api/vans/van-t/track?from=${iso(bucket - 60_000)}&to=${iso(bucket + 10 * 60_000)}`,
      s.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ ts: iso(bucket), lng: LNG, speed_kmh: 20 });
    expect(res.body[0]!.lat).toBeCloseTo(LAT + 0.001, 9);
    expect(res.body[0]).not.toHaveProperty('heading');
  });

  it('refuses bad times, a reversed window and one over 7 days with a clear 400; 404 for an unknown van', async () => {
    const now = Date.now();
    const cases = [
      ['?from=yesterday', 'from'],
      [`?from=${iso(now)}&to=${iso(now - 1000)}`, 'after'],
      [`?from=${iso(now - 8 * 86_400_000)}&to=${iso(now)}`, '7 days'],
    ] as const;
    for (const path of ['track', 'stops']) {
      for (const [q, says] of cases) {
        const res = await s.api.get<{ error: string; message: string }>(
          `/api/vans/van-t/${path}${q}`,
          s.admin,
        );
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('bad_request');
        expect(res.body.message).toContain(says);
      }
      const res = await s.api.get<{ error: string }>(`/api/vans/nope/${path}`, s.admin);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('not_found');
    }
    expect((await s.api.get('/api/vans/van-t/track')).status).toBe(401);
  });
});
