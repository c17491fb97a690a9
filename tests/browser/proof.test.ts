// Proof of work on the phone (issue "field work", point 2, the phone's side): a photo from the
// camera input leaves the phone as a JPEG of at most 1600 px on its long side; the resident's
// signature drawn with the mouse leaves as a PNG; both as multipart `kind` + `file` to
// POST /api/tickets/{id}/attachments with an Idempotency-Key each; resolve carries the parts used
// and the labour minutes. What is checked is what the page sends (the server's side of attachments
// is built separately); the resolve itself is answered by the real server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { attachmentPost, bigPhoto, drawSignature, jpegSize, multipart, ticketOnSite } from './proof-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('proof of work on the phone', { timeout: 60_000 }, () => {
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

  it('sends a downscaled JPEG photo, a PNG signature, then parts and labour with the resolve', async () => {
    const { s } = cs;
    const { id, disp } = await ticketOnSite(s);

    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(`[data-testid=tech-ticket][data-ticket-id="${id}"][data-status=on_site]`).waitFor();

    // A photo before the repair, from the camera input.
    const input = page.locator('[data-testid=photo-before] input[type=file]');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await input.getAttribute('capture')).toBe('environment');
    const photoSent = page.waitForRequest(attachmentPost);
    await input.setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: await bigPhoto(page) });
    const photo = await photoSent;
    expect(photo.headers()['idempotency-key']).toMatch(UUID);
    const photoParts = multipart(photo);
    expect(photoParts.get('kind')?.toString()).toBe('before');
    expect(jpegSize(photoParts.get('file')!)).toEqual({ width: 1600, height: 1200 });
    await page.locator('[data-testid=photo-before-preview]').waitFor();

    // The resident signs with the mouse and it is saved.
    await drawSignature(page);
    const signatureSent = page.waitForRequest(attachmentPost);
    await page.locator('[data-testid=signature-save]').click();
    const signature = await signatureSent;
    const signParts = multipart(signature);
    expect(signParts.get('kind')?.toString()).toBe('signature');
    expect(signParts.get('file')!.subarray(0, 4).toString('hex')).toBe('89504e47');
    expect(signature.headers()['idempotency-key']).toMatch(UUID);
    expect(signature.headers()['idempotency-key']).not.toBe(photo.headers()['idempotency-key']);

    // Resolve with one part and the labour.
    await page.locator('[data-testid=tech-resolve]').click();
    await page.locator('[data-testid=tech-text]').fill('更换配电箱');
    await page.locator('[data-testid=part-add]').click();
    const row = page.locator('[data-testid=part-row]').first();
    await row.locator('input').nth(0).fill('配电箱');
    await row.locator('input').nth(1).fill('1');
    await row.locator('input').nth(2).fill('480');
    await page.locator('[data-testid=labour]').fill('75');
    const resolveSent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith(`/api/tickets/${id}/events`),
    );
    await page.locator('[data-testid=tech-confirm]').click();
    const resolve = await resolveSent;
    expect(resolve.postDataJSON()).toEqual({
      type: 'resolve',
      note: '更换配电箱',
      parts: [{ name: '配电箱', qty: 1, unitCostYuan: 480 }],
      labourMin: 75,
    });
    expect(resolve.headers()['idempotency-key']).toMatch(UUID);
    expect((await resolve.response())?.status()).toBe(200);
    expect((await s.api.get<{ status: string }>(`/api/tickets/${id}`, disp)).body.status).toBe('resolved');
  });
});
