// Reading the audit trail (api.md "Accounts, secrets and audit"): admin only, newest first, filtered
// by time, actor and entity, paged with the X-Next-Before cursor, and as CSV for spreadsheets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/src/formats/csv';
import type { ApiResponse } from '../helpers/api';
import { auditEntries } from '../helpers/audit';
import { startServer, type TestServer } from '../helpers/server';

describe('audit trail: reading', () => {
  let s: TestServer;
  let disp: string;
  let viewer: string;

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    for (let i = 1; i <= 5; i++) {
      const res = await s.api.post('/api/tickets', { category: 'other', description: `报修 ${i}` }, disp);
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('is for admins only', async () => {
    for (const token of [disp, viewer]) {
      for (const path of ['/api/audit', '/api/audit.csv']) {
        const res = await s.api.get(path, token);
        expect(res.status, path).toBe(403);
        expect(res.body).toMatchObject({ error: 'forbidden' });
      }
    }
    expect((await s.api.get('/api/audit')).status).toBe(401);
  });

  it('lists newest first and filters by actor, entity, id and time', async () => {
    const all = await auditEntries(s);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const tickets = await auditEntries(s, 'entity=ticket');
    expect(tickets).toHaveLength(5);
    expect(tickets.every((e) => e.action === 'ticket.create' && e.actor === 'disp')).toBe(true);
    const byDisp = await auditEntries(s, 'actor=disp');
    expect(byDisp.map((e) => e.action).sort()).toEqual([
      'auth.login',
      ...Array<string>(5).fill('ticket.create'),
    ]);
    const one = tickets[2];
    expect(await auditEntries(s, `entity=ticket&entityId=${one?.entityId}`)).toEqual([one]);
    expect(await auditEntries(s, `actor=nobody`)).toEqual([]);
    const first = all.at(-1)?.at ?? '';
    expect(await auditEntries(s, `to=${encodeURIComponent(first)}`)).toEqual(
      all.filter((e) => e.at <= first),
    );
    const later = new Date(Date.parse(all[0]?.at ?? '') + 1).toISOString();
    expect(await auditEntries(s, `from=${encodeURIComponent(later)}`)).toEqual([]);
  });

  it('pages with the X-Next-Before cursor until the trail ends', async () => {
    const all = await auditEntries(s);
    const seen: number[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null && pages < 20; pages++) {
      const res: ApiResponse<{ id: number }[]> = await s.api.get<{ id: number }[]>(
        `/api/audit?limit=2${cursor && `&before=${cursor}`}`,
        s.admin,
      );
      expect(res.body.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.map((e) => e.id));
      cursor = res.headers.get('x-next-before');
    }
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it('refuses a bad query with a clear 400', async () => {
    for (const q of ['limit=1001', 'limit=0', 'from=yesterday', 'before=abc']) {
      const res = await s.api.get(`/api/audit?${q}`, s.admin);
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({
        error: 'bad_request',
        message: expect.stringContaining('query') as string,
      });
    }
  });

  it('is described in the OpenAPI document with its query', async () => {
    const doc = await s.api.get<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(
      '/api/openapi.json',
      s.admin,
    );
    for (const path of ['/api/audit', '/api/audit.csv']) {
      const names = doc.body.paths[path]?.get?.parameters?.map((p) => p.name);
      expect(names, path).toEqual(['from', 'to', 'actor', 'entity', 'entityId', 'limit', 'before']);
    }
  });

  it('exports the same filter as CSV with a byte order mark', async () => {
    const res = await fetch(`${s.api.baseUrl}/api/audit.csv?entity=ticket`, {
      headers: { authorization: `Bearer ${s.admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toContain('redsail-audit.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes)).map((r) => r.fields);
    expect(header).toEqual(['id', 'at', 'actor', 'action', 'entity', 'entityId', 'ip', 'data']);
    const json = await auditEntries(s, 'entity=ticket');
    expect(rows.map((r) => Number(r[0]))).toEqual(json.map((e) => e.id));
    expect(rows.map((r) => JSON.parse(r[7] ?? '') as unknown)).toEqual(json.map((e) => e.data));
  });
});
