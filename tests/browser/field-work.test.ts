// The dispatcher's ticket detail shows the field work in Chromium against the real server: the photo
// and the signature a technician uploaded (thumbnails that open full size, the signature labelled),
// the parts with their cost total, and the labour time. Set up over the API, checked in the page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofZh } from '../../console/src/lib/i18n/features/proof';
import { upload } from '../helpers/fieldwork';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

/** A real 1×1 PNG, so the browser decodes it (naturalWidth 1). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const detail = (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"][data-status=resolved]`;
const card = (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`;

interface Img {
  decode(): Promise<void>;
  naturalWidth: number;
}

/** Waits until the image is loaded and decoded (decode() rejects for a broken image); its width. */
function decoded(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((img: Img) => img.decode().then(() => img.naturalWidth));
}

describe('field work in the dispatcher’s ticket detail (Chromium)', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let ticket: string;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const disp = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    const tech = await cs.s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    const created = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', description: '配电箱锈蚀', priority: 'P2', lat: 35.598, lng: 116.991 },
      disp,
    );
    ticket = created.body.id;
    const step = async (body: object, token: string) =>
      expect((await cs.s.api.post(`/api/tickets/${ticket}/events`, body, token)).status).toBe(200);
    await step({ type: 'dispatch', vanId: TECHNICIAN.vanId }, disp);
    for (const type of ['accept', 'depart', 'arrive']) await step({ type }, tech);
    expect((await upload(cs.s, ticket, tech, { kind: 'before', file: PNG })).status).toBe(201);
    expect(
      (await upload(cs.s, ticket, tech, { kind: 'signature', file: PNG, filename: 'sig.png' })).status,
    ).toBe(201);
    const parts = [
      { name: '配电箱', qty: 1, unitCostYuan: 380 },
      { name: '空气开关 63A', qty: 2, unitCostYuan: 45.5 },
    ];
    await step({ type: 'resolve', note: '更换配电箱', parts, labourMin: 95 }, tech);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('shows the photo and the labelled signature, opens one full size, and lists parts, total and labour', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator(card(ticket)).click();
    await page.locator(detail(ticket)).waitFor();

    const photos = `${detail(ticket)} [data-testid=ticket-photos]`;
    expect(await decoded(page, `${photos} [data-kind=before] img`)).toBe(1);
    expect(await decoded(page, `${photos} [data-kind=signature] img`)).toBe(1);
    expect(await page.locator(`${photos} [data-kind=signature] .kind`).textContent()).toBe(
      proofZh['proof.kind.signature'],
    );
    expect(await page.locator(`${photos} [data-kind=before] .kind`).textContent()).toBe(
      proofZh['proof.kind.before'],
    );

    await page.locator(`${photos} [data-kind=before] button`).click();
    expect(await decoded(page, '[data-testid=photo-viewer] img')).toBe(1);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=photo-viewer]').waitFor({ state: 'detached' });

    const entries = page.locator(`${detail(ticket)} [data-testid=timeline-item][data-type=attachment]`);
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(1).textContent()).toContain(proofZh['proof.kind.signature']);

    const rows = page.locator(`${detail(ticket)} [data-testid=ticket-parts] [data-testid=part]`);
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('空气开关 63A');
    expect(await rows.nth(1).textContent()).toContain('¥91.00');
    expect(await page.locator(`${detail(ticket)} [data-testid=parts-total]`).textContent()).toBe('¥471.00');
    expect(await page.locator(`${detail(ticket)} [data-testid=labour]`).textContent()).toBe('1 小时 35 分钟');
  });
});
