// /api/notification-channels: what each route answers, every 4xx (with nothing changed), secrets and
// robot tokens never returned, the audit entries, the send-test result, and the delivery log's paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelDto, DeliveryDto } from '../../server/src/contracts/dto';
import { auditSince, newestAuditId } from '../helpers/audit';
import { Receiver } from '../helpers/receiver';
import { startServer, type TestServer } from '../helpers/server';

const BASE = '/api/notification-channels';
type Json = Record<string, unknown>;

describe('notification channel routes', () => {
  let s: TestServer;
  let rx: Receiver;
  const list = async () => (await s.api.get<unknown[]>(BASE, s.admin)).body.map((c) => ChannelDto.parse(c));
  const create = (body: unknown) => s.api.post<Json>(BASE, body, s.admin);

  beforeAll(async () => {
    rx = await new Receiver().start();
    s = await startServer();
    const outline = {
      type: 'Polygon',
      coordinates: [
        [
          [116.98, 35.6],
          [116.981, 35.6],
          [116.981, 35.601],
          [116.98, 35.6],
        ],
      ],
    };
    expect(
      (await s.api.post('/api/compounds', { id: 'gongbao', name: '工保小区', outline }, s.admin)).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await s?.stop();
    await rx?.stop();
  });

  it('creates a channel (P2 by default), lists it without its secret and with the robot token cut', async () => {
    const since = await newestAuditId(s);
    const res = await create({
      type: 'dingtalk',
      name: ' 维修群 ',
      url: `${rx.url}/robot/send?access_token=0123456789abcdef`,
      secret: 'SECsupersecret',
      compoundIds: ['gongbao', 'gongbao'],
    });
    expect(res.status).toBe(201);
    const dto = ChannelDto.parse(res.body);
    expect(dto).toMatchObject({ type: 'dingtalk', name: '维修群', minPriority: 'P2', hasSecret: true });
    expect(dto.compoundIds).toStrictEqual(['gongbao']);
    expect(dto.url).toBe(`${rx.url}/robot/send?access_token=0123…`);
    const listed = await list();
    expect(listed).toStrictEqual([dto]);
    const text = JSON.stringify((await s.api.get(BASE, s.admin)).body);
    expect(text).not.toContain('SECsupersecret');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('"secret"');
    const [entry, ...more] = await auditSince(s, since);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      action: 'channel.create',
      entity: 'channel',
      entityId: dto.id,
      actor: 'admin',
    });
    expect(JSON.stringify(entry)).not.toContain('SECsupersecret');
    expect(JSON.stringify(entry)).not.toContain('0123456789abcdef');
    expect(JSON.stringify(entry?.data)).toContain('维修群');
  });

  it.each([
    ['an unknown type', { type: 'slack', name: 'x', url: 'https://example.cn/x' }, 'type'],
    ['no name', { type: 'webhook', url: 'https://example.cn/x' }, 'name'],
    ['a blank name', { type: 'webhook', name: '  ', url: 'https://example.cn/x' }, 'name'],
    ['no url', { type: 'webhook', name: 'x' }, 'url'],
    ['an ftp url', { type: 'webhook', name: 'x', url: 'ftp://example.cn/x' }, 'url'],
    ['not a url', { type: 'webhook', name: 'x', url: 'example' }, 'url'],
    ['a url with a password', { type: 'webhook', name: 'x', url: 'https://u:p@example.cn/x' }, 'url'],
    ['an empty secret', { type: 'webhook', name: 'x', url: 'https://example.cn/x', secret: '' }, 'secret'],
    [
      'a bad priority',
      { type: 'webhook', name: 'x', url: 'https://example.cn/x', minPriority: 'P9' },
      'minPriority',
    ],
    [
      'an empty compound list',
      { type: 'webhook', name: 'x', url: 'https://example.cn/x', compoundIds: [] },
      'compoundIds',
    ],
    [
      'an unknown compound',
      { type: 'webhook', name: 'x', url: 'https://example.cn/x', compoundIds: ['nope'] },
      'nope',
    ],
    ['an unknown field', { type: 'webhook', name: 'x', url: 'https://example.cn/x', token: 'y' }, 'token'],
    ['not an object', [1, 2], 'body'],
  ])('refuses %s with 400 and creates nothing', async (_what, body, field) => {
    const before = (await list()).length;
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    expect(String(res.body.message)).toContain(field);
    expect(await list()).toHaveLength(before);
  });

  it('answers 404 for a channel that does not exist, on every route', async () => {
    for (const [method, path] of [
      ['DELETE', `${BASE}/nope`],
      ['POST', `${BASE}/nope/test`],
      ['GET', `${BASE}/nope/deliveries`],
    ] as const) {
      const res = await s.api.request(method, path, { token: s.admin });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found' });
    }
  });

  it('sends a test now and answers with the result: ok, or the provider’s refusal (one attempt)', async () => {
    const res = await create({ type: 'webhook', name: '测试', url: `${rx.url}/test-hook`, secret: 'k' });
    const id = String(res.body.id);
    const since = await newestAuditId(s);
    const ok = await s.api.post<Json>(`${BASE}/${id}/test`, {}, s.admin);
    expect(ok.status).toBe(200);
    expect(DeliveryDto.parse(ok.body)).toMatchObject({
      event: 'test',
      ticketId: null,
      attempts: 1,
      ok: true,
      status: 200,
      pending: false,
    });
    const got = rx.requests.at(-1);
    expect(got?.url).toBe('/test-hook');
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ event: 'test' });
    rx.answer('/test-hook', { status: 502 });
    const bad = await s.api.post<Json>(`${BASE}/${id}/test`, {}, s.admin);
    expect(bad.body).toMatchObject({ attempts: 1, ok: false, status: 502, error: 'HTTP 502' });
    const entries = await auditSince(s, since);
    expect(entries.map((e) => [e.action, e.entityId])).toStrictEqual([
      ['channel.test', id],
      ['channel.test', id],
    ]);
    expect(entries.map((e) => e.data)).toMatchObject([
      { ok: true, status: 200 },
      { ok: false, status: 502 },
    ]);
  });

  it('pages the delivery log newest first (X-Next-Before) and refuses a bad limit', async () => {
    const res = await create({ type: 'wecom', name: 'paging', url: `${rx.url}/paging` });
    const id = String(res.body.id);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++)
      sent.push(String((await s.api.post<Json>(`${BASE}/${id}/test`, {}, s.admin)).body.id));
    const page1 = await s.api.get<Json[]>(`${BASE}/${id}/deliveries?limit=2`, s.admin);
    expect(page1.status).toBe(200);
    expect(page1.body.map((d) => d.id)).toStrictEqual([sent[2], sent[1]]);
    const next = page1.headers.get('x-next-before');
    expect(next).toBe(sent[1]);
    const page2 = await s.api.get<Json[]>(`${BASE}/${id}/deliveries?limit=2&before=${next}`, s.admin);
    expect(page2.body.map((d) => d.id)).toStrictEqual([sent[0]]);
    expect(page2.headers.get('x-next-before')).toBeNull();
    for (const q of ['limit=0', 'limit=201', 'limit=x', 'before=']) {
      const bad = await s.api.get<Json>(`${BASE}/${id}/deliveries?${q}`, s.admin);
      expect(bad.status, q).toBe(400);
      expect(bad.body).toMatchObject({ error: 'bad_request' });
    }
  });

  it('deletes a channel with its log (audited); the second delete is 404', async () => {
    const res = await create({ type: 'feishu', name: 'gone', url: `${rx.url}/open-apis/bot/v2/hook/x` });
    const id = String(res.body.id);
    await s.api.post(`${BASE}/${id}/test`, {}, s.admin);
    const since = await newestAuditId(s);
    expect((await s.api.request('DELETE', `${BASE}/${id}`, { token: s.admin })).status).toBe(204);
    expect((await auditSince(s, since)).map((e) => [e.action, e.entityId])).toStrictEqual([
      ['channel.delete', id],
    ]);
    expect((await list()).map((c) => c.id)).not.toContain(id);
    expect(await s.app.store.listDeliveries(id)).toStrictEqual([]);
    expect((await s.api.request('DELETE', `${BASE}/${id}`, { token: s.admin })).status).toBe(404);
  });
});
