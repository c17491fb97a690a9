// The dispatcher map reads right, in Chromium at 1920×1080 (zh-CN) against the real server, with
// real MQTT devices: a critical, a major and a minor alarm and an offline device each get their own
// look (read from the canvas's data attributes and its pixels), a critical one a pulsing ring (still
// with reduced motion); the legend shows and hides and remembers it, lists a road closure when one is
// in force, and speaks English after the switch; "fit all" (a keyboard-reachable
// button) brings every device and van back into view after panning away; zooming out stops at the
// minimum zoom. Leaves docs/screenshots/map-legend-zh.png. No sleeps, only waits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeArea, minZoomFor } from '../../console/src/lib/map/home-view';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/map-legend-zh.png');
const MAP = '[data-testid=map]';
const DOTS = `${MAP} canvas.device-dots`;
const VAN = `.leaflet-marker-icon[data-van-id="${TECHNICIAN.vanId}"]`;
const POLL = { timeout: 10_000, interval: 50 };

interface Mark {
  id: string;
  look: string;
  x: number;
  y: number;
}

/** The non-ok device dots the canvas last drew, by device id (container pixels). */
async function marks(page: Page): Promise<Map<string, Mark>> {
  const raw = (await page.locator(DOTS).getAttribute('data-marks')) ?? '[]';
  return new Map((JSON.parse(raw) as Mark[]).map((m) => [m.id, m]));
}

async function zoomOf(page: Page): Promise<number> {
  return Number(await page.locator(MAP).getAttribute('data-zoom'));
}

/** The canvas's pixel (RGB) drawn at a container point of the map. */
async function pixelAt(page: Page, x: number, y: number): Promise<string> {
  // A string, evaluated in the page (these tests are typed without the DOM library).
  return page.evaluate<string>(`(() => {
    const canvas = document.querySelector(${JSON.stringify(DOTS)});
    const map = document.querySelector(${JSON.stringify(MAP)}).getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const px = ((map.left + ${x} - box.left) * canvas.width) / box.width;
    const py = ((map.top + ${y} - box.top) * canvas.height) / box.height;
    const d = canvas.getContext('2d').getImageData(Math.round(px), Math.round(py), 1, 1).data;
    return [d[0], d[1], d[2]].join(',');
  })()`);
}

/** Whether every device of `ids` and the van are inside the map's visible area. */
async function allInView(page: Page, ids: readonly string[]): Promise<boolean> {
  const box = await page.locator(MAP).boundingBox();
  if (!box) return false;
  const m = await marks(page);
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x <= box.width && y <= box.height;
  if (!ids.every((id) => m.has(id) && inside(m.get(id)!.x, m.get(id)!.y))) return false;
  const van = await page.locator(VAN).boundingBox();
  return (
    !!van &&
    (await page.locator(VAN).isVisible()) &&
    inside(van.x + van.width / 2 - box.x, van.y + van.height / 2 - box.y)
  );
}

describe('the map reads right: looks, legend, fit all, minimum zoom', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  const clients: MqttClient[] = [];
  // box-1..box-3 are registered by startConsoleServer at 35.597 + i·0.001, 116.99 + i·0.001.
  const LOOKS = { 'box-1': 'critical', 'box-2': 'major', 'cam-1': 'minor', 'box-3': 'offline' } as const;
  const IDS = Object.keys(LOOKS);

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const cam = await registerDevice(cs.s, {
      id: 'cam-1',
      type: 'camera',
      name: '工保小区 1号摄像头',
      lat: 35.5965,
      lng: 116.9925,
    });
    const connect = async (creds: Parameters<typeof connectDevice>[1]) => {
      const c = await connectDevice(cs.s, creds);
      clients.push(c);
      await publish(c, creds.id, 'status', 'online');
      return c;
    };
    const [b1, b2, b3, c1, van] = await Promise.all([
      connect(cs.boxes['box-1']),
      connect(cs.boxes['box-2']),
      connect(cs.boxes['box-3']),
      connect(cam),
      connect(cs.van),
    ]);
    await publish(b1, 'box-1', 'telemetry', { leakage_ma: 45 }); // leakage: critical
    await publish(b2, 'box-2', 'telemetry', { breaker: 'tripped' }); // breaker tripped: major
    await publish(c1, 'cam-1', 'telemetry', { storage: 'fault' }); // storage fault: minor
    await publish(b3, 'box-3', 'status', 'offline');
    await publish(van, TECHNICIAN.vanId, 'telemetry', {
      lat: 35.5985,
      lng: 116.9935,
      speed_kmh: 0,
      heading: 0,
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  async function dispatcherPage(): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await page.locator(VAN).waitFor();
    return page;
  }

  it('draws critical, major, minor and offline each in its own look; fit all brings them into view', async () => {
    const page = await dispatcherPage();
    // At the opening zoom every device is drawn on its own, the critical one with its ring.
    await expect.poll(async () => (await marks(page)).get('box-1')?.look, POLL).toBe('critical');
    await page.locator('[data-testid=critical-ring]').first().waitFor();

    // The fit-all button: a real button with its name, reached with the keyboard.
    const fit = page.locator('[data-testid=map-fit-all]');
    expect(await fit.getAttribute('aria-label')).toBe('全部显示：缩放到所有设备和车辆');
    expect(await fit.getAttribute('title')).toBe('全部显示：缩放到所有设备和车辆');
    const opening = await zoomOf(page);
    await fit.focus();
    await page.keyboard.press('Enter');
    // Every device and the van fill the view: closer than the opening zoom, at most 17.
    await expect.poll(() => zoomOf(page), POLL).toBeGreaterThan(opening);
    expect(await zoomOf(page)).toBeLessThanOrEqual(17);
    await expect.poll(() => allInView(page, IDS), POLL).toBe(true);
    const m = await marks(page);
    expect(Object.fromEntries(IDS.map((id) => [id, m.get(id)?.look]))).toEqual(LOOKS);
    // None is fitted under the legend over the map's right side.
    const mapBox = (await page.locator(MAP).boundingBox())!;
    const legendBox = (await page.locator('[data-testid=map-legend]').boundingBox())!;
    for (const id of IDS) expect(mapBox.x + m.get(id)!.x).toBeLessThan(legendBox.x);

    // The rendered pixels differ: red, orange, amber, and a hollow (white) centre for offline.
    const colours = await Promise.all(IDS.map((id) => pixelAt(page, m.get(id)!.x, m.get(id)!.y)));
    const [crit, major, minor, off] = colours;
    expect(new Set([crit, major, minor, off]).size).toBe(4);
    expect(crit).toBe('198,40,40');
    expect(major).toBe('224,112,31');
    expect(minor).toBe('232,179,33');
    expect(off).toBe('255,255,255');

    // The critical device's ring pulses; with reduced motion it is still.
    const ring = page.locator('[data-testid=critical-ring]');
    await page.locator('.device-ring-marker[data-device-id="box-1"] [data-testid=critical-ring]').waitFor();
    expect(await ring.count()).toBe(1);
    const animation = () =>
      page.evaluate<string>(
        "getComputedStyle(document.querySelector('[data-testid=critical-ring]')).animationName",
      );
    expect(await animation()).toBe('device-ring-pulse');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
    // The picture with the ring still (a pulse caught mid-fade would hide it), the button unfocused.
    await fit.blur();
    await page.locator(MAP).screenshot({ path: SHOT });
    await page.emulateMedia({ reducedMotion: 'no-preference' });

    // Panned far away: the devices leave the view; fit all brings every one (and the van) back.
    const box = (await page.locator(MAP).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 40, { steps: 8 });
    await page.mouse.move(box.x + 10, box.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => allInView(page, IDS), POLL).toBe(false);
    await fit.click();
    await expect.poll(() => allInView(page, IDS), POLL).toBe(true);
  });

  it('shows the legend with every look, hides it and remembers that across a reload; a road closure adds its row; English too', async () => {
    const page = await dispatcherPage();
    const legend = page.locator('[data-testid=map-legend]');
    await legend.locator('[data-testid=map-legend-body]').waitFor();
    const looks = await Promise.all(
      (await legend.locator('li[data-look]').all()).map((li) => li.getAttribute('data-look')),
    );
    expect(looks).toEqual(['critical', 'major', 'minor', 'offline', 'warning', 'ok']);
    expect(await legend.locator('li[data-look=critical]').innerText()).toContain('紧急告警');
    expect(await legend.locator('li[data-van-status]').count()).toBe(4);
    expect(await legend.innerText()).toContain('红帆驿站');

    const toggle = legend.locator('[data-testid=map-legend-toggle]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await legend.locator('[data-testid=map-legend-body]').waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator('[data-testid=map-legend][data-open=false]').waitFor();
    expect(await page.locator('[data-testid=map-legend-body]').count()).toBe(0);
    await page.locator('[data-testid=map-legend-toggle]').click();
    await page.locator('[data-testid=map-legend-body]').waitFor();

    // A road closure in force adds its row; the legend and the button speak English too.
    expect(await page.locator('[data-testid=map-legend-closure]').count()).toBe(0);
    const token = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    const closure = await cs.s.api.post(
      '/api/road-closures',
      { geometry: { type: 'Point', coordinates: [116.9915, 35.5975] }, radiusM: 30, reason: '管道抢修' },
      token,
    );
    expect(closure.status).toBe(201);
    await page.locator('[data-testid=map-legend-closure]').waitFor();
    await page.locator('[data-testid=lang-switch]').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=map-legend] li[data-look=critical]').innerText()).toContain(
      'Critical alarm',
    );
    expect(await page.locator('[data-testid=map-legend-closure]').innerText()).toContain('Road closure');
    expect(await page.locator('[data-testid=map-fit-all]').getAttribute('aria-label')).toBe(
      'Fit all: zoom to every device and van',
    );
  });

  it('zooms out no further than the minimum zoom, where the city fills the map', async () => {
    const page = await dispatcherPage();
    const min = Number(await page.locator(`${MAP}[data-min-zoom]`).getAttribute('data-min-zoom'));
    // The city square (16 km a side) around the default centre, every device inside it, in the map
    // as large as this page draws it (home-view.ts, docs/console-map.md): 11.5 for the ~1450×500 map
    // of the even map/board split at 1920×1080.
    const size = await page.locator(MAP).boundingBox();
    expect(min).toBe(minZoomFor(homeArea([35.5967, 116.9912], []), size?.width ?? 0, size?.height ?? 0));
    expect(min).toBeGreaterThanOrEqual(11);
    const out = page.locator('.leaflet-control-zoom-out');
    while (!(await out.getAttribute('class'))?.includes('leaflet-disabled')) {
      const before = await zoomOf(page);
      await out.click();
      await expect.poll(() => zoomOf(page), POLL).toBeLessThan(before);
    }
    expect(await zoomOf(page)).toBe(min);
    // The devices are still on screen at the minimum zoom: one cluster in the look of the worst
    // inside (critical), with its ring.
    await expect
      .poll(
        async () => JSON.parse((await page.locator(DOTS).getAttribute('data-clusters')) ?? '[]') as unknown,
        POLL,
      )
      .toEqual([{ look: 'critical', count: 5 }]);
    await page.locator('.device-ring-marker:not([data-device-id]) [data-testid=critical-ring]').waitFor();
  });
});
