// The console in headless Chromium for the screenshots: a page that talks to nothing but the demo,
// signing in, and waiting for the map to be drawn and to stand still.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Cleanup } from './cleanup';
import { say, sleep } from './shots-log';

/** How long a page waits for an element or for the map to settle. */
export const WAIT_MS = 30_000;

/** A fresh context in zh-CN (the console's default) that talks to nothing but the demo. */
export async function newPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  cleanup: Cleanup,
  mobile = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile && { isMobile: true, hasTouch: true }),
  });
  cleanup.add('browser context', () => context.close());
  context.setDefaultTimeout(WAIT_MS);
  await context.route(
    (u) => u.origin !== url,
    (route) => route.abort('connectionrefused'),
  );
  const page = await context.newPage();
  page.on('pageerror', (err) => say(`page error: ${err.message}`));
  page.on('console', (m) => {
    // The first GET /api/auth/me answers 401 before a login: that one is expected.
    if (m.type() === 'error' && !m.text().includes('status of 401')) say(`console error: ${m.text()}`);
  });
  return { context, page };
}

export async function signIn(
  page: Page,
  url: string,
  user: { username: string; password: string },
): Promise<void> {
  await page.goto(url);
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
}

export async function mapZoom(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=map]').getAttribute('data-zoom'));
}

/** Waits until the map's zoom differs from `from` and has not changed for 400 ms (the zoom animation is over). */
export async function zoomSettled(page: Page, from: number): Promise<number> {
  let last = from;
  let stableSince = Date.now();
  const t0 = Date.now();
  while (Date.now() - t0 < 5000) {
    await sleep(100);
    const z = await mapZoom(page);
    if (z !== last) {
      last = z;
      stableSince = Date.now();
    } else if (z !== from && Date.now() - stableSince >= 400) return z;
  }
  return last;
}

const centre = (b: { x: number; y: number; width: number; height: number }) => ({
  x: b.x + b.width / 2,
  y: b.y + b.height / 2,
});

/**
 * Waits until the map shows its data: the device canvas has been painted (the console rebuilds its
 * device index at most once a second) and, when given, the van's name label has been placed.
 */
export async function mapDrawn(page: Page, vanId?: string): Promise<void> {
  // A string expression (this file is type-checked without the DOM lib), evaluated over CDP, which
  // the console's CSP allows — waitForFunction would compile it in the page, which the CSP refuses.
  const painted = `(() => {
      const c = document.querySelector('canvas.device-dots');
      if (!c || !c.width) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 64) if (d[i] !== 0) return true;
      return false;
    })()`;
  const t0 = Date.now();
  while (!(await page.evaluate<boolean>(painted))) {
    if (Date.now() - t0 > WAIT_MS) throw new Error('the map did not draw its devices');
    await page.waitForTimeout(200);
  }
  if (vanId === undefined) return;
  await page
    .locator(`.van-marker[data-van-id="${vanId}"]:not(.van-label-hidden)`)
    .waitFor({ timeout: 5000 })
    .catch(() => say(`the label of ${vanId} stays hidden (another label is in its way)`));
}

/**
 * Waits until the map stands still: no "show on the map" ring pulsing, and the same zoom and centre
 * for 600 ms (a fly-to or zoom animation is over), then for the device canvas to be drawn again.
 */
export async function mapIdle(page: Page): Promise<void> {
  await page.locator('[data-testid=focus-ring]').waitFor({ state: 'detached' });
  const map = page.locator('[data-testid=map]');
  const view = async () => `${await map.getAttribute('data-zoom')} ${await map.getAttribute('data-center')}`;
  let last = await view();
  let stableSince = Date.now();
  const t0 = Date.now();
  while (Date.now() - stableSince < 600 && Date.now() - t0 < WAIT_MS) {
    await sleep(100);
    const now = await view();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
  await mapDrawn(page);
}

/** Metres between two WGS-84 points (haversine). */
export function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Wheel-zooms at the van until street level (wheel-zooming keeps the point under the mouse in place). */
export async function wheelToStreet(page: Page, van: Locator, streetZoom: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const z = await mapZoom(page);
    if (z >= streetZoom) return;
    const box = await van.boundingBox();
    if (!box) throw new Error('the van is not on the map');
    const at = centre(box);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -120);
    await zoomSettled(page, z);
  }
}
