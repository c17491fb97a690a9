// Open311 GeoReport v2 intake with integration API keys (api.md v1.1 "Reports, intake and handover",
// docs/open311.md): an admin issues and revokes keys; a form-encoded request becomes a hotline ticket
// recorded as by the integration; a second report of the same problem within 50 m joins it and gets the
// same service_request_id; the status is read back; bad keys are 403 and bad input 400, creating nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, newestAuditId } from '../helpers/audit';
import { startServer, type TestServer } from '../helpers/server';
import { addVan } from '../helpers/vans';

interface Created {
  id: string;
  apiKey: string;
  source: string;
}
interface Ticket {
  id: string;
  compoundId?: string;
  status: string;
  source: string;
  category: string;
  reporter?: { name: string; phone: string };
  address?: string;
}
interface Detail extends Ticket {
  timeline: { type: string; by: string; data: Record<string, unknown> }[];
}
interface Open311Error {
  code: number;
  description: string;
}

const AT = { lat: 35.5965, lng: 116.9915 };
/** Meters north of AT, in degrees of latitude. */
const north = (m: number) => AT.lat + m / 111_195;

describe('Open311 intake', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let key = '';
  let integrationId = '';

  const open311 = (path: string, init?: RequestInit) => fetch(`${s.httpUrl}/open311/v2/${path}`, init);
  const form = (fields: Record<string, string>) =>
    open311('requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const report = (extra: Record<string, string> = {}) => ({
    api_key: key,
    service_code: 'water',
    lat: String(AT.lat),
    long: String(AT.lng),
    address_string: '工保小区 3 号楼东侧',
    description: '楼前水管破裂，水流到路上',
    first_name: '秀英',
    last_name: '王',
    phone: '13800000001',
    ...extra,
  });
  const ticketCount = async () => (await s.api.get<Ticket[]>('/api/tickets?limit=500', disp)).body.length;
  const detail = async (id: string) => (await s.api.get<Detail>(`/api/tickets/${id}`, disp)).body;
  const statusOf = async (id: string, k = key) => {
    const res = await open311(`requests/${id}.json?api_key=${encodeURIComponent(k)}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown>[] };
  };
  const ev = (id: string, body: object) => s.api.post<Detail>(`/api/tickets/${id}/events`, body, disp);

  beforeAll(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-o');
    await addVan(s, 'van-o', '一号车', AT.lat, AT.lng);
    const square = [
      [AT.lng - 0.002, AT.lat - 0.002],
      [AT.lng + 0.002, AT.lat - 0.002],
      [AT.lng + 0.002, AT.lat + 0.002],
      [AT.lng - 0.002, AT.lat + 0.002],
      [AT.lng - 0.002, AT.lat - 0.002],
    ];
    const compound = { id: 'gongbao', name: '工保小区', outline: { type: 'Polygon', coordinates: [square] } };
    expect((await s.api.post('/api/compounds', compound, s.admin)).status).toBe(201);
    const res = await s.api.post<Created>('/api/integrations', { name: '12345 市民热线' }, s.admin);
    expect(res.status).toBe(201);
    key = res.body.apiKey;
    integrationId = res.body.id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('issues a long random key, shown once; the listing never shows it or its hash', async () => {
    expect(key).toMatch(/^rsk_INT[0-9A-Z]+_[A-Za-z0-9_-]{43}$/);
    const list = await s.api.get<Record<string, unknown>[]>('/api/integrations', s.admin);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({
      id: integrationId,
      name: '12345 市民热线',
      source: 'hotline',
      createdBy: 'admin',
    });
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/hmac|secret|apiKey|hash/i);
  });

  it('the OpenAPI document describes /api/integrations', async () => {
    const doc = await s.api.get<{ paths: Record<string, object> }>('/api/openapi.json', disp);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/integrations', '/api/integrations/{id}']),
    );
  });

  it('a dispatcher or a technician cannot manage integrations (403)', async () => {
    for (const token of [disp, tech]) {
      expect((await s.api.get('/api/integrations', token)).status).toBe(403);
      expect((await s.api.post('/api/integrations', { name: 'x' }, token)).status).toBe(403);
      expect((await s.api.request('DELETE', `/api/integrations/${integrationId}`, { token })).status).toBe(
        403,
      );
    }
  });

  it('services.json lists the ticket categories as realtime services without metadata', async () => {
    const res = await open311('services.json');
    expect(res.status).toBe(200);
    const services = (await res.json()) as Record<string, unknown>[];
    expect(services.map((x) => x.service_code)).toEqual([
      'electrical',
      'lighting',
      'camera',
      'water',
      'heating',
      'fire',
      'other',
    ]);
    expect(services[3]).toMatchObject({ service_name: '供水', metadata: false, type: 'realtime' });
    const en = (await (await open311('services.json?locale=en')).json()) as Record<string, unknown>[];
    expect(en[3]).toMatchObject({ service_name: 'Water' });
  });

  let first = '';

  it('a form-encoded request becomes a hotline ticket with the reporter, created by the integration', async () => {
    const since = await newestAuditId(s);
    const res = await form(report());
    expect(res.status).toBe(201);
    const [answer] = (await res.json()) as { service_request_id: string }[];
    first = answer?.service_request_id ?? '';
    const t = await detail(first);
    expect(t).toMatchObject({
      status: 'new',
      source: 'hotline',
      category: 'water',
      reporter: { name: '王秀英', phone: '13800000001' },
      address: '工保小区 3 号楼东侧',
      compoundId: 'gongbao',
    });
    expect(t.timeline[0]).toMatchObject({ type: 'created', by: `integration:${integrationId}` });
    const listed = (await s.api.get<Ticket[]>('/api/tickets?source=hotline', disp)).body.map((x) => x.id);
    expect(listed).toContain(first);
    const audit = await auditSince(s, since);
    expect(audit).toContainEqual(
      expect.objectContaining({
        actor: `integration:${integrationId}`,
        action: 'open311.create',
        entityId: first,
      }),
    );
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('a second report 20 m away of the same service joins the ticket: the same service_request_id', async () => {
    const before = await ticketCount();
    const res = await form(
      report({ lat: String(north(20)), phone: '13900000002', first_name: '强', last_name: '李' }),
    );
    expect(res.status).toBe(201);
    const [answer] = (await res.json()) as { service_request_id: string; service_notice?: string }[];
    expect(answer?.service_request_id).toBe(first);
    expect(answer?.service_notice).toContain(first);
    expect(await ticketCount()).toBe(before);
    const link = (await detail(first)).timeline.find((e) => e.type === 'link');
    expect(link).toMatchObject({ by: `integration:${integrationId}` });
  });

  it('a report 80 m away, or of another service, opens a ticket of its own', async () => {
    const far = (await (await form(report({ lat: String(north(80)) }))).json()) as {
      service_request_id: string;
    }[];
    const other = (await (await form(report({ service_code: 'lighting' }))).json()) as {
      service_request_id: string;
    }[];
    expect(far[0]?.service_request_id).not.toBe(first);
    expect(other[0]?.service_request_id).not.toBe(first);
    expect(far[0]?.service_request_id).not.toBe(other[0]?.service_request_id);
  });

  it('requests/{id}.json says open, then closed once resolved and called back; never the caller', async () => {
    const open = await statusOf(first);
    expect(open.status).toBe(200);
    expect(open.body[0]).toMatchObject({ service_request_id: first, status: 'open', service_code: 'water' });
    expect(JSON.stringify(open.body)).not.toMatch(/13800000001|王秀英/);
    for (const body of [{ type: 'dispatch', vanId: 'van-o' }, { type: 'accept' }, { type: 'arrive' }])
      expect((await ev(first, body)).status).toBe(200);
    expect((await ev(first, { type: 'resolve', note: '更换破裂水管' })).status).toBe(200);
    expect((await statusOf(first)).body[0]).toMatchObject({ status: 'open' });
    // Every caller (the joined report's too) is called back; the last callback closes it.
    const callers = ((await detail(first)) as Detail & { callers?: { phone: string }[] }).callers ?? [];
    expect(callers.length).toBeGreaterThan(1);
    for (const [i, c] of callers.entries()) {
      if (i > 0) expect((await statusOf(first)).body[0]).toMatchObject({ status: 'open' });
      const called = await ev(first, { type: 'callback', satisfaction: 'satisfied', phone: c.phone });
      expect(called.status, JSON.stringify(called.body)).toBe(200);
    }
    const closed = await statusOf(first);
    expect(closed.body[0]).toMatchObject({ status: 'closed' });
    expect(closed.body[0]?.status_notes).toContain('更换破裂水管');
  });

  it('a cancelled ticket reads as closed, with the reason; an unknown id is 404 in the Open311 format', async () => {
    const res = await form(report({ service_code: 'camera' }));
    const [answer] = (await res.json()) as { service_request_id: string }[];
    const id = answer?.service_request_id ?? '';
    expect((await ev(id, { type: 'cancel', reason: '重复报修' })).status).toBe(200);
    const st = await statusOf(id);
    expect(st.body[0]).toMatchObject({ status: 'closed' });
    expect(st.body[0]?.status_notes).toContain('重复报修');
    const list = await open311(
      `requests.json?api_key=${encodeURIComponent(key)}&service_request_id=${id},${first}`,
    );
    expect(
      ((await list.json()) as { service_request_id: string }[]).map((x) => x.service_request_id).sort(),
    ).toEqual([id, first].sort());
    const range = await open311(
      `requests.json?api_key=${encodeURIComponent(key)}&status=closed&start_date=${encodeURIComponent(
        new Date(Date.now() - 3600_000).toISOString(),
      )}`,
    );
    const closedIds = ((await range.json()) as { service_request_id: string }[]).map(
      (x) => x.service_request_id,
    );
    expect(closedIds.sort()).toEqual([id, first].sort());
    const tooLong = await open311(
      `requests.json?api_key=${encodeURIComponent(key)}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
    );
    expect(tooLong.status).toBe(400);
    const missing = await statusOf('T-none');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.any(String) as string }]);
  });

  it('400 naming the field for a bad service_code, bad lat, no location or a bad phone; nothing created', async () => {
    const before = await ticketCount();
    const cases: [Record<string, string>, string][] = [
      [report({ service_code: 'potholes' }), 'service_code'],
      [report({ lat: 'north' }), 'lat'],
      [report({ lat: '', long: '', address_string: '' }), 'lat'],
      [report({ phone: '12345' }), 'phone'],
    ];
    for (const [fields, name] of cases) {
      const res = await form(fields);
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as Open311Error[];
      expect(body[0]?.code).toBe(400);
      expect(body[0]?.description).toContain(name);
    }
    expect(await ticketCount()).toBe(before);
  });

  it('403 without a key, with a wrong key and with a revoked key; nothing created', async () => {
    const before = await ticketCount();
    const { api_key: _k, ...keyless } = report();
    const wrong = `${key.slice(0, -4)}AAAA`;
    for (const fields of [keyless, report({ api_key: wrong }), report({ api_key: 'rsk_nothing' })]) {
      const res = await form(fields);
      expect(res.status).toBe(403);
      expect(((await res.json()) as Open311Error[])[0]?.code).toBe(403);
    }
    expect((await statusOf(first, wrong)).status).toBe(403);
    const since = await newestAuditId(s);
    expect(
      (await s.api.request('DELETE', `/api/integrations/${integrationId}`, { token: s.admin })).status,
    ).toBe(204);
    expect(
      (await s.api.request('DELETE', `/api/integrations/${integrationId}`, { token: s.admin })).status,
    ).toBe(204);
    expect((await s.api.request('DELETE', '/api/integrations/INT-none', { token: s.admin })).status).toBe(
      404,
    );
    expect((await form(report())).status).toBe(403);
    expect((await statusOf(first)).status).toBe(403);
    expect(await ticketCount()).toBe(before);
    const listed = (await s.api.get<Record<string, unknown>[]>('/api/integrations', s.admin)).body[0];
    expect(listed).toMatchObject({ revokedBy: 'admin', revokedAt: expect.any(String) as string });
    expect(listed?.lastUsedAt).toEqual(expect.any(String));
    const audit = await auditSince(s, since);
    expect(audit.filter((e) => e.action === 'integration.revoke')).toHaveLength(2);
  });

  it('services/{code}.json is 404 (metadata is false); an over-large body is 413; both in the Open311 format', async () => {
    const def = await open311('services/water.json');
    expect(def.status).toBe(404);
    expect(((await def.json()) as Open311Error[])[0]?.code).toBe(404);
    const big = await form(report({ description: '漏'.repeat(20_000) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as Open311Error[])[0]?.code).toBe(413);
  });

  it('a JSON body is read too; a malformed one is 400 in the Open311 format; nothing created', async () => {
    const before = await ticketCount();
    const post = (body: string) =>
      open311('requests.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const bad = await post('{"api_key": "x", "service_code": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Open311Error[])[0]).toEqual({
      code: 400,
      description: expect.stringContaining('not valid JSON') as string,
    });
    expect(await ticketCount()).toBe(before);
    const fresh = await s.api.post<Created>('/api/integrations', { name: 'JSON 接口' }, s.admin);
    const ok = await post(
      JSON.stringify(
        report({ api_key: fresh.body.apiKey, service_code: 'heating', lat: String(north(500)) }),
      ),
    );
    expect(ok.status).toBe(201);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('a key of the grid workers’ app files grid tickets', async () => {
    const res = await s.api.post<Created>(
      '/api/integrations',
      { name: '网格员 App', source: 'grid' },
      s.admin,
    );
    expect(res.body.source).toBe('grid');
    const filed = (await (
      await form(report({ api_key: res.body.apiKey, service_code: 'heating' }))
    ).json()) as { service_request_id: string }[];
    expect((await detail(filed[0]?.service_request_id ?? '')).source).toBe('grid');
  });
});
