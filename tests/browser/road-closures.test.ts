// Road closures in Chromium (1920×1080, zh-CN) against the real server: a dispatcher draws a line
// closure on the map with a reason, it shows on the map (tooltip with reason and end) and in the list,
// another browser context (a viewer) sees it arrive live, and ending it (confirmed) removes it from
// both; Escape cancels a drawing. The stored geometry is WGS-84, where the clicks were.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadClosureDto } from '../../server/src/contracts/dto';
import {
  DISPATCHER,
  launchBrowser,
  login,
  markDocument,
  openPage,
  sameDocument,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { DEMO_STREETS } from '../helpers/tiles';

const SHOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots/road-closure-zh.png',
);
const VIEWER = { username: 'boss', password: 'boss-password-1' };
const SEL = {
  toggle: '[data-testid=closures-toggle]',
  closure: '[data-testid=closure]',
  shape: '[data-testid=closure-shape]',
  draftPoint: '[data-testid=closure-draft-point]',
};

describe('road closures on the dispatcher map', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false', ROADS_FILE: DEMO_STREETS } }),
    ]);
    const made = await cs.s.api.post('/api/users', { ...VIEWER, role: 'viewer' }, cs.s.admin);
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  async function livePage(user: { username: string; password: string }): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, user.username, user.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator(SEL.toggle).click();
    return page;
  }
  /** A point of the map, as fractions of its box, in page pixels. */
  async function onMap(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
    const box = await page.locator('[data-testid=map]').boundingBox();
    if (!box) throw new Error('no map on screen');
    return { x: box.x + box.width * fx, y: box.y + box.height * fy };
  }
  const closuresNow = async () =>
    (await cs.s.api.get<RoadClosureDto[]>('/api/road-closures', cs.s.admin)).body;

  it('a dispatcher draws a line closure; it shows on the map and in the list, live elsewhere, and ending it removes it', async () => {
    const other = await livePage(VIEWER);
    await markDocument(other);
    await expect.poll(() => other.locator('[data-testid=closure-list] .empty').count()).toBe(1);
    expect(await other.locator('[data-testid=closure-new]').count()).toBe(0); // a viewer only reads

    const page = await livePage(DISPATCHER);
    await page.locator('[data-testid=closure-new]').click();
    expect(await page.locator('[data-testid=closure-hint]').textContent()).toContain('依次点击');
    const a = await onMap(page, 0.3, 0.55);
    const b = await onMap(page, 0.42, 0.5);
    const c = await onMap(page, 0.52, 0.56);
    await page.mouse.click(a.x, a.y);
    await page.mouse.click(b.x, b.y);
    await page.mouse.dblclick(c.x, c.y); // the last point, and the end of the line
    await expect.poll(() => page.locator(SEL.draftPoint).count()).toBe(3);
    expect(await page.locator('[data-testid=closure-hint]').textContent()).toContain('已标出');
    // Saving without a reason says so and sends nothing.
    await page.locator('[data-testid=closure-save]').click();
    expect(await page.locator('[data-testid=closure-form] [role=alert]').textContent()).toContain(
      '请填写封路原因',
    );
    await page.locator('[data-testid=closure-reason]').fill('电缆抢修');
    await page.locator('[data-testid=closure-until]').selectOption('2h');
    await page.locator('[data-testid=closure-save]').click();

    await page.locator(SEL.closure).waitFor();
    expect(await page.locator(SEL.closure).textContent()).toContain('电缆抢修');
    const [stored] = await closuresNow();
    expect(stored?.geometry.type).toBe('LineString');
    expect(stored?.geometry.coordinates).toHaveLength(3);
    expect(stored?.radiusM).toBe(20);
    expect(stored?.createdBy).toBe(DISPATCHER.username);
    for (const [lng, lat] of stored?.geometry.type === 'LineString' ? stored.geometry.coordinates : [])
      expect(Math.hypot(lat - 35.5967, lng - 116.9912)).toBeLessThan(0.02); // around the town, WGS-84
    const shape = page.locator(`${SEL.shape}[data-closure-id="${stored?.id}"]`);
    await shape.waitFor();

    // The other console hears it live (no reload): in its list and on its map.
    await other.locator(`${SEL.closure}[data-closure-id="${stored?.id}"]`).waitFor();
    await other.locator(`${SEL.shape}[data-closure-id="${stored?.id}"]`).waitFor({ state: 'attached' });
    expect(await sameDocument(other)).toBe(true);

    // Hovering the closure names its reason and end.
    await page.mouse.move(b.x, b.y);
    const tip = page.locator('[data-testid=closure-tooltip]');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/电缆抢修.*至 /);
    await page.screenshot({ path: SHOT });

    // Ending it, confirmed in place.
    await page.locator('[data-testid=closure-end]').click();
    await page.locator('[data-testid=closure-end-yes]').click();
    await expect.poll(() => page.locator(SEL.closure).count()).toBe(0);
    await expect.poll(() => page.locator(SEL.shape).count()).toBe(0);
    await expect.poll(() => other.locator(SEL.closure).count()).toBe(0);
    await expect.poll(() => other.locator(SEL.shape).count()).toBe(0);
    expect(await closuresNow()).toEqual([]);
  });

  it('Escape cancels a drawing: the points go and nothing is saved', async () => {
    const page = await livePage(DISPATCHER);
    await page.locator('[data-testid=closure-new]').click();
    await page.locator('[data-testid=closure-shape-point]').check();
    const p = await onMap(page, 0.4, 0.5);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.locator(SEL.draftPoint).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=closure-form]').count()).toBe(0);
    expect(await page.locator(SEL.draftPoint).count()).toBe(0);
    expect(await closuresNow()).toEqual([]);
  });
});
