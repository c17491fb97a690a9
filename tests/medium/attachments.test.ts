// Ticket attachments (api.md "Field work and notifications (v1.1)"): upload by the van's technicians
// and dispatchers, type judged by the bytes, 10 MB limit, read back by whoever may read the ticket.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, newestAuditId } from '../helpers/audit';
import { IMAGES, ticketOnSite, upload } from '../helpers/fieldwork';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

interface Attachment {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
  at: string;
  by: string;
}
interface Ticket {
  id: string;
  attachments?: Attachment[];
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MB10 = 10 * 1024 * 1024;

describe('ticket attachments', () => {
  let s: TestServer;
  let disp: string;
  let techA: string;
  let techB: string;
  let viewer: string;
  let ticket: string;
  const vans: TestVan[] = [];
  const count = async () =>
    (await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body.attachments?.length ?? -1;

  beforeAll(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    vans.push(
      await addVan(s, 'van-a', '一号车', 35.6, 116.99),
      await addVan(s, 'van-b', '二号车', 35.61, 116.98),
    );
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    techA = await s.api.userToken(s.admin, 'tech-a', 'technician', 'van-a');
    techB = await s.api.userToken(s.admin, 'tech-b', 'technician', 'van-b');
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    ticket = await ticketOnSite(s, disp, techA, 'van-a');
  });
  afterAll(async () => {
    for (const v of vans) await v.client.endAsync();
    await s?.stop();
  });

  it('the van’s technician uploads a photo: 201 with its id, kind, type, size and sha256; timeline and audit record it', async () => {
    const since = await newestAuditId(s);
    const res = await upload(s, ticket, techA, { kind: 'before', file: IMAGES.png });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['contentType', 'id', 'kind', 'sha256', 'size']);
    expect(res.body).toMatchObject({
      kind: 'before',
      contentType: 'image/png',
      size: IMAGES.png.length,
      sha256: sha(IMAGES.png),
    });
    const detail = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body;
    expect(detail.timeline?.at(-1)).toMatchObject({
      type: 'attachment',
      by: 'tech-a',
      data: { attachmentId: res.body.id, kind: 'before', contentType: 'image/png' },
    });
    const audit = await auditSince(s, since);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'ticket.attach',
        actor: 'tech-a',
        entity: 'ticket',
        entityId: ticket,
      }),
    ]);
  });

  it('judges the type by the bytes, not the name or the claimed type; a dispatcher may attach too', async () => {
    const jpeg = await upload(s, ticket, disp, {
      kind: 'after',
      file: IMAGES.jpeg,
      filename: 'x.png',
      type: 'image/png',
    });
    expect(jpeg).toMatchObject({ status: 201, body: { contentType: 'image/jpeg', kind: 'after' } });
    const webp = await upload(s, ticket, techA, { kind: 'signature', file: IMAGES.webp, filename: 'sig' });
    expect(webp).toMatchObject({ status: 201, body: { contentType: 'image/webp', kind: 'signature' } });
  });

  it('the detail and the list carry the attachments, oldest first, with when and by whom', async () => {
    const detail = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, viewer)).body;
    expect(detail.attachments?.map((a) => [a.kind, a.contentType, a.by])).toEqual([
      ['before', 'image/png', 'tech-a'],
      ['after', 'image/jpeg', 'disp'],
      ['signature', 'image/webp', 'tech-a'],
    ]);
    expect(Number.isNaN(Date.parse(detail.attachments?.[0]?.at ?? ''))).toBe(false);
    const listed = (await s.api.get<Ticket[]>('/api/tickets', disp)).body.find((t) => t.id === ticket);
    expect(listed?.attachments).toStrictEqual(detail.attachments);
    const mine = (await s.api.get<Ticket[]>('/api/tickets', techA)).body.find((t) => t.id === ticket);
    expect(mine?.attachments).toHaveLength(3);
  });

  it('GET /api/attachments/{id} returns the bytes with their type, nosniff, a disposition and a private cache', async () => {
    const [first] = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body.attachments ?? [];
    const res = await fetch(`${s.httpUrl}/api/attachments/${first?.id}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(IMAGES.png)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${first?.id}.png"`);
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d{7,}/);
    const own = await fetch(`${s.httpUrl}/api/attachments/${first?.id}`, {
      headers: { authorization: `Bearer ${techA}` },
    });
    expect(own.status).toBe(200);
  });

  it('a technician of another van may neither read nor add (403); a viewer may not add (403)', async () => {
    const [first] = (await s.api.get<Ticket>(`/api/tickets/${ticket}`, disp)).body.attachments ?? [];
    const before = await count();
    expect((await s.api.get(`/api/attachments/${first?.id}`, techB)).status).toBe(403);
    expect((await upload(s, ticket, techB, { kind: 'before', file: IMAGES.png })).status).toBe(403);
    expect((await upload(s, ticket, viewer, { kind: 'before', file: IMAGES.png })).status).toBe(403);
    expect((await s.api.get(`/api/attachments/${first?.id}`)).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it.each([
    ['a GIF named .png', Buffer.from('GIF89a\x01\x00\x01\x00'), 'photo.png'],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ'), 'scan.pdf'],
    ['an SVG claiming image/png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png'],
    ['an empty file', Buffer.alloc(0), 'empty.jpg'],
  ])('refuses %s with a 415 and stores nothing', async (_name, file, filename) => {
    const before = await count();
    const res = await upload(s, ticket, techA, { kind: 'before', file, filename });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: 'unsupported_media_type' });
    expect(String(res.body.message)).toMatch(/JPEG, PNG or WebP/);
    expect(await count()).toBe(before);
  });

  it('refuses a body that is not multipart with a 415', async () => {
    const res = await s.api.post(`/api/tickets/${ticket}/attachments`, { kind: 'before' }, techA);
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: 'unsupported_media_type' });
  });

  it.each([
    ['no kind', { file: IMAGES.png }, 'kind'],
    ['an unknown kind', { kind: 'selfie', file: IMAGES.png }, 'kind'],
    ['no file', { kind: 'before' }, 'file'],
  ])('refuses an upload with %s with a 400 naming it, and stores nothing', async (_name, parts, field) => {
    const before = await count();
    const res = await upload(s, ticket, techA, parts);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(String(res.body.message)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses a file over 10 MB with a 413 and stores nothing', async () => {
    const before = await count();
    const big = Buffer.concat([IMAGES.jpeg, Buffer.alloc(MB10 + 1 - IMAGES.jpeg.length, 0)]);
    const res = await upload(s, ticket, techA, { kind: 'after', file: big, filename: 'big.jpg' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large' });
    expect(String(res.body.message)).toContain('10 MB');
    expect(await count()).toBe(before);
    // Exactly 10 MB is still taken.
    const max = Buffer.concat([IMAGES.jpeg, Buffer.alloc(MB10 - IMAGES.jpeg.length, 0)]);
    expect((await upload(s, ticket, techA, { kind: 'after', file: max, filename: 'max.jpg' })).status).toBe(
      201,
    );
  });

  it('refuses a request that declares more than 10 MB before reading its body (413)', async () => {
    const url = new URL(`${s.httpUrl}/api/tickets/${ticket}/attachments`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${techA}`,
          'content-type': 'multipart/form-data; boundary=xyz',
          'content-length': String(50 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('--xyz\r\n'); // and nothing more: the answer must not wait for the 50 MB
    });
    expect(status).toBe(413);
  });

  it('404 for an unknown ticket or attachment', async () => {
    expect((await upload(s, 'T000000-NOPE00', disp, { kind: 'before', file: IMAGES.png })).status).toBe(404);
    expect((await s.api.get('/api/attachments/F-nope', disp)).status).toBe(404);
  });

  it('the OpenAPI document describes the upload, the image answer, Idempotency-Key and resolve’s parts', async () => {
    const doc = JSON.stringify((await s.api.get('/api/openapi.json', disp)).body);
    const paths = (JSON.parse(doc) as { paths: Record<string, Record<string, Record<string, unknown>>> })
      .paths;
    const post = paths['/api/tickets/{id}/attachments']?.post;
    expect(JSON.stringify(post?.requestBody)).toContain('multipart/form-data');
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '413', '415']));
    expect(JSON.stringify(paths['/api/attachments/{id}']?.get?.responses)).toContain('image/webp');
    const events = JSON.stringify(paths['/api/tickets/{id}/events']?.post);
    for (const word of ['Idempotency-Key', '422', 'labourMin', 'unitCostYuan'])
      expect(events).toContain(word);
    expect(JSON.stringify(paths['/api/tickets']?.post)).toContain('Idempotency-Key');
  });

  it('SQLite keeps the bytes as files of the server’s user only (0600) in a 0700 folder', () => {
    if (s.app.store.kind !== 'sqlite') {
      // PostgreSQL keeps them in the database (bytea): nothing under DATA_DIR.
      expect(fs.existsSync(path.join(s.dataDir, 'attachments'))).toBe(false);
      return;
    }
    const dir = path.join(s.dataDir, 'attachments');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
  });
});
