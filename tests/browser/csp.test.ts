// The built console under the server's Content-Security-Policy (issue 16 point 4): logging in, the live
// feed over Socket.IO, the map and acknowledging an alarm (a cookie-authenticated POST through the
// origin check) all work, and the browser reports no CSP violation at all.
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

// Runs in the page before its own scripts (a string: the tests are compiled without the DOM library).
const RECORD_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
  (window.__cspViolations ??= []).push(e.violatedDirective + ' ' + e.blockedURI);
});`;

/** Every violation the page reports, as `directive blocked-uri`, from the DOM event and the console. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) logged.push(msg.text());
  });
  await page.addInitScript({ content: RECORD_VIOLATIONS });
  return async () => {
    const seen: unknown = await page.evaluate('window.__cspViolations ?? []');
    return [...logged, ...(Array.isArray(seen) ? seen.map(String) : [`unreadable: ${String(seen)}`])];
  };
}

describe('the console under the CSP', () => {
  let browser: Browser;
  let cs: ConsoleServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  it('dispatcher: login, live feed, map and acknowledging work with no violation', async () => {
    const { page, connected } = await openPage(browser, cs.baseUrl);
    const violations = await watchCsp(page);
    const doc = await page.goto(cs.baseUrl);
    expect(doc?.headers()['content-security-policy']).toContain("script-src 'self'");
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher]').waitFor();
    await connected();
    await page.locator('[data-testid=map]').waitFor();

    const box = await connectDevice(cs.s, cs.boxes['box-1']);
    clients.push(box);
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
    const item = page.locator('[data-testid=alarm-feed] [data-testid=alarm-item][data-device-id="box-1"]');
    await item.waitFor();
    const acked = page.waitForResponse((r) => /\/api\/alarms\/[^/]+\/ack$/.test(r.url()));
    await item.locator('[data-testid=ack]').click();
    expect((await acked).status()).toBe(200);

    expect(await violations()).toEqual([]);
  });

  it('technician page: service worker and manifest load, no violation', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    const violations = await watchCsp(page);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator('[data-testid=tech]').waitFor();
    // The service worker is registered and active (worker-src), the manifest linked (manifest-src).
    await page.locator('[data-testid=tech][data-offline-ready=true]').waitFor();
    const manifest = await page.request.get(`${cs.baseUrl}/manifest.webmanifest`);
    expect(manifest.status()).toBe(200);
    expect(((await manifest.json()) as { start_url?: string }).start_url).toBe('/tech');
    const sw = await page.request.get(`${cs.baseUrl}/sw.js`);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    expect(await violations()).toEqual([]);
  });
});
