// HTTP hardening (issue 16 point 4): security headers and CSP, the origin check on cookie-authenticated
// changes, Secure cookies behind a trusted TLS proxy, no source maps served.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../helpers/server';

const MAP = 'assets/index-Ab12Cd34.js.map';

describe('HTTP hardening', () => {
  const dir = tempDir('redsail-console-');
  let s: TestServer;
  let cookie: string;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stand-in</title>');
    writeFileSync(path.join(dir, MAP), '{"version":3}');
    s = await startServer({ env: { CONSOLE_DIR: dir, TRUST_PROXY: 'loopback' } });
    await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'disp', password: 'disp-password' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ack = (headers: Record<string, string>) =>
    fetch(`${s.httpUrl}/api/alarms/al-none/ack`, { method: 'POST', headers });

  it('every response carries a CSP without inline script, nosniff, no framing and a referrer policy', async () => {
    for (const p of ['/', '/api/health']) {
      const res = await fetch(s.httpUrl + p);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('refuses a body-less cookie POST from a foreign origin (403 bad_origin), accepts its own', async () => {
    const foreign = await ack({ cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({
      error: 'bad_origin',
      message: expect.any(String) as string,
    });
    const foreignReferer = await ack({ cookie, referer: 'https://evil.example/page' });
    expect(foreignReferer.status).toBe(403);
    const neither = await ack({ cookie });
    expect(neither.status).toBe(403);
    // From the console itself the request reaches the route (no such alarm).
    const own = await ack({ cookie, origin: s.httpUrl });
    expect(own.status).toBe(404);
    const ownReferer = await ack({ cookie, referer: `${s.httpUrl}/alarms` });
    expect(ownReferer.status).toBe(404);
  });

  it('bearer requests are not subject to the origin check; cookie reads are not either', async () => {
    const bearer = await ack({ authorization: `Bearer ${s.admin}`, origin: 'https://evil.example' });
    expect(bearer.status).toBe(404);
    const read = await fetch(`${s.httpUrl}/api/auth/me`, {
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(read.status).toBe(200);
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and Secure through a trusted TLS proxy', async () => {
    const login = (headers: Record<string, string>) =>
      fetch(`${s.httpUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username: 'disp', password: 'disp-password' }),
      });
    const plain = (await login({})).headers.get('set-cookie') ?? '';
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=Strict/i);
    expect(plain).not.toMatch(/Secure/i);
    const tls = (await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie') ?? '';
    expect(tls).toMatch(/;\s*Secure/i);
  });

  it('serves no source maps, even when the build has them', async () => {
    const res = await fetch(`${s.httpUrl}/${MAP}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('TRUST_PROXY off (the default)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  it('X-Forwarded-Proto from an untrusted peer gives no Secure cookie', async () => {
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/Secure/i);
  });
});

describe('PUBLIC_ORIGIN behind a proxy', () => {
  const PUBLIC = 'https://redsail.example.cn';
  let s: TestServer;
  let cookie: string;
  beforeAll(async () => {
    s = await startServer({
      env: { PUBLIC_ORIGIN: `${PUBLIC}/`, TRUST_PROXY: '1', CSP_IMG_SRC: 'https://*.tile.example.cn' },
    });
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await s.stop();
  });

  it('accepts cookie changes from the public origin only; the CSP names its host and the tile host', async () => {
    const ack = (origin: string) =>
      fetch(`${s.httpUrl}/api/alarms/al-none/ack`, { method: 'POST', headers: { cookie, origin } });
    expect((await ack(PUBLIC)).status).toBe(404);
    expect((await ack(s.httpUrl)).status).toBe(403);
    const csp = (await fetch(`${s.httpUrl}/api/health`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' ws://redsail.example.cn wss://redsail.example.cn");
  });
});
