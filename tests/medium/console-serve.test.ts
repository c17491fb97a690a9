// The server serves the built console at `/` with an SPA fallback, without taking over the API.
// CONSOLE_DIR points at a stand-in build, so this test does not depend on `npm run build`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../helpers/server';

const INDEX = '<!doctype html><html lang="zh-CN"><body><div id="app">stand-in console</div></body></html>';
const ASSET = 'assets/index-Ab12Cd34.js';

describe('console at /', () => {
  const dir = tempDir('redsail-console-');
  let s: TestServer;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, ASSET), 'console.log("console");');
    writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Redsail","start_url":"/tech"}');
    s = await startServer({ env: { CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, init?: RequestInit) => fetch(s.httpUrl + p, init);

  it.each(['/', '/login', '/tech', '/tickets/x'])('GET %s answers index.html, not cached', async (p) => {
    const res = await get(p);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('serves hashed assets as cacheable for good', async () => {
    const res = await get(`/${ASSET}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the service worker uncached, scoped to the whole console, and the manifest', async () => {
    const sw = await get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(manifest.headers.get('service-worker-allowed')).toBeNull();
  });

  it('a missing file is a JSON 404, not the page', async () => {
    const res = await get('/assets/gone-123.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('unknown API routes keep their JSON answers', async () => {
    const authed = await s.api.get('/api/nope', s.admin);
    expect(authed.status).toBe(404);
    expect(authed.body).toMatchObject({ error: 'not_found' });
    const anonymous = await s.api.get('/api/nope');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: 'unauthorized' });
  });

  it('leaves /metrics, /mqtt and /socket.io to the server', async () => {
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# HELP');
    for (const p of ['/mqtt', '/socket.io-not']) {
      const res = await get(p);
      expect(res.headers.get('content-type')).not.toMatch(/^text\/html/);
    }
    const socket = await get('/socket.io/?EIO=4&transport=polling');
    expect(await socket.text()).not.toBe(INDEX);
  });

  it('falls back only for GET', async () => {
    const res = await get('/tickets/x', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('without a console build', () => {
  it('GET / is the JSON 404 and the API works as before', async () => {
    const empty = tempDir('redsail-console-empty-');
    const s = await startServer({ env: { CONSOLE_DIR: empty } });
    try {
      const res = await fetch(`${s.httpUrl}/`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
      expect((await s.api.get('/api/health')).status).toBe(200);
    } finally {
      await s.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
