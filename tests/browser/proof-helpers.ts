// Helpers of the proof-of-work tests (proof.test.ts, proof-e2e.test.ts): reading what the phone sends
// (multipart parts, a JPEG's size), making a big photo in the page and signing with the mouse.
import type { Page, Request } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { DISPATCHER, TECHNICIAN } from './helpers';

/** The parts of a multipart/form-data body, by field name. */
export function multipart(req: Request): Map<string, Buffer> {
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
export function jpegSize(b: Buffer): { width: number; height: number } {
  if (b.subarray(0, 2).toString('hex') !== 'ffd8') throw new Error('not a JPEG');
  for (let i = 2; i + 9 <= b.length;) {
    const marker = b.readUInt16BE(i);
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc2)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** A 4000×3000 photo-like PNG, made in the page (tests are compiled without the DOM library). */
export async function bigPhoto(page: Page, from = '#345', to = '#c93'): Promise<Buffer> {
  const b64: unknown = await page.evaluate(`(() => {
    const c = document.createElement('canvas');
    c.width = 4000; c.height = 3000;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 4000, 3000);
    grad.addColorStop(0, ${JSON.stringify(from)}); grad.addColorStop(1, ${JSON.stringify(to)});
    g.fillStyle = grad; g.fillRect(0, 0, 4000, 3000);
    return c.toDataURL('image/png').split(',')[1];
  })()`);
  return Buffer.from(String(b64), 'base64');
}

/** The resident signs on the phone's signature pad with the mouse (not yet saved). */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded(); // the mouse draws in viewport coordinates
  const box = await pad.boundingBox();
  if (!box) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + 40);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + 40 + (i % 3) * 15);
  await page.mouse.up();
}

export const attachmentPost = (r: Request): boolean =>
  r.method() === 'POST' && /\/api\/tickets\/[^/]+\/attachments$/.test(r.url());

/**
 * A P2 ticket the technician's van has accepted and arrived at, made over the API: what a proof of
 * work starts from. Returns its id and both logins.
 */
export async function ticketOnSite(s: TestServer): Promise<{ id: string; disp: string; tech: string }> {
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
    const r = await s.api.post(`/api/tickets/${id}/events`, body, token);
    if (r.status !== 200) throw new Error(`${body.type}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { id, disp, tech };
}
