// The map around a job in a basement (issue "field work", point 1): the tiles of TILE_URL the
// technician's phone has drawn once are kept by the console's service worker; with the server and the
// tile server both gone, a reload draws the job's map from those tiles, and nothing is asked of the
// network for them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { startTileServer, type TileServer } from '../helpers/tiles';

const LOADED_TILE = '[data-testid=tech] .leaflet-tile-pane img.leaflet-tile-loaded';

describe('map tiles on the phone without a network', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let tiles: TileServer;

  beforeAll(async () => {
    tiles = await startTileServer();
    const { origin } = tiles;
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false', TILE_URL: `${origin}/{z}/{x}/{y}.png` } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
    await tiles?.stop();
  });

  it('draws the job’s map from the tiles kept by the service worker once both servers are gone', async () => {
    const { s, baseUrl } = cs;
    const { origin, asked } = tiles;
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', priority: 'P2', description: '地下室配电箱跳闸', lat: 35.597, lng: 116.99 },
      disp,
    );
    expect(created.status).toBe(201);
    const dispatched = await s.api.post(
      `/api/tickets/${created.body.id}/events`,
      { type: 'dispatch', vanId: TECHNICIAN.vanId },
      disp,
    );
    expect(dispatched.status).toBe(200);

    const { page, context } = await openPage(browser, baseUrl);
    await context.route(
      (url) => url.origin === origin,
      (route) => route.continue(),
    );
    await login(page, baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator('[data-testid=tech][data-offline-ready=true][data-saved=true]').waitFor();
    // The next visit runs under the service worker from its start: it learns the tile template from
    // the map settings and keeps the tiles the map draws.
    await page.reload();
    await page.locator('[data-testid=tech][data-offline-ready=true]').waitFor();
    await page.locator(LOADED_TILE).first().waitFor();
    const kept = () =>
      page.evaluate<number>(`caches.open('redsail-tiles').then((c) => c.keys()).then((k) => k.length)`);
    await expect.poll(kept).toBeGreaterThan(0);
    const keptTiles = await page.evaluate<string[]>(
      `caches.open('redsail-tiles').then((c) => c.keys()).then((k) => k.map((r) => r.url))`,
    );
    for (const url of keptTiles) expect(url).toMatch(new RegExp(`^${origin}/\\d+/\\d+/\\d+\\.png$`));

    // The basement: no server, no tile server.
    await s.stop({ keepData: true });
    await tiles.stop();
    asked.length = 0;
    await page.reload();
    await page.locator('[data-testid=tech] [data-testid=tech-ticket]').waitFor();
    await page.locator(LOADED_TILE).first().waitFor();
    const drawn = await page
      .locator(LOADED_TILE)
      .evaluateAll((imgs) => imgs.map((i) => (i as unknown as { src: string }).src));
    expect(drawn.length).toBeGreaterThan(0);
    for (const src of drawn) expect(keptTiles).toContain(src);
    expect(asked).toEqual([]);
  });
});
