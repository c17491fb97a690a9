// The console map's settings come from the server at run time (issue 18 point 6): GET /api/map-config
// answers the TILE_* settings, GET /api/roads the streets of ROADS_FILE (with an ETag), and the CSP's
// img-src (and connect-src, for the service worker) allow the tile host of TILE_URL and nothing else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

const STREETS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../simulators/data/qufu/streets.geojson',
);

function directive(csp: string | null, name: string): string[] {
  const d = (csp ?? '').split(';').find((x) => x.trim().startsWith(`${name} `));
  return (d ?? '').trim().split(/\s+/).slice(1);
}
const imgSrc = (csp: string | null) => directive(csp, 'img-src');

describe('map settings at run time', () => {
  let s: TestServer;
  let plain: TestServer;
  let viewer: string;

  beforeAll(async () => {
    [s, plain] = await Promise.all([
      startServer({
        env: {
          TILE_URL: 'http://127.0.0.1:8765/{z}/{x}/{y}.png',
          TILE_CRS: 'gcj02',
          TILE_ATTRIBUTION: '© 测试图源',
          ROADS_FILE: STREETS,
        },
      }),
      startServer(),
    ]);
    viewer = await s.api.userToken(s.admin, 'viewer1', 'viewer');
  });
  afterAll(async () => {
    await Promise.all([s?.stop(), plain?.stop()]);
  });

  it('GET /api/map-config answers the tile settings to any logged-in role, nobody else', async () => {
    const res = await s.api.get('/api/map-config', viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tileUrl: 'http://127.0.0.1:8765/{z}/{x}/{y}.png',
      crs: 'gcj02',
      attribution: '© 测试图源',
    });
    expect((await s.api.get('/api/map-config')).status).toBe(401);
    expect((await plain.api.get('/api/map-config', plain.admin)).body).toEqual({
      crs: 'wgs84',
      attribution: '',
    });
  });

  it('the CSP allows exactly the tile host of TILE_URL for images', async () => {
    const res = await s.api.get('/api/health');
    expect(imgSrc(res.headers.get('content-security-policy'))).toEqual([
      "'self'",
      'data:',
      'blob:',
      'http://127.0.0.1:8765',
    ]);
    // The service worker fetches the tiles it keeps for the phone offline: connect-src too.
    expect(directive(res.headers.get('content-security-policy'), 'connect-src')).toContain(
      'http://127.0.0.1:8765',
    );
    const none = await plain.api.get('/api/health');
    expect(imgSrc(none.headers.get('content-security-policy'))).toEqual(["'self'", 'data:', 'blob:']);
    expect(directive(none.headers.get('content-security-policy'), 'connect-src')).not.toContain(
      'http://127.0.0.1:8765',
    );
  });

  it('GET /api/roads answers the streets with their class, name and one-way sense, and an ETag', async () => {
    const res = await s.api.get<{
      type: string;
      features: { properties: Record<string, string>; geometry: { type: string } }[];
    }>('/api/roads', viewer);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features.length).toBeGreaterThan(10);
    const banbi = res.body.features.find((f) => f.properties.name === '半壁街');
    expect(banbi?.properties).toEqual({ name: '半壁街', highway: 'residential', oneway: 'yes' });
    for (const f of res.body.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(Object.keys(f.properties).every((k) => ['name', 'highway', 'oneway'].includes(k))).toBe(true);
    }
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await s.api.request('GET', '/api/roads', {
      token: viewer,
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect((await s.api.get('/api/roads')).status).toBe(401);
  });

  it('GET /api/roads is 404 no_roads without ROADS_FILE', async () => {
    const res = await plain.api.get<{ error: string; message: string }>('/api/roads', plain.admin);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('no_roads');
    expect(res.body.message).toContain('ROADS_FILE');
  });
});
