// Idempotency-Key on POST /api/tickets and POST /api/tickets/{id}/events (api.md "Field work and
// notifications (v1.1)"): a repeat returns the first answer and changes nothing; runs on each backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, newestAuditId } from '../helpers/audit';
import { startServer, type TestServer } from '../helpers/server';

interface Ticket {
  id: string;
  status: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

const hotline = { category: 'electrical', description: '工保小区 3号楼电线冒火花', compoundId: 'gongbao' };

describe('Idempotency-Key', () => {
  let s: TestServer;
  let disp: string;
  let disp2: string;
  let n = 0;
  const newKey = () => `phone-queue-${++n}-${Date.now()}`;
  const send = <T = Record<string, unknown>>(path: string, body: unknown, token: string, key?: string) =>
    s.api.request<T>('POST', path, {
      body,
      token,
      ...(key !== undefined && { headers: { 'Idempotency-Key': key } }),
    });
  const timeline = async (id: string) =>
    (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body.timeline ?? [];
  const ticketCount = async () => (await s.api.get<Ticket[]>('/api/tickets?limit=1000', disp)).body.length;

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { AUTO_DISPATCH: 'false' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    disp2 = await s.api.userToken(s.admin, 'disp2', 'dispatcher');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('a repeated create returns the first answer (status and body) and opens one ticket, audited once', async () => {
    const key = newKey();
    const since = await newestAuditId(s);
    const before = await ticketCount();
    const first = await send<Ticket>('/api/tickets', hotline, disp, key);
    expect(first.status).toBe(201);
    const again = await send<Ticket>('/api/tickets', hotline, disp, key);
    expect(again.status).toBe(201);
    expect(again.body).toStrictEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await ticketCount()).toBe(before + 1);
    expect((await auditSince(s, since)).filter((e) => e.action === 'ticket.create')).toHaveLength(1);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const key = newKey();
    const first = await send<Ticket>('/api/tickets', hotline, disp, key);
    const reordered = {
      compoundId: hotline.compoundId,
      description: hotline.description,
      category: hotline.category,
    };
    const again = await send<Ticket>('/api/tickets', reordered, disp, key);
    expect(again.body.id).toBe(first.body.id);
  });

  it('a repeated event adds one timeline entry and one audit record; the repeat gets the first body', async () => {
    const t = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const key = newKey();
    const since = await newestAuditId(s);
    const path = `/api/tickets/${t.id}/events`;
    const first = await send(path, { type: 'note', text: '居民电话：已断电' }, disp, key);
    expect(first.status).toBe(200);
    const again = await send(path, { type: 'note', text: '居民电话：已断电' }, disp, key);
    expect([again.status, again.body]).toStrictEqual([200, first.body]);
    expect((await timeline(t.id)).filter((e) => e.type === 'note')).toHaveLength(1);
    expect((await auditSince(s, since)).filter((e) => e.action === 'ticket.event')).toHaveLength(1);
  });

  it('a refused first request is the answer too: the repeat gets the same 409', async () => {
    const t = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const key = newKey();
    const path = `/api/tickets/${t.id}/events`;
    const first = await send(path, { type: 'close', reason: 'done' }, disp, key);
    expect(first.status).toBe(409);
    const again = await send(path, { type: 'close', reason: 'done' }, disp, key);
    expect([again.status, again.body]).toStrictEqual([409, first.body]);
  });

  it('the same key with another body, or on another path, is 422 and changes nothing', async () => {
    const t = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const other = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const key = newKey();
    await send(`/api/tickets/${t.id}/events`, { type: 'note', text: 'first' }, disp, key);
    const since = await newestAuditId(s);
    const changed = await send(`/api/tickets/${t.id}/events`, { type: 'note', text: 'second' }, disp, key);
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ error: 'idempotency_key_reused' });
    expect(String(changed.body.message)).toMatch(/different request/);
    const elsewhere = await send(
      `/api/tickets/${other.id}/events`,
      { type: 'note', text: 'first' },
      disp,
      key,
    );
    expect(elsewhere.status).toBe(422);
    const before = await ticketCount();
    expect((await send('/api/tickets', hotline, disp, key)).status).toBe(422);
    expect(await ticketCount()).toBe(before);
    expect((await timeline(t.id)).filter((e) => e.type === 'note').map((e) => e.data.text)).toEqual([
      'first',
    ]);
    expect((await timeline(other.id)).filter((e) => e.type === 'note')).toHaveLength(0);
    expect(await auditSince(s, since)).toHaveLength(0);
  });

  it('keys are per user: another dispatcher’s request with the same key applies', async () => {
    const key = newKey();
    const a = await send<Ticket>('/api/tickets', hotline, disp, key);
    const b = await send<Ticket>('/api/tickets', hotline, disp2, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it.each([
    ['empty', ''],
    ['201 characters', 'k'.repeat(201)],
    ['a tab', 'a\tb'],
    ['a non-ASCII character', 'clé'],
  ])('refuses a key that is %s with a 400, and opens nothing', async (_name, key) => {
    const before = await ticketCount();
    const res = await send('/api/tickets', hotline, disp, key);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(String(res.body.message)).toContain('Idempotency-Key');
    expect(await ticketCount()).toBe(before);
  });

  it('takes a key of 200 printable characters', async () => {
    const key = `${'~ !'.repeat(66)}ab`;
    expect(key).toHaveLength(200);
    expect((await send('/api/tickets', hotline, disp, key)).status).toBe(201);
  });

  it('concurrent repeats of one key apply once; the others wait their turn (409) or get the first answer', async () => {
    const t = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const key = newKey();
    const since = await newestAuditId(s);
    const path = `/api/tickets/${t.id}/events`;
    const body = { type: 'note', text: '同时发送' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(path, body, disp, key)));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of answers) expect([200, 409]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.body).toMatchObject({ error: 'idempotency_in_progress' });
    for (const a of ok) expect(a.body).toStrictEqual(ok[0]?.body);
    const after = await send(path, body, disp, key);
    expect([after.status, after.body]).toStrictEqual([200, ok[0]?.body]);
    expect((await timeline(t.id)).filter((e) => e.type === 'note')).toHaveLength(1);
    expect((await auditSince(s, since)).filter((e) => e.action === 'ticket.event')).toHaveLength(1);
  });

  it('a key is kept 24 h: then the housekeeping purges it and the key applies afresh', async () => {
    const t = (await send<Ticket>('/api/tickets', hotline, disp)).body;
    const key = newKey();
    const path = `/api/tickets/${t.id}/events`;
    await send(path, { type: 'note', text: 'day one' }, disp, key);
    s.clock?.advance(23 * 3600_000);
    disp = await s.api.login('disp', 'disp-password');
    expect(
      (await send(path, { type: 'note', text: 'day one' }, disp, key)).headers.get('idempotent-replayed'),
    ).toBe('true');
    s.clock?.advance(3600_000);
    await s.app.compact();
    const now = s.clock?.now() ?? Date.now();
    expect(await s.app.store.deleteExpiredIdempotencyKeys(now)).toBe(0); // already purged
    disp = await s.api.login('disp', 'disp-password');
    expect((await send(path, { type: 'note', text: 'day one' }, disp, key)).status).toBe(200);
    expect((await timeline(t.id)).filter((e) => e.type === 'note')).toHaveLength(2);
  });

  it('a request without a key is not deduplicated', async () => {
    const before = await ticketCount();
    await send('/api/tickets', hotline, disp);
    await send('/api/tickets', hotline, disp);
    expect(await ticketCount()).toBe(before + 2);
  });
});
