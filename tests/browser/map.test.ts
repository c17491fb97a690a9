// The dispatcher map in Chromium against the real server (AUTO_DISPATCH off): vans glide between
// GPS fixes, a route line joins a dispatched van to its ticket and goes when the van is freed, an
// alarm in the feed flies the map to its device and marks it (acknowledging does not), and van
// labels give way when the map is zoomed out. Positions are read from the DOM only.
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const MAP = '[data-testid=map]';
const VAN = `.leaflet-marker-icon[data-van-id="${TECHNICIAN.vanId}"]`;
const START = { lat: 35.597, lng: 116.99 };
const POLL = { timeout: 10_000, interval: 40 };

/** The van marker's centre on screen. */
async function vanAt(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator(VAN).boundingBox();
  if (!box) throw new Error('the van marker is not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function view(page: Page): Promise<{ zoom: number; lat: number; lng: number }> {
  const map = page.locator(MAP);
  const [lat = NaN, lng = NaN] = ((await map.getAttribute('data-center')) ?? '').split(',').map(Number);
  return { zoom: Number(await map.getAttribute('data-zoom')), lat, lng };
}

describe('the dispatcher map in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let token: string;
  let van: MqttClient;
  const clients: MqttClient[] = [];
  const fix = (lat: number, lng: number, heading = 45) =>
    publish(van, TECHNICIAN.vanId, 'telemetry', { lat, lng, speed_kmh: 30, heading });

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    token = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    van = await connectDevice(cs.s, cs.van);
    await fix(START.lat, START.lng);
  });
  afterAll(async () => {
    await Promise.all([van, ...clients].map((c) => c?.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  async function dispatcherPage(): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator(VAN).waitFor();
    return page;
  }

  it('a van glides between two fixes instead of jumping', async () => {
    const page = await dispatcherPage();
    const from = await vanAt(page);
    // 40 m north and 40 m east, a drive any van could make between two fixes (a jump no van could
    // make is drawn at once): the marker must pass through points strictly between the two fixes.
    await fix(
      START.lat + metresNorth(40),
      START.lng + metresNorth(40) / Math.cos((START.lat * Math.PI) / 180),
    );
    let mid = from;
    await expect
      .poll(async () => ((mid = await vanAt(page)), mid.x > from.x && mid.y < from.y), POLL)
      .toBe(true);
    // Wait until it rests at the new fix.
    let last = mid;
    let to = mid;
    await expect
      .poll(
        async () => {
          last = to;
          to = await vanAt(page);
          return to.x === last.x && to.y === last.y && (to.x !== mid.x || to.y !== mid.y);
        },
        { timeout: 10_000, interval: 400 },
      )
      .toBe(true);
    expect(to.x).toBeGreaterThan(from.x + 5);
    expect(to.y).toBeLessThan(from.y - 5);
    // The first sample that had moved on both axes had not arrived yet.
    expect(mid.x).toBeLessThan(to.x);
    expect(mid.y).toBeGreaterThan(to.y);
  });

  it('draws a route from a dispatched van to its ticket, shows it on the van card, and drops it when the van is freed', async () => {
    const page = await dispatcherPage();
    const created = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'lighting', description: '路灯不亮', priority: 'P2', lat: 35.6, lng: 116.995 },
      token,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const route = page.locator(
      `[data-testid=van-route][data-van-id="${TECHNICIAN.vanId}"][data-ticket-id="${id}"]`,
    );
    expect(await route.count()).toBe(0);
    const dispatched = await cs.s.api.post(
      `/api/tickets/${id}/events`,
      { type: 'dispatch', vanId: TECHNICIAN.vanId },
      token,
    );
    expect(dispatched.status).toBe(200);
    await route.waitFor({ state: 'attached' });
    expect(await route.getAttribute('class')).toContain('prio-P2');

    await page.locator(VAN).hover();
    await expect.poll(() => page.locator('.van-card').textContent()).toContain(id);

    const cancelled = await cs.s.api.post(
      `/api/tickets/${id}/events`,
      { type: 'cancel', reason: '重复报修' },
      token,
    );
    expect(cancelled.status).toBe(200);
    await route.waitFor({ state: 'detached' });
  });

  it('clicking an alarm flies the map to its device and marks it; acknowledging does not move the map', async () => {
    const page = await dispatcherPage();
    for (const id of ['box-3', 'box-4'] as const) {
      const client = await connectDevice(cs.s, cs.boxes[id]);
      clients.push(client);
      await publish(client, id, 'telemetry', { leakage_ma: 45 });
    }
    const item = (id: string) =>
      page.locator(`[data-testid=alarm-item][data-device-id="${id}"][data-rule=leakage]`);
    await item('box-4').waitFor();
    const before = await view(page);
    await item('box-4').locator('[data-testid=ack]').click();
    await item('box-4').locator('[data-testid=ack]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=focus-ring]').count()).toBe(0);
    expect(await view(page)).toEqual(before);

    // box-3 was registered at 35.597 + 0.002, 116.99 + 0.002.
    await item('box-3').locator('[data-testid=alarm-focus]').click();
    await page.locator('[data-testid=focus-ring][data-device-id="box-3"]').waitFor();
    await expect
      .poll(async () => {
        const v = await view(page);
        return v.zoom >= 17 && Math.abs(v.lat - 35.599) < 2e-4 && Math.abs(v.lng - 116.992) < 2e-4;
      }, POLL)
      .toBe(true);
  });

  it('shows van labels at street level and hides them when zoomed out', async () => {
    const page = await dispatcherPage();
    const label = page.locator(`${VAN} .van-name`);
    expect((await view(page)).zoom).toBeGreaterThanOrEqual(15);
    await label.waitFor({ state: 'visible' });
    await page.locator('.leaflet-control-zoom-out').click();
    await expect.poll(async () => (await view(page)).zoom).toBeLessThan(15);
    await label.waitFor({ state: 'hidden' });
  });
});
