// The map with streets (issue 18 points 6 and 2), zh-CN at 1920×1080 in Chromium against the real
// server with the demo town's ROADS_FILE and no tiles: the streets are the map's own base layer
// (asked once however the map moves), named without overlap; a dispatched van's route runs along
// the roads with an ETA in road time that counts down, asked again only once the van has moved
// ~50 m; without a road route it is a straight line labelled as an estimate. A screenshot goes to
// docs/screenshots/map-streets-zh.png.
// Every route is the real server's answer over the demo streets.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { connectDevice, publish } from '../helpers/devices';
import { metresNorth } from '../helpers/vans';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { DEMO_STREETS } from '../helpers/tiles';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/map-streets-zh.png');
const MAP = '[data-testid=map]';
const VAN = `.leaflet-marker-icon[data-van-id="${TECHNICIAN.vanId}"]`;
/** On 鼓楼大街 (a primary road running north–south), south of the old town's centre. */
const START = { lat: 35.5926, lng: 116.98447 };
const PLACE = { lat: 35.6014, lng: 116.98447 };
/** About 5 km north of the town: no road comes within reach of it (GET /api/route: 404 no_route). */
const NOWHERE = { lat: 35.645, lng: 116.98447 };

describe('the map with streets, zh-CN', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let token: string;
  let van: MqttClient;
  const fix = (lat: number, lng: number) =>
    publish(van, TECHNICIAN.vanId, 'telemetry', { lat, lng, speed_kmh: 20, heading: 0 });

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false', ROADS_FILE: DEMO_STREETS } }),
    ]);
    token = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    van = await connectDevice(cs.s, cs.van);
    await fix(START.lat, START.lng);
  });
  afterAll(async () => {
    await van?.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  async function dispatcherPage(): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher]').waitFor();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    return page;
  }

  /** A new ticket at PLACE, dispatched to the van (and cancelled when the test ends); its id. */
  async function dispatchTicket(place = PLACE): Promise<string> {
    const created = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'lighting', description: '路灯不亮', priority: 'P2', lat: place.lat, lng: place.lng },
      token,
    );
    expect(created.status).toBe(201);
    const dispatched = await cs.s.api.post(
      `/api/tickets/${created.body.id}/events`,
      { type: 'dispatch', vanId: TECHNICIAN.vanId },
      token,
    );
    expect(dispatched.status).toBe(200);
    onTestFinished(() => cancel(created.body.id));
    return created.body.id;
  }

  async function cancel(id: string): Promise<void> {
    const res = await cs.s.api.post(
      `/api/tickets/${id}/events`,
      { type: 'cancel', reason: '测试结束' },
      token,
    );
    expect(res.status).toBe(200);
  }

  /** The van card's ETA line (hovering the van). */
  async function etaText(page: Page): Promise<string> {
    await page.locator(VAN).hover();
    const eta = page.locator('.van-card [data-testid=van-eta]');
    await eta.waitFor();
    return (await eta.textContent()) ?? '';
  }

  it('draws the streets as its own base layer, names them without overlap, and asks for them once', async () => {
    let asked = 0;
    const { page } = await (async () => {
      const p = await openPage(browser, cs.baseUrl);
      p.page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/roads') asked++;
      });
      return p;
    })();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher]').waitFor();
    const map = page.locator(MAP);
    await page.locator(`${MAP}[data-roads="35"]`).waitFor();
    expect(await page.locator('.leaflet-roads-pane canvas').count()).toBe(1);
    expect(await page.locator('.leaflet-tile-pane img').count()).toBe(0);
    expect(await map.getAttribute('data-crs')).toBe('wgs84');
    // Main roads are named from zoom 15; residential streets (颜庙街) from 16.
    await page.locator('.road-name', { hasText: '鼓楼大街' }).waitFor();
    expect(await page.locator('.road-name', { hasText: '颜庙街' }).count()).toBe(0);
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator(`${MAP}[data-zoom="16"]`).waitFor();
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator(`${MAP}[data-zoom="17"]`).waitFor();
    await page.locator('.road-name', { hasText: '颜庙街' }).waitFor();
    // A north–south street's name is written top to bottom.
    expect(await page.locator('.road-name', { hasText: '颜庙街' }).getAttribute('class')).toContain(
      'road-name-v',
    );
    // A string: the tests are compiled without the DOM library.
    const boxes = await page.evaluate<Record<'left' | 'right' | 'top' | 'bottom', number>[]>(
      `[...document.querySelectorAll('.road-name')].map((e) => e.getBoundingClientRect().toJSON())`,
    );
    expect(boxes.length).toBeGreaterThan(3);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).toBe(false);
    // Panning and zooming draw from the streets already here.
    await page.mouse.move(900, 500);
    await page.mouse.down();
    await page.mouse.move(700, 420, { steps: 5 });
    await page.mouse.up();
    await page.locator('.leaflet-control-zoom-out').click();
    await page.locator(`${MAP}[data-zoom="16"]`).waitFor();
    expect(asked).toBe(1);

    // The screenshot: the old town at street level, a van on 鼓楼大街 with a ticket to the north.
    const id = await dispatchTicket({ lat: 35.5985, lng: 116.9912 });
    await page.locator(`[data-testid=van-route][data-ticket-id="${id}"]`).waitFor({ state: 'attached' });
    await page.locator('.leaflet-control-zoom-out').click();
    await page.locator(`${MAP}[data-zoom="15"]`).waitFor();
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator(`${MAP}[data-zoom="16"]`).waitFor();
    await etaText(page);
    await page.screenshot({ path: SHOT });
  });

  it("asks for the route again only once the van has moved ~50 m; the selected ticket's route stands out", async () => {
    const page = await dispatcherPage();
    const asks: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/route') asks.push(url.searchParams.get('from') ?? '');
    });
    const id = await dispatchTicket();
    const route = page.locator(`[data-testid=van-route][data-ticket-id="${id}"][data-kind=road]`);
    await route.waitFor({ state: 'attached' });
    expect(Number(await route.getAttribute('data-points'))).toBeGreaterThan(2);
    expect(await etaText(page)).toMatch(/预计 \d+:\d\d 后到达 · 按道路 1\.0 公里/);
    expect(asks).toHaveLength(1);
    // 10 m on: no new ask; 60 m on from the first: one.
    await fix(START.lat + metresNorth(10), START.lng);
    await fix(START.lat + metresNorth(60), START.lng);
    await expect.poll(() => asks.length).toBe(2);
    expect(Number(asks[1]!.split(',')[0])).toBeCloseTo(START.lat + metresNorth(60), 6);

    expect(await route.getAttribute('data-selected')).toBe('false');
    await page.locator(`[data-testid=ticket-card][data-ticket-id="${id}"]`).first().click();
    await page
      .locator(`[data-testid=van-route][data-ticket-id="${id}"][data-selected=true]`)
      .waitFor({ state: 'attached' });
    await fix(START.lat, START.lng);
  });

  it('without a road route, draws a straight line with a straight-line estimate, labelled as such', async () => {
    const page = await dispatcherPage();
    const id = await dispatchTicket(NOWHERE);
    const route = page.locator(`[data-testid=van-route][data-ticket-id="${id}"]`);
    await route.waitFor({ state: 'attached' });
    await expect.poll(() => etaText(page)).toMatch(/预计 \d+:\d\d 后到达 · 直线估算 [\d.]+ 公里/);
    expect(await route.getAttribute('data-kind')).toBe('straight');
  });

  it('draws a route along the roads from GET /api/route, with an ETA in road time counting down', async () => {
    const page = await dispatcherPage();
    const id = await dispatchTicket();
    const route = page.locator(`[data-testid=van-route][data-ticket-id="${id}"][data-kind=road]`);
    await route.waitFor({ state: 'attached' });
    expect(Number(await route.getAttribute('data-points'))).toBeGreaterThan(2);
    const first = await etaText(page);
    expect(first).toMatch(/预计 \d+:\d\d 后到达 · 按道路 [\d.]+ 公里/);
    await expect.poll(() => etaText(page), { timeout: 5_000, interval: 200 }).not.toBe(first);
  });
});
