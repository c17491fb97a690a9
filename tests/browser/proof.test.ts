// Proof of work on the phone (issue "field work", point 2, the phone's side): a photo from the
// camera input leaves the phone as a JPEG of at most 1600 px on its long side; the resident's
// signature drawn with the mouse leaves as a PNG; both as multipart `kind` + `file` to
// POST /api/tickets/{id}/attachments with an Idempotency-Key each; resolve carries the parts used
// and the labour minutes. What is checked is what the page sends (the server's side of attachments
// is built separately); the resolve itself is answered by the real server.
import type { Browser, Page, Request } from 'playwright-core';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The parts of a multipart/form-data body, by field name. */
function multipart(req: Request): Map<string, Buffer> {
  const type = req.headers()['content-type'] ?? '';
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  const body = req.postDataBuffer();
  if (!boundary || !body) throw new Error(`not multipart: ${type}`);
  const parts = new Map<string, Buffer>();
  const sep = Buffer.from(`--${boundary}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const next = body.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = body.subarray(at + sep.length + 2, next - 2); // past CRLF, before CRLF
    const head = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, head).toString())?.[1];
    if (name) parts.set(name, part.subarray(head + 4));
    at = next;
  }
  return parts;
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 2).toString('hex')).toBe('ffd8');
  for (let i = 2; i < b.length;) {
    const marker = b.readUInt16BE(i);
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc2)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** A 4000×3000 photo-like PNG, made in the page (tests are compiled without the DOM library). */
async function bigPhoto(page: Page): Promise<Buffer> {
  const b64: unknown = await page.evaluate(`(() => {
    const c = document.createElement('canvas');
    c.width = 4000; c.height = 3000;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 4000, 3000);
    grad.addColorStop(0, '#345'); grad.addColorStop(1, '#c93');
    g.fillStyle = grad; g.fillRect(0, 0, 4000, 3000);
    return c.toDataURL('image/png').split(',')[1];
  })()`);
  return Buffer.from(String(b64), 'base64');
}

const attachmentPost = (r: Request) =>
  r.method() === 'POST' && /\/api\/tickets\/[^/]+\/attachments$/.test(r.url());

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
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const tech = await s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', priority: 'P2', description: '配电箱锈蚀，需更换', lat: 35.597, lng: 116.99 },
      disp,
    );
    const id = created.body.id;
    for (const [body, token] of [
      [{ type: 'dispatch', vanId: TECHNICIAN.vanId }, disp],
      [{ type: 'accept' }, tech],
      [{ type: 'arrive' }, tech],
    ] as const) {
      expect((await s.api.post(`/api/tickets/${id}/events`, body, token)).status).toBe(200);
    }

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
    const pad = page.locator('[data-testid=signature-pad]');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 40);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + 40 + (i % 3) * 15);
    await page.mouse.up();
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
