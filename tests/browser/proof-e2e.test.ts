// Proof of work end to end in Chromium against the real server: the technician's phone takes a photo
// before and after the repair and the resident's signature, resolves with parts and labour; then the
// ticket as the dispatcher reads it over the API lists the three attachments with their bytes (the
// photos downscaled to 1600 px on the long side) and the parts, cost and labour entered; the
// dispatcher's console shows them; and the phone's outbox ends "all sent" (the after photo, the
// signature and the resolve are taken in a dead spot and sent once the network is back).
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofZh } from '../../console/src/lib/i18n/features/proof';
import { fieldZh } from '../../console/src/lib/i18n/features/field';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { attachmentPost, bigPhoto, drawSignature, jpegSize, ticketOnSite } from './proof-helpers';

interface Attachment {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
}
interface TicketView {
  status: string;
  attachments?: Attachment[];
  parts?: { name: string; qty: number; unitCostYuan?: number }[];
  partsCostYuan?: number;
  labourMin?: number;
}
interface Img {
  decode(): Promise<void>;
  naturalWidth: number;
  naturalHeight: number;
}

const PARTS = [
  { name: '配电箱', qty: 1, unitCostYuan: 480 },
  { name: '空气开关 63A', qty: 2, unitCostYuan: 45.5 },
];

const detail = (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"][data-status=resolved]`;
const card = (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`;

/** Waits until the image is loaded and decoded (decode() rejects for a broken image); its size. */
function decoded(page: Page, selector: string): Promise<[number, number]> {
  return page
    .locator(selector)
    .evaluate((img: Img) => img.decode().then((): [number, number] => [img.naturalWidth, img.naturalHeight]));
}

/** One photo from the phone's camera input for `kind`, waited for until the server has taken it. */
async function takePhoto(page: Page, kind: 'before' | 'after', photo: Buffer): Promise<void> {
  const answered = page.waitForResponse((r) => attachmentPost(r.request()));
  await page
    .locator(`[data-testid=photo-${kind}] input[type=file]`)
    .setInputFiles({ name: `IMG_${kind}.png`, mimeType: 'image/png', buffer: photo });
  expect((await answered).status()).toBe(201);
  await page.locator(`[data-testid=photo-${kind}-preview]`).waitFor();
}

describe('proof of work end to end: phone → server → dispatcher (Chromium)', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('the photos, the signature, parts and labour taken on the phone reach the ticket and the dispatcher’s detail', async () => {
    const { s } = cs;
    const { id, disp } = await ticketOnSite(s);

    // The phone, in signal: the before photo.
    const { page, context } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(`[data-testid=tech-ticket][data-ticket-id="${id}"][data-status=on_site]`).waitFor();
    await takePhoto(page, 'before', await bigPhoto(page, '#345', '#c93'));
    // Then a dead spot (the basement's meter room): the after photo, the signature and the resolve
    // wait in the outbox.
    const dead = (url: URL) => url.pathname.startsWith(`/api/tickets/${id}/`);
    await context.route(dead, (route) => route.abort('internetdisconnected'));
    await page.locator('[data-testid=photo-after] input[type=file]').setInputFiles({
      name: 'IMG_after.png',
      mimeType: 'image/png',
      buffer: await bigPhoto(page, '#cde', '#396'),
    });
    await page.locator('[data-testid=photo-after-preview]').waitFor();
    await drawSignature(page);
    await page.locator('[data-testid=signature-save]').click();
    await page.locator('[data-testid=tech-resolve]').click();
    await page.locator('[data-testid=tech-text]').fill('更换配电箱和空气开关');
    for (const [i, part] of PARTS.entries()) {
      await page.locator('[data-testid=part-add]').click();
      const row = page.locator('[data-testid=part-row]').nth(i);
      await row.locator('input').nth(0).fill(part.name);
      await row.locator('input').nth(1).fill(String(part.qty));
      await row.locator('input').nth(2).fill(String(part.unitCostYuan));
    }
    await page.locator('[data-testid=labour]').fill('75');
    await page.locator('[data-testid=tech-confirm]').click();
    await page.locator('[data-testid=outbox][data-pending="3"]').waitFor();

    // Point 3: back in signal, the phone sends them in order and its outbox ends empty, "all sent".
    await context.unroute(dead);
    const resolved = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/tickets/${id}/events`),
    );
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    expect((await resolved).status()).toBe(200);
    await page.locator('[data-testid=outbox-all-sent]').waitFor();
    expect(await page.locator('[data-testid=outbox-all-sent]').textContent()).toBe(fieldZh['field.allSent']);
    expect(await page.locator('[data-testid=outbox]').count()).toBe(0);

    // Point 1: the ticket as the dispatcher reads it.
    const got = await s.api.get<TicketView>(`/api/tickets/${id}`, disp);
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('resolved');
    const atts = got.body.attachments ?? [];
    expect(atts.map((a) => [a.kind, a.contentType])).toEqual([
      ['before', 'image/jpeg'],
      ['after', 'image/jpeg'],
      ['signature', 'image/png'],
    ]);
    expect(got.body.parts).toEqual(PARTS);
    expect(got.body.partsCostYuan).toBe(571);
    expect(got.body.labourMin).toBe(75);
    for (const a of atts) {
      const res = await fetch(`${s.httpUrl}/api/attachments/${a.id}`, {
        headers: { authorization: `Bearer ${disp}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(a.contentType);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(a.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
      if (a.contentType === 'image/jpeg') {
        const { width, height } = jpegSize(bytes);
        expect(Math.max(width, height)).toBeLessThanOrEqual(1600);
        expect({ width, height }).toEqual({ width: 1600, height: 1200 });
      } else {
        expect(bytes.subarray(0, 4).toString('hex')).toBe('89504e47');
      }
    }

    // Point 2: the dispatcher's console ticket detail.
    const dispatcher = (await openPage(browser, cs.baseUrl)).page;
    await login(dispatcher, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await dispatcher.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await dispatcher.locator(card(id)).click();
    await dispatcher.locator(detail(id)).waitFor();
    const photos = `${detail(id)} [data-testid=ticket-photos]`;
    expect(await decoded(dispatcher, `${photos} [data-kind=before] img`)).toEqual([1600, 1200]);
    expect(await decoded(dispatcher, `${photos} [data-kind=after] img`)).toEqual([1600, 1200]);
    expect((await decoded(dispatcher, `${photos} [data-kind=signature] img`))[0]).toBeGreaterThan(0);
    for (const kind of ['before', 'after', 'signature'] as const) {
      expect(await dispatcher.locator(`${photos} [data-kind=${kind}] .kind`).textContent()).toBe(
        proofZh[`proof.kind.${kind}`],
      );
    }
    const entries = dispatcher.locator(`${detail(id)} [data-testid=timeline-item][data-type=attachment]`);
    expect(await entries.count()).toBe(3);
    const rows = dispatcher.locator(`${detail(id)} [data-testid=ticket-parts] [data-testid=part]`);
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('配电箱');
    expect(await rows.nth(1).textContent()).toContain('空气开关 63A');
    expect(await rows.nth(1).textContent()).toContain('¥91.00');
    expect(await dispatcher.locator(`${detail(id)} [data-testid=parts-total]`).textContent()).toBe('¥571.00');
    expect(await dispatcher.locator(`${detail(id)} [data-testid=labour]`).textContent()).toBe(
      '1 小时 15 分钟',
    );
  });
});
