// Web Push end to end: a fake push service on 127.0.0.1 receives what the server sends, decrypts it
// with the subscription's private key and checks the VAPID JWT; the routes' 4xx; the 410 drop; the
// escalation push to the users it names; a disabled user's subscriptions dropped; the key kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushMessage } from '../../server/src/contracts/dto';
import { metricValue } from '../helpers/metrics';
import {
  browserKeys,
  decryptPush,
  FakePushService,
  readVapid,
  subscriptionJson,
  type BrowserKeys,
  type ReceivedPush,
} from '../helpers/push-service';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const A = { lat: 35.6, lng: 116.975 };
const B = { lat: 35.6, lng: 117.005 };
const SUBJECT = 'mailto:ops@qufu.example';
const outline = (c: { lat: number; lng: number }) => ({
  type: 'Polygon',
  coordinates: [
    [
      [c.lng - 0.001, c.lat - 0.001],
      [c.lng + 0.001, c.lat - 0.001],
      [c.lng + 0.001, c.lat + 0.001],
      [c.lng - 0.001, c.lat + 0.001],
      [c.lng - 0.001, c.lat - 0.001],
    ],
  ],
});

describe('Web Push', () => {
  let s: TestServer;
  let fake: FakePushService;
  const tokens: Record<string, string> = {};
  const keys: Record<string, BrowserKeys> = {};
  const vans: TestVan[] = [];
  let publicKey = '';

  const subscribe = (name: string, user: string) => {
    keys[name] ??= browserKeys();
    return s.api.post(
      '/api/push/subscriptions',
      subscriptionJson(fake.endpoint(name), keys[name]),
      tokens[user],
    );
  };
  const message = (name: string, r: ReceivedPush) =>
    PushMessage.parse(JSON.parse(decryptPush(r.body, keys[name]!)));
  const pushed = (name: string, pred: (m: PushMessage) => boolean) =>
    fake.next(name, (r) => pred(message(name, r)));
  const endpoints = async (user: string) =>
    (await s.app.store.listPushSubscriptions([user])).map((x) =>
      x.endpoint.replace(`${fake.origin}/push/`, ''),
    );
  const ticket = async (body: object) => {
    const res = await s.api.post<{ id: string; vanId?: string }>('/api/tickets', body, tokens.disp);
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    fake = await new FakePushService().start();
    s = await startServer({ env: { PUSH_ALLOW_HTTP_LOOPBACK: 'true', VAPID_SUBJECT: SUBJECT } });
    tokens.disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tokens.sup = await s.api.userToken(s.admin, 'sup', 'dispatcher');
    tokens['tech-a'] = await s.api.userToken(s.admin, 'tech-a', 'technician', 'van-a');
    tokens['tech-a2'] = await s.api.userToken(s.admin, 'tech-a2', 'technician', 'van-a');
    tokens['tech-b'] = await s.api.userToken(s.admin, 'tech-b', 'technician', 'van-b');
    vans.push(
      await addVan(s, 'van-a', '一号车', A.lat, A.lng),
      await addVan(s, 'van-b', '二号车', B.lat, B.lng),
    );
    const c = await s.api.post(
      '/api/compounds',
      { id: 'gongbao', name: '工保小区', outline: outline(A), address: '龙虎社区' },
      s.admin,
    );
    expect(c.status).toBe(201);
    publicKey = (await s.api.get<{ publicKey: string }>('/api/push/key', tokens['tech-a'])).body.publicKey;
  });
  afterAll(async () => {
    for (const v of vans) await v.client.endAsync();
    await s?.stop();
    await fake?.stop();
  });

  it('gives any logged-in user the VAPID public key, an uncompressed P-256 point', async () => {
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(publicKey, 'base64url')[0]).toBe(4);
    const viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    expect((await s.api.get('/api/push/key', viewer)).body).toStrictEqual({ publicKey });
    expect((await s.api.get('/api/push/key')).status).toBe(401);
  });

  it('refuses bad subscriptions with a 400 naming the problem, and stores none of them', async () => {
    const k = subscriptionJson(fake.endpoint('x'), browserKeys()).keys;
    const bad: [object, RegExp][] = [
      [{}, /endpoint/],
      [{ endpoint: 'not a url', keys: k }, /endpoint must be a URL/],
      [{ endpoint: 'http://push.example.com/x', keys: k }, /https/],
      [{ endpoint: 'https://10.0.0.7/x', keys: k }, /public host name/],
      [{ endpoint: 'https://[::1]/x', keys: k }, /public host name/],
      [{ endpoint: 'https://localhost/x', keys: k }, /public host name/],
      [{ endpoint: 'https://push.example.com:8443/x', keys: k }, /default port/],
      [{ endpoint: 'https://u:p@push.example.com/x', keys: k }, /user or password/],
      [{ endpoint: `https://push.example.com/${'x'.repeat(2100)}`, keys: k }, /2048/],
      [{ endpoint: fake.endpoint('x') }, /keys/],
      [
        { endpoint: fake.endpoint('x'), keys: { ...k, p256dh: k.p256dh.slice(4) } },
        /p256dh must be 65 bytes/,
      ],
      [{ endpoint: fake.endpoint('x'), keys: { ...k, p256dh: 'C' + k.p256dh.slice(1) } }, /uncompressed/],
      [{ endpoint: fake.endpoint('x'), keys: { ...k, auth: 'AAAA' } }, /auth must be 16 bytes/],
      [{ endpoint: fake.endpoint('x'), keys: { ...k, auth: 'not+base64/url==' } }, /base64url/],
    ];
    for (const [body, why] of bad) {
      const res = await s.api.post<{ error: string; message: string }>(
        '/api/push/subscriptions',
        body,
        tokens['tech-a'],
      );
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.message).toMatch(why);
    }
    const noToken = await s.api.post(
      '/api/push/subscriptions',
      subscriptionJson(fake.endpoint('x'), browserKeys()),
    );
    expect(noToken.status).toBe(401);
    expect(await endpoints('tech-a')).toStrictEqual([]);
  });

  it('subscribes (201) and unsubscribes (204) only one’s own endpoint: 404 otherwise, 400 without one', async () => {
    expect((await subscribe('t', 'tech-a')).status).toBe(201);
    expect(await endpoints('tech-a')).toStrictEqual(['t']);
    const del = (body: unknown, user: string) =>
      s.api.request('DELETE', '/api/push/subscriptions', { body, token: tokens[user] });
    expect((await del({ endpoint: fake.endpoint('t') }, 'tech-b')).status).toBe(404);
    expect((await del({}, 'tech-a')).status).toBe(400);
    expect(
      (await s.api.request('DELETE', '/api/push/subscriptions', { body: { endpoint: fake.endpoint('t') } }))
        .status,
    ).toBe(401);
    expect(await endpoints('tech-a')).toStrictEqual(['t']);
    expect((await del({ endpoint: fake.endpoint('t') }, 'tech-a')).status).toBe(204);
    expect((await del({ endpoint: fake.endpoint('t') }, 'tech-a')).status).toBe(404);
    expect(await endpoints('tech-a')).toStrictEqual([]);
  });

  it("pushes an assignment, encrypted and VAPID-signed, to every subscription of the van's technicians", async () => {
    for (const [name, user] of [
      ['a1', 'tech-a'],
      ['a1-phone', 'tech-a'],
      ['a2', 'tech-a2'],
      ['b1', 'tech-b'],
      ['d1', 'disp'],
      ['s1', 'sup'],
    ] as const)
      expect((await subscribe(name, user)).status).toBe(201);

    const id = await ticket({
      category: 'electrical',
      priority: 'P1',
      description: '配电箱冒烟',
      compoundId: 'gongbao',
      address: '3号楼东',
      lat: A.lat + 0.0005,
      lng: A.lng,
    });
    for (const name of ['a1', 'a1-phone', 'a2']) {
      const r = await pushed(name, (m) => m.ticketId === id);
      expect(message(name, r)).toMatchObject({
        kind: 'assignment',
        ticketId: id,
        priority: 'P1',
        category: 'electrical',
        place: '工保小区 · 3号楼东',
        url: '/tech',
        title: { zh: 'P1 新派工单：电力', en: 'P1 new job: Electrical' },
      });
      expect(r.headers).toMatchObject({
        ttl: '900',
        urgency: 'high',
        topic: id,
        'content-encoding': 'aes128gcm',
        'content-type': 'application/octet-stream',
      });
      const v = readVapid(r.headers.authorization);
      expect(v.k).toBe(publicKey);
      expect(v.signatureOk).toBe(true);
      expect(v.header).toMatchObject({ typ: 'JWT', alg: 'ES256' });
      expect(v.claims.aud).toBe(fake.origin);
      expect(v.claims.sub).toBe(SUBJECT);
      expect(v.claims.exp).toBeGreaterThan(Date.now() / 1000);
      expect(v.claims.exp).toBeLessThanOrEqual(Date.now() / 1000 + 24 * 3600);
    }

    // Barrier: van B's job reaches tech-b after anything about the first would have; P3 is normal.
    const other = await ticket({ category: 'lighting', priority: 'P3', description: '路灯不亮', ...B });
    const rb = await pushed('b1', (m) => m.ticketId === other);
    expect(rb.headers).toMatchObject({ ttl: '14400', urgency: 'normal' });
    expect(message('b1', rb).place).toBeUndefined();
    expect(message('b1', rb).body.en).toBe(`no place given · ticket ${other}`);
    await s.app.services.push.idle();
    expect(fake.to('b1')).toHaveLength(1);
    expect([...fake.to('d1'), ...fake.to('s1')]).toStrictEqual([]);
    expect(fake.to('a1').map((r) => message('a1', r).ticketId)).toStrictEqual([id]);
    expect(await metricValue(s, 'redsail_push_sent_total', { result: 'delivered' })).toBe(4);
  });

  it('pushes an escalation to each user it names; a 410 drops that subscription, a 500 is counted', async () => {
    const t = (await s.app.store.listTickets({ status: ['dispatched'] })).find((x) => x.priority === 'P1');
    expect(t).toBeDefined();
    if (!t) return;
    fake.answer('a2', 410);
    fake.answer('s1', 500);
    s.app.services.bus.emit('ticket:escalated', {
      ticket: t,
      level: 2,
      notify: ['sup', 'tech-a2', 'sup', 'nobody'],
    });
    const r = await pushed('s1', (m) => m.kind === 'escalation');
    expect(message('s1', r)).toMatchObject({
      kind: 'escalation',
      ticketId: t.id,
      level: 2,
      title: { zh: '工单升级（2级）：P1 电力', en: 'Escalated (level 2): P1 Electrical' },
      body: { en: `工保小区 · 3号楼东 · ticket ${t.id} not accepted in time` },
    });
    expect(r.headers).toMatchObject({ urgency: 'high', ttl: '900' });
    expect(readVapid(r.headers.authorization).signatureOk).toBe(true);
    await pushed('a2', (m) => m.kind === 'escalation');
    await s.app.services.push.idle();
    expect(fake.to('s1')).toHaveLength(1); // named twice, pushed once
    expect(await endpoints('tech-a2')).toStrictEqual([]); // 410: gone
    expect(await endpoints('sup')).toStrictEqual(['s1']); // 500: kept
    expect(fake.to('a1').filter((x) => message('a1', x).kind === 'escalation')).toStrictEqual([]);
    expect(await metricValue(s, 'redsail_push_sent_total', { result: 'gone' })).toBe(1);
    expect(await metricValue(s, 'redsail_push_sent_total', { result: 'failed' })).toBe(1);
  });

  it('pushes an escalation with nobody on call to every dispatcher', async () => {
    const t = (await s.app.store.listTickets({ status: ['dispatched'] })).find((x) => x.priority === 'P1');
    if (!t) throw new Error('a dispatched P1 expected');
    s.app.services.bus.emit('ticket:escalated', { ticket: t, level: 1, notify: [] });
    const r = await pushed('d1', (m) => m.kind === 'escalation' && m.level === 1);
    expect(message('d1', r)).toMatchObject({ kind: 'escalation', ticketId: t.id, level: 1 });
    await s.app.services.push.idle();
    expect(fake.to('a1').filter((x) => message('a1', x).kind === 'escalation')).toStrictEqual([]);
  });

  it("drops a disabled user's subscriptions; a password change keeps them", async () => {
    const pw = await s.api.request('PATCH', '/api/users/tech-a', {
      body: { password: 'a-new-password-9' },
      token: s.admin,
    });
    expect(pw.status).toBe(200);
    const off = await s.api.request('PATCH', '/api/users/tech-b', {
      body: { disabled: true },
      token: s.admin,
    });
    expect(off.status).toBe(200);
    await s.app.services.push.idle();
    expect(await endpoints('tech-b')).toStrictEqual([]);
    expect(await endpoints('tech-a')).toStrictEqual(['a1', 'a1-phone']);
  });

  it('keeps its VAPID keys across a restart', async () => {
    const dataDir = s.dataDir;
    for (const v of vans.splice(0)) await v.client.endAsync();
    await s.stop({ keepData: true });
    s = await startServer({ dataDir, env: { PUSH_ALLOW_HTTP_LOOPBACK: 'true' } });
    const token = await s.api.login('disp', 'disp-password');
    expect((await s.api.get('/api/push/key', token)).body).toStrictEqual({ publicKey });
  });
});
