// The console on a kiosk, in Chromium against the real server: no error before login, the Chinese
// rendered by the self-hosted Noto Sans SC (not a system font), the device panel's live staleness,
// and the offline strip that says since when and chimes once after a minute (the page's clock
// emulation moves the minute; data-chimes counts the attempts). Writes
// docs/screenshots/offline-strip-zh.png. No sleeps, only waits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/offline-strip-zh.png');
const FAMILY = 'Noto Sans SC Variable';

const SEL = {
  live: '[data-testid=dispatcher][data-live=true]',
  banner: '[data-testid=conn-banner]',
  since: '[data-testid=conn-since]',
  card: (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`,
  ticket: (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"]`,
  device: (id: string) => `[data-testid=device-detail][data-device-id="${id}"]`,
};

const BOX_NORMAL = {
  ua: 228,
  ub: 231,
  uc: 226,
  ia: 21.5,
  ib: 18.2,
  ic: 24.9,
  breaker: 'closed',
  door: 'closed',
};

/** The font families Chromium used to render the text of the first element matching `selector`. */
async function renderedFonts(
  page: Page,
  selector: string,
): Promise<{ familyName: string; isCustomFont: boolean }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

/** 14:03 in Asia/Shanghai, as the console shows a clock time. */
function shanghaiClock(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

describe('the console on a kiosk', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let running = false;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    running = true;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await browser?.close();
    if (running) await cs?.s.stop();
  });

  it('logs no console error and no page error before login', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    await page.goto(cs.baseUrl);
    await page.locator('input[name=username]').fill(DISPATCHER.username);
    await page.locator('input[name=password]').fill(DISPATCHER.password);
    // Everything the login page loads has settled (the session check, fonts) before the verdict.
    await page.waitForLoadState('networkidle');
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    expect(problems).toEqual([]);
    await page.locator('button[type=submit]').click();
    await page.locator(SEL.live).waitFor();
  });

  it('renders the Chinese in the self-hosted Noto Sans SC, fetched from the server itself', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    const fonts: string[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('.woff2') && res.ok()) fonts.push(res.url());
    });
    await page.goto(cs.baseUrl);
    const title = page.locator('h1');
    await expect.poll(() => title.textContent()).toBe('红帆调度台');
    const loaded = await page.evaluate(
      `document.fonts.ready.then(() => document.fonts.check('16px "${FAMILY}"', '红帆调度台'))`,
    );
    expect(loaded).toBe(true);
    const used = await renderedFonts(page, 'h1');
    // The variable font names its default instance (e.g. "Noto Sans SC Thin").
    expect(used.map((f) => f.familyName)).toEqual([expect.stringMatching(/^Noto Sans SC\b/)]);
    expect(used.every((f) => f.isCustomFont)).toBe(true); // a web font, not a system one
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((u) => u.startsWith(`${cs.baseUrl}/assets/`))).toBe(true);
  });

  it('ticks the device panel’s last report, moves it with each reading, and greys an offline device’s readings', async () => {
    const box = cs.boxes['box-1'];
    const client = await connectDevice(cs.s, box);
    clients.push(client);
    await publish(client, box.id, 'status', 'online');
    await publish(client, box.id, 'telemetry', { ...BOX_NORMAL, leakage_ma: 4 });
    const dispatcher = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    const ticket = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', description: '检查配电箱', priority: 'P3', deviceId: box.id },
      dispatcher,
    );
    expect(ticket.status).toBe(201);

    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.live).waitFor();
    await page.locator(SEL.card(ticket.body.id)).click();
    await page.locator(`${SEL.ticket(ticket.body.id)} [data-testid=open-device]`).click();
    const panel = SEL.device(box.id);
    await page.locator(`${panel}[data-status=online]`).waitFor();
    const lastSeen = page.locator(`${panel} [data-testid=device-last-seen]`);
    const first = Date.parse((await lastSeen.getAttribute('data-at')) ?? '');
    expect(Number.isNaN(first)).toBe(false);
    expect(await lastSeen.textContent()).toMatch(/前|刚刚/); // its age, ticking
    expect(await page.locator(`${panel} [data-testid=device-state]`).getAttribute('data-stale')).toBe(
      'false',
    );

    await publish(client, box.id, 'telemetry', { leakage_ma: 5 });
    await expect
      .poll(() => page.locator(`${panel} [data-testid=device-metric][data-metric=leakage_ma]`).textContent())
      .toMatch(/5\s*mA/);
    expect(Date.parse((await lastSeen.getAttribute('data-at')) ?? '')).toBeGreaterThan(first);

    client.stream.destroy(); // no DISCONNECT: the broker publishes the will, offline
    await page.locator(`${panel}[data-status=offline]`).waitFor();
    await page.locator(`${panel} [data-testid=device-state][data-stale=true]`).waitFor();
    expect(await page.locator(`${panel} [data-testid=device-stale]`).textContent()).toMatch(
      /离线前的读数 · \d{2}:\d{2}/,
    );

    // The ticket's own summary of its device marks them too.
    await page.locator(SEL.card(ticket.body.id)).click();
    await page
      .locator(
        `${SEL.ticket(ticket.body.id)} [data-testid=ticket-device] [data-testid=device-state][data-stale=true]`,
      )
      .waitFor();
  });

  // Last: it stops the server.
  it('says since when the data is stale once the server goes away, and chimes once after a minute', async () => {
    const { page, connected } = await openPage(browser, cs.baseUrl);
    await page.clock.install();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.live).waitFor();
    await connected();
    const banner = page.locator(SEL.banner);
    await banner.waitFor({ state: 'hidden' });

    await cs.s.stop({ keepData: true });
    running = false;
    await page.locator(`${SEL.banner}[data-since]`).waitFor();
    const since = (await banner.getAttribute('data-since')) ?? '';
    const strip = page.locator(SEL.since);
    expect(await strip.textContent()).toContain(`离线 · 自 ${shanghaiClock(since)} 起（已 `);
    expect(await banner.getAttribute('data-chimes')).toBe('0');

    await page.clock.fastForward(61_000);
    await expect.poll(() => banner.getAttribute('data-chimes')).toBe('1');
    await expect.poll(() => strip.textContent()).toContain('（已 1 分钟）');

    await page.clock.fastForward(60_000);
    await expect.poll(() => strip.textContent()).toContain('（已 2 分钟）');
    expect(await banner.getAttribute('data-chimes')).toBe('1');
    await page.screenshot({ path: SHOT });

    // Long after, still offline: the age moved on, the chime did not come again.
    await page.clock.fastForward(10 * 60_000);
    await expect.poll(() => strip.textContent()).toContain('（已 12 分钟）');
    expect(await banner.getAttribute('data-chimes')).toBe('1');
  });
});
