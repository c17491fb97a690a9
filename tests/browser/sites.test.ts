// Sites on the dispatcher map: a red sail station and the depot created through the API appear as
// markers of their kind, with the name (and the compound) in the tooltip on hover or focus; below
// zoom 16, where devices are clustered, stations are hidden so they never cover a cluster.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const outline = {
  type: 'Polygon',
  coordinates: [
    [
      [116.982, 35.6],
      [116.984, 35.6],
      [116.984, 35.602],
      [116.982, 35.602],
      [116.982, 35.6],
    ],
  ],
};
const station = {
  id: 'station-gongbao',
  kind: 'station',
  name: '红帆驿站（工保小区）',
  lat: 35.601,
  lng: 116.983,
  compoundId: 'gongbao',
  phone: '0537-4412345',
};
// Close to the compound, so both are in view once the map fits the compound's outline.
const depot = { id: 'depot', kind: 'depot', name: '鲁建惠诚物业 维修驻地', lat: 35.6005, lng: 116.9846 };

const marker = (id: string, kind: string) =>
  `[data-testid=map] [data-testid=site-marker][data-site-id="${id}"][data-kind="${kind}"]`;
const tooltip = (id: string) => `[data-testid=map] [data-testid=site-tooltip][data-site-id="${id}"]`;

describe('sites on the dispatcher map in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    const { s } = cs;
    expect(
      (await s.api.post('/api/compounds', { id: 'gongbao', name: '工保小区', outline }, s.admin)).status,
    ).toBe(201);
    for (const site of [station, depot])
      expect((await s.api.post('/api/sites', site, s.admin)).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('shows the station and the depot as markers of their kind, named in their tooltips', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();

    await expect.poll(() => page.locator('[data-testid=site-marker]').count()).toBe(2);
    const stationMarker = page.locator(marker(station.id, 'station'));
    const depotMarker = page.locator(marker(depot.id, 'depot'));
    expect(await stationMarker.locator('svg').count()).toBe(1);
    expect(await depotMarker.locator('svg').count()).toBe(1);

    await stationMarker.hover();
    const stationTip = page.locator(tooltip(station.id));
    await stationTip.waitFor();
    expect(await stationTip.innerText()).toContain(station.name);
    expect(await stationTip.innerText()).toContain('工保小区');
    expect(await stationTip.innerText()).toContain(station.phone);

    await depotMarker.hover();
    const depotTip = page.locator(tooltip(depot.id));
    await depotTip.waitFor();
    expect(await depotTip.innerText()).toContain(depot.name);
    await stationTip.waitFor({ state: 'detached' });

    // Keyboard users get the same tooltip on focus; the marker is labelled with kind and name.
    expect(await stationMarker.getAttribute('aria-label')).toContain(station.name);
    await stationMarker.focus();
    await stationTip.waitFor();

    // Zoomed out to where devices cluster: the station is hidden, the depot stays.
    const zoom = async () => Number(await page.locator('[data-testid=map]').getAttribute('data-zoom'));
    expect(await zoom()).toBeGreaterThanOrEqual(16);
    while ((await zoom()) >= 16) {
      const before = await zoom();
      await page.locator('.leaflet-control-zoom-out').click();
      await expect.poll(zoom).toBeLessThan(before);
    }
    await expect.poll(() => stationMarker.isVisible()).toBe(false);
    expect(await depotMarker.isVisible()).toBe(true);
  });
});
