// Notification channels end to end: the real server sends to local receivers on 127.0.0.1, and every
// format and signature is checked by recomputing it as each provider documents it; then the filters,
// the events (opened, escalated, SLA breached), retries, the once-only claim, and that sending never
// holds up the request that caused it.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookPayload } from '../../server/src/contracts/dto';
import type { TicketRecord } from '../../server/src/store/store';
import { DeliveryLog } from '../helpers/deliveries';
import { Receiver, type Received } from '../helpers/receiver';
import { startServer, type TestServer } from '../helpers/server';

const MIN = 60_000;
const CONSOLE = 'http://127.0.0.1:8080';
const outline = (x: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 35.6],
      [x + 0.001, 35.6],
      [x + 0.001, 35.601],
      [x, 35.6],
    ],
  ],
});

interface Channel {
  id: string;
}
type Json = Record<string, unknown>;

describe('notification channels: what is sent', () => {
  let s: TestServer;
  let rx: Receiver;
  let log: DeliveryLog;
  const channels: string[] = [];

  const addChannel = async (body: Json): Promise<string> => {
    const res = await s.api.post<Channel>('/api/notification-channels', body, s.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    channels.push(res.body.id);
    return res.body.id;
  };
  const openTicket = async (body: Json = {}): Promise<string> => {
    const res = await s.api.post<{ id: string }>(
      '/api/tickets',
      {
        category: 'electrical',
        description: '配电箱冒烟，闻到焦味',
        priority: 'P1',
        compoundId: 'gongbao',
        ...body,
      },
      s.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  const stored = async (id: string): Promise<TicketRecord> => {
    const t = await s.app.store.getTicket(id);
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  };
  const received = (path: string) => rx.requests.filter((r) => r.url.startsWith(path));
  /** The one request received at `path`. */
  const only = (path: string): Received => {
    const got = received(path);
    expect(got, path).toHaveLength(1);
    return got[0] as Received;
  };
  const last = (path: string): Received => {
    const got = received(path).at(-1);
    if (!got) throw new Error(`nothing received at ${path}`);
    return got;
  };

  beforeAll(async () => {
    rx = await new Receiver().start();
    s = await startServer({
      manualClock: true,
      env: { NOTIFY_RETRY_BASE_MS: '5', NOTIFY_ATTEMPTS: '3', PUBLIC_ORIGIN: CONSOLE },
    });
    log = new DeliveryLog(s.app.services.bus);
    for (const [id, name, x] of [
      ['gongbao', '工保小区', 116.98],
      ['qufuzhen', '曲阜镇家属院', 116.99],
    ] as const) {
      const res = await s.api.post(
        '/api/compounds',
        { id, name, outline: outline(x), address: '鲁城街道' },
        s.admin,
      );
      expect(res.status).toBe(201);
    }
  });
  afterEach(async () => {
    for (const id of channels.splice(0)) {
      expect(
        (await s.api.request('DELETE', `/api/notification-channels/${id}`, { token: s.admin })).status,
      ).toBe(204);
    }
  });
  afterAll(async () => {
    log?.off();
    await s?.stop();
    await rx?.stop();
  });

  it('signs and formats each provider’s request as that provider documents it', async () => {
    const secret = 'SECf00dbabe';
    const web = await addChannel({ type: 'webhook', name: '对接平台', url: `${rx.url}/hook`, secret });
    const ding = await addChannel({
      type: 'dingtalk',
      name: '钉钉维修群',
      url: `${rx.url}/robot/send?access_token=tok123`,
      secret,
    });
    const wecom = await addChannel({
      type: 'wecom',
      name: '企业微信群',
      url: `${rx.url}/cgi-bin/webhook/send?key=k1`,
    });
    const feishu = await addChannel({
      type: 'feishu',
      name: '飞书群',
      url: `${rx.url}/open-apis/bot/v2/hook/abc`,
      secret,
    });
    const id = await openTicket({ address: '3号楼东侧' });
    await Promise.all([web, ding, wecom, feishu].map((c) => log.done(c, id)));

    // webhook: X-Redsail-Timestamp (unix s), X-Redsail-Signature = sha256=hex HMAC(secret, ts + "." + body)
    const hook = only('/hook');
    expect(hook.method).toBe('POST');
    const ts = String(hook.headers['x-redsail-timestamp']);
    expect(ts).toMatch(/^\d{10}$/);
    const expected = createHmac('sha256', secret).update(`${ts}.${hook.body}`).digest('hex');
    expect(hook.headers['x-redsail-signature']).toBe(`sha256=${expected}`);
    expect(hook.headers['content-type']).toMatch(/^application\/json/);
    const payload = WebhookPayload.parse(JSON.parse(hook.body));
    expect(payload).toMatchObject({
      event: 'ticket.created',
      ticket: { id, priority: 'P1', compoundId: 'gongbao' },
    });
    expect(payload.level).toBeUndefined();
    expect(payload.text).toContain('工保小区');

    // DingTalk: &timestamp=<ms>&sign=<urlencode(base64 HMAC-SHA256(secret, ts + "\n" + secret))> on the URL
    const d = only('/robot/send');
    const url = new URL(d.url, rx.url);
    expect(url.searchParams.get('access_token')).toBe('tok123');
    const ms = url.searchParams.get('timestamp') ?? '';
    expect(ms).toMatch(/^\d{13}$/);
    const sign = createHmac('sha256', secret).update(`${ms}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(d.url).toContain(`&sign=${encodeURIComponent(sign)}`);
    const dingBody = JSON.parse(d.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(dingBody.msgtype).toBe('markdown');
    expect(dingBody.markdown.title).toContain(id);
    for (const part of [id, 'P1 紧急', '电力', '工保小区 · 3号楼东侧', '配电箱冒烟', `(${CONSOLE}/)`])
      expect(dingBody.markdown.text).toContain(part);

    // WeCom: {"msgtype": "markdown", "markdown": {"content"}}, no signature
    const q = only('/cgi-bin/webhook/send');
    expect(new URL(q.url, rx.url).searchParams.get('key')).toBe('k1');
    const wecomBody = JSON.parse(q.body) as { msgtype: string; markdown: { content: string } };
    expect(wecomBody.msgtype).toBe('markdown');
    expect(Object.keys(wecomBody.markdown)).toStrictEqual(['content']);
    expect(wecomBody.markdown.content).toContain(id);
    expect(wecomBody.markdown.content).toContain('工保小区');

    // Feishu: timestamp (s) and sign = base64 HMAC-SHA256 keyed by ts + "\n" + secret over "", msg_type
    const f = only('/open-apis/bot/v2/hook/abc');
    const fb = JSON.parse(f.body) as { timestamp: string; sign: string; msg_type: string; content: Json };
    expect(fb.timestamp).toMatch(/^\d{10}$/);
    expect(fb.sign).toBe(createHmac('sha256', `${fb.timestamp}\n${secret}`).update('').digest('base64'));
    expect(fb.msg_type).toBe('post');
    expect(JSON.stringify(fb.content)).toContain(id);

    // The log: one row per message, sent at the first attempt.
    const rows = await s.api.get<Json[]>(`/api/notification-channels/${ding}/deliveries`, s.admin);
    expect(rows.body).toMatchObject([
      { event: 'ticket.created', ticketId: id, attempts: 1, ok: true, status: 200 },
    ]);
  });

  it('sends only tickets at or above the minimum priority and in the channel’s compounds', async () => {
    const ch = await addChannel({
      type: 'webhook',
      name: '工保',
      url: `${rx.url}/only`,
      compoundIds: ['gongbao'],
    });
    const low = await openTicket({ priority: 'P3', description: '楼道灯不亮' });
    const elsewhere = await openTicket({ compoundId: 'qufuzhen', description: '电线打火' });
    const noPlace = await openTicket({ compoundId: undefined, description: '路边电线杆倾斜' });
    const p2 = await openTicket({ priority: 'P2', description: '配电箱门锈坏' });
    // Events are taken in order: once the P2 ticket's message is done, the others were passed over.
    await log.done(ch, p2);
    const sent = received('/only').map((r) => WebhookPayload.parse(JSON.parse(r.body)).ticket?.id);
    expect(sent).toStrictEqual([p2]);
    expect(sent).not.toContain(low);
    expect(sent).not.toContain(elsewhere);
    expect(sent).not.toContain(noPlace);
    const rows = await s.api.get<Json[]>(`/api/notification-channels/${ch}/deliveries`, s.admin);
    expect(rows.body.map((r) => r.ticketId)).toStrictEqual([p2]);
  });

  it('sends an escalation with its level and an SLA breach with its deadlines', async () => {
    const web = await addChannel({ type: 'webhook', name: 'esc', url: `${rx.url}/esc-hook` });
    const ding = await addChannel({
      type: 'dingtalk',
      name: 'esc-ding',
      url: `${rx.url}/esc-ding?access_token=t`,
    });
    const id = await openTicket({ description: '变压器异响' });
    await log.done(web, id, 'ticket.created');
    s.app.services.bus.emit('ticket:escalated', {
      ticket: await stored(id),
      level: 1,
      notify: ['supervisor'],
    });
    const esc = await log.done(web, id, 'ticket.escalated');
    expect(esc).toMatchObject({ level: 1, ok: true });
    const body = WebhookPayload.parse(JSON.parse(last('/esc-hook').body));
    expect(body).toMatchObject({ event: 'ticket.escalated', level: 1, ticket: { id } });
    await log.done(ding, id, 'ticket.escalated');
    const text = (JSON.parse(last('/esc-ding').body) as { markdown: { text: string } }).markdown.text;
    expect(text).toContain('升级（第 1 级）');

    // No van: the P1 ticket misses its respond deadline (30 min) on the controlled clock.
    s.clock?.advance(31 * MIN);
    s.app.tick();
    const breach = await log.done(web, id, 'ticket.sla_breached');
    expect(breach.ok).toBe(true);
    const b = WebhookPayload.parse(JSON.parse(last('/esc-hook').body));
    expect(b).toMatchObject({ event: 'ticket.sla_breached', deadlines: ['respond'], ticket: { id } });
    const rows = await s.api.get<Json[]>(`/api/notification-channels/${web}/deliveries`, s.admin);
    // The same tick may also have escalated the ticket for real (level 2 at 600 s: escalation.ts).
    expect(rows.body.filter((r) => r.ticketId === id).map((r) => r.event)).toEqual(
      expect.arrayContaining(['ticket.sla_breached', 'ticket.escalated', 'ticket.created']),
    );
  });

  it('retries a 5xx and a refused connection with backoff, up to NOTIFY_ATTEMPTS; never a 4xx', async () => {
    const ch = await addChannel({ type: 'webhook', name: 'retry', url: `${rx.url}/retry` });
    rx.answer('/retry', { status: 500 }, { status: 503 }, { status: 200 });
    const a = await openTicket({ description: '整栋停电' });
    expect(await log.done(ch, a)).toMatchObject({ attempts: 3, ok: true, status: 200 });
    expect(received('/retry')).toHaveLength(3);

    rx.answer('/retry', { status: 500 }, { status: 500 }, { status: 500 });
    const b = await openTicket({ description: '又停电了' });
    expect(await log.done(ch, b)).toMatchObject({ attempts: 3, ok: false, status: 500, error: 'HTTP 500' });

    rx.answer('/retry', { status: 400, body: '{"error":"bad"}' });
    const c = await openTicket({ description: '电表箱进水' });
    const refused = await log.done(ch, c);
    expect(refused).toMatchObject({ attempts: 1, ok: false, status: 400 });
    expect(log.seen.filter((d) => d.ticketId === c && d.channelId === ch)).toHaveLength(1);

    // A robot that answers 200 with an error code refused the message: not retried either.
    const ding = await addChannel({
      type: 'dingtalk',
      name: 'bad sign',
      url: `${rx.url}/bad-sign?access_token=t`,
    });
    rx.answer('/bad-sign', { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    const d = await openTicket({ description: '路灯杆漏电', compoundId: 'qufuzhen' });
    expect(await log.done(ding, d)).toMatchObject({
      attempts: 1,
      ok: false,
      status: 200,
      error: '310000 sign not match',
    });

    // Nothing listens: a network error, retried, then given up with the reason.
    const closed = await new Receiver().start();
    await closed.stop();
    const dead = await addChannel({ type: 'wecom', name: 'dead', url: `${closed.url}/x` });
    const e = await openTicket({ description: '井盖缺失' });
    const gone = await log.done(dead, e);
    expect(gone).toMatchObject({ attempts: 3, ok: false });
    expect(gone.status).toBeUndefined();
    expect(gone.error).toMatch(/ECONNREFUSED/);
    const rows = await s.api.get<Json[]>(`/api/notification-channels/${dead}/deliveries`, s.admin);
    expect(rows.body).toMatchObject([{ ticketId: e, attempts: 3, ok: false, status: null, pending: false }]);
  });

  it('claims each message once: the same event announced twice is sent once', async () => {
    const ch = await addChannel({ type: 'webhook', name: 'once', url: `${rx.url}/once` });
    const id = await openTicket({ description: '消防栓漏水', category: 'fire' });
    await log.done(ch, id);
    // Another node announcing the same change would find the claim taken.
    s.app.services.bus.emit('ticket:created', await stored(id));
    const barrier = await openTicket({ description: '消防通道被堵', category: 'fire' });
    await log.done(ch, barrier);
    const ids = received('/once').map((r) => WebhookPayload.parse(JSON.parse(r.body)).ticket?.id);
    expect(ids).toStrictEqual([id, barrier]);
  });

  it('answers the request that opened a ticket while its message is still being sent', async () => {
    const ch = await addChannel({ type: 'webhook', name: 'slow', url: `${rx.url}/slow` });
    rx.answer('/slow', { status: 200, hold: true });
    const before = rx.requests.length;
    const id = await openTicket({ description: '配电房有烟' });
    const req = await rx.nth(before + 1);
    expect(req.url).toBe('/slow');
    // The ticket is answered and the receiver has not answered yet: the message is pending.
    const rows = await s.api.get<Json[]>(`/api/notification-channels/${ch}/deliveries`, s.admin);
    expect(rows.body).toMatchObject([{ ticketId: id, attempts: 0, pending: true, status: null }]);
    rx.release();
    expect(await log.done(ch, id)).toMatchObject({ ok: true, attempts: 1 });
  });
});
