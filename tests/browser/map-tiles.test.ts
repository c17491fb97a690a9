// The tile provider is the server's, set at run time (issue 18 point 6): the same console build,
// served by a server with TILE_URL pointing at a tile server this test runs on 127.0.0.1, asks that
// server for the tiles of the view it shows (the right z/x/y), under a CSP that allows it with no
// violation; with TILE_CRS=gcj02 the markers are drawn where GCJ-02 puts them (shifted off WGS-84).
import gcoord from 'gcoord';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish } from '../helpers/devices';
import { startTileServer, type TileServer } from '../helpers/tiles';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const RECORD_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
  (window.__cspViolations ??= []).push(e.violatedDirective + ' ' + e.blockedURI);
});`;
const VAN_AT = { lat: 35.597, lng: 116.99 };

/** The slippy-map tile of a position at a zoom. */
function tileOf(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lng + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
}

/** World pixel of a position at a zoom (Web Mercator, 256-pixel tiles). */
function worldPx(lat: number, lng: number, z: number): { x: number; y: number } {
  const s = 256 * 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { x: ((lng + 180) / 360) * s, y: ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * s };
}

async function mapView(page: Page): Promise<{ zoom: number; lat: number; lng: number }> {
  const map = page.locator('[data-testid=map]');
  const [lat = NaN, lng = NaN] = ((await map.getAttribute('data-center')) ?? '').split(',').map(Number);
  return { zoom: Number(await map.getAttribute('data-zoom')), lat, lng };
}

describe('tiles set at run time by the server', { timeout: 60_000 }, () => {
  let browser: Browser;
  let tiles: TileServer;
  let wgs: ConsoleServer;
  let gcj: ConsoleServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    tiles = await startTileServer();
    const env = (crs: string) => ({
      TILE_URL: `${tiles.origin}/{z}/{x}/{y}.png`,
      TILE_CRS: crs,
      TILE_ATTRIBUTION: '© 本地测试图源',
    });
    [browser, wgs, gcj] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: env('wgs84') }),
      startConsoleServer({ env: env('gcj02') }),
    ]);
    for (const cs of [wgs, gcj]) {
      const van = await connectDevice(cs.s, cs.van);
      clients.push(van);
      await publish(van, TECHNICIAN.vanId, 'telemetry', { ...VAN_AT, speed_kmh: 0, heading: 0 });
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await browser?.close();
    await Promise.all([wgs?.s.stop(), gcj?.s.stop()]);
    await tiles?.stop();
  });

  /** The dispatcher's map, tiles allowed through to the test's tile server only. */
  async function dispatcherMap(
    cs: ConsoleServer,
  ): Promise<{ page: Page; violations: () => Promise<unknown> }> {
    const { page, context } = await openPage(browser, cs.baseUrl);
    // Registered after openPage's refusal of every other origin, so it is asked first.
    await context.route(
      (url) => url.origin === tiles.origin,
      (route) => route.continue(),
    );
    await page.addInitScript({ content: RECORD_VIOLATIONS });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher]').waitFor();
    await page.locator(`.leaflet-tile-pane img.leaflet-tile-loaded`).first().waitFor();
    return { page, violations: () => page.evaluate('window.__cspViolations ?? []') };
  }

  it('asks the tile server of TILE_URL for the tiles of the view, z/x/y, with no CSP violation', async () => {
    tiles.asked.length = 0;
    const { page, violations } = await dispatcherMap(wgs);
    const doc = await page.request.get(wgs.baseUrl);
    expect(doc.headers()['content-security-policy']).toMatch(
      new RegExp(`img-src 'self' data: blob: ${tiles.origin};`),
    );
    const v = await mapView(page);
    expect(Number.isInteger(v.zoom)).toBe(true);
    const centre = tileOf(v.lat, v.lng, v.zoom);
    await expect.poll(() => tiles.asked).toContain(`/${v.zoom}/${centre.x}/${centre.y}.png`);
    // Every tile asked is of the zoom shown and near the centre (the view and its margin).
    for (const p of tiles.asked) {
      const [, z, x, y] = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(p) ?? [];
      expect(Number(z)).toBe(v.zoom);
      expect(Math.abs(Number(x) - centre.x)).toBeLessThanOrEqual(6);
      expect(Math.abs(Number(y) - centre.y)).toBeLessThanOrEqual(4);
    }
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('© 本地测试图源');
    expect(await violations()).toEqual([]);
  });

  it('with TILE_CRS=gcj02 draws the van where GCJ-02 puts it, a few hundred metres off WGS-84', async () => {
    const shifted: { x: number; y: number }[] = [];
    for (const cs of [wgs, gcj]) {
      const { page } = await dispatcherMap(cs);
      const marker = page.locator(`.leaflet-marker-icon[data-van-id="${TECHNICIAN.vanId}"]`);
      await marker.waitFor();
      const map = await page.locator('[data-testid=map]').boundingBox();
      const box = await marker.boundingBox();
      const v = await mapView(page);
      // Where the van is on the tiles' pyramid, measured from the map's centre.
      const c = worldPx(v.lat, v.lng, v.zoom);
      const at = {
        x: box!.x + box!.width / 2 - (map!.x + map!.width / 2),
        y: box!.y + box!.height / 2 - (map!.y + map!.height / 2),
      };
      shifted.push({ x: c.x + at.x, y: c.y + at.y });
      expect(await page.locator('[data-testid=map]').getAttribute('data-crs')).toBe(
        cs === gcj ? 'gcj02' : 'wgs84',
      );
    }
    const z = (await mapView((await dispatcherMap(wgs)).page)).zoom;
    const wgsPx = worldPx(VAN_AT.lat, VAN_AT.lng, z);
    const [gLng, gLat] = gcoord.transform([VAN_AT.lng, VAN_AT.lat], gcoord.WGS84, gcoord.GCJ02);
    const gcjPx = worldPx(gLat, gLng, z);
    const near = (a: { x: number; y: number }, b: { x: number; y: number }) =>
      Math.hypot(a.x - b.x, a.y - b.y);
    // The van moved on the tiles' pyramid by exactly the GCJ-02 shift, between the two servers.
    const moved = { x: shifted[1]!.x - shifted[0]!.x, y: shifted[1]!.y - shifted[0]!.y };
    const shift = { x: gcjPx.x - wgsPx.x, y: gcjPx.y - wgsPx.y };
    expect(Math.hypot(shift.x, shift.y)).toBeGreaterThan(40);
    expect(Math.hypot(moved.x - shift.x, moved.y - shift.y)).toBeLessThan(2);
    expect(near(shifted[0]!, wgsPx)).toBeLessThan(20); // the WGS-84 server draws it (about) where it is
  });
});
