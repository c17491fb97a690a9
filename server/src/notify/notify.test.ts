// Unit specs of the pure parts of notifications: which channels want an event, the backoff, the
// message text, the providers' verdicts and the URL as the API shows it.
import { describe, expect, it } from 'vitest';
import type { ChannelRecord, TicketRecord } from '../store/store';
import { backoffMs, wants } from './attempt';
import { maskUrl } from './channels';
import { composeMessage, deliveryKey } from './message';
import { dingtalkRequest, feishuRequest, verdict, wecomRequest } from './providers';

const T0 = Date.UTC(2026, 11, 7, 4, 0, 0);
const ticket = (extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T261207-ABCDEF',
  status: 'new',
  priority: 'P1',
  source: 'hotline',
  category: 'electrical',
  description: '配电箱冒烟\n闻到焦味',
  compoundId: 'gongbao',
  createdAt: T0,
  updatedAt: T0,
  respondBy: T0 + 1,
  resolveBy: T0 + 2,
  ...extra,
});
const channel = (extra: Partial<ChannelRecord> = {}): ChannelRecord => ({
  id: 'N1',
  type: 'dingtalk',
  name: '群',
  url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
  minPriority: 'P2',
  createdBy: 'admin',
  createdAt: T0,
  ...extra,
});

describe('wants', () => {
  it('takes tickets at or above the minimum priority, in the named compounds if any', () => {
    const created = (t: Partial<TicketRecord>) => ({ event: 'ticket.created' as const, ticket: ticket(t) });
    expect(wants(channel(), created({ priority: 'P1' }))).toBe(true);
    expect(wants(channel(), created({ priority: 'P2' }))).toBe(true);
    expect(wants(channel(), created({ priority: 'P3' }))).toBe(false);
    const only = channel({ compoundIds: ['gongbao'] });
    expect(wants(only, created({}))).toBe(true);
    expect(wants(only, created({ compoundId: 'qufuzhen' }))).toBe(false);
    const { compoundId: _c, ...nowhere } = ticket();
    expect(wants(only, { event: 'ticket.escalated', ticket: nowhere, level: 1 })).toBe(false);
    expect(wants(only, { event: 'test' })).toBe(true);
  });
});

describe('backoff and keys', () => {
  it('doubles the wait from the base', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(100, n))).toStrictEqual([100, 200, 400, 800]);
  });
  it('keys a message by event, ticket and level or deadlines', () => {
    expect(deliveryKey({ event: 'ticket.created', ticket: ticket() }, '')).toBe(
      'ticket.created:T261207-ABCDEF',
    );
    expect(deliveryKey({ event: 'ticket.escalated', ticket: ticket(), level: 2 }, '')).toBe(
      'ticket.escalated:T261207-ABCDEF:2',
    );
    expect(
      deliveryKey({ event: 'ticket.sla_breached', ticket: ticket(), deadlines: ['resolve', 'respond'] }, ''),
    ).toBe('ticket.sla_breached:T261207-ABCDEF:resolve,respond');
  });
});

describe('composeMessage', () => {
  it('names the ticket, priority, category, place and what happened, in one line each, and links', () => {
    const m = composeMessage(
      { event: 'ticket.created', ticket: ticket({ address: '3号楼' }) },
      { compoundName: '工保小区', consoleUrl: 'https://redsail.example.cn/' },
    );
    expect(m.title).toBe('【P1 紧急】新工单 T261207-ABCDEF');
    expect(m.lines).toStrictEqual([
      '新工单',
      '工单：T261207-ABCDEF',
      '优先级：P1 紧急',
      '类别：电力',
      '地点：工保小区 · 3号楼',
      '情况：配电箱冒烟 闻到焦味',
      '调度台：https://redsail.example.cn/',
    ]);
    expect(m.markdown).toContain('[打开调度台](https://redsail.example.cn/)');
  });
  it('leaves the link and the place out when there are none', () => {
    const { compoundId: _c, ...t } = ticket();
    const m = composeMessage({ event: 'ticket.sla_breached', ticket: t, deadlines: ['respond'] }, {});
    expect(m.lines[0]).toBe('工单超时：到场时限已过');
    expect(m.markdown).not.toContain('调度台');
    expect(m.lines.some((l) => l.startsWith('地点'))).toBe(false);
  });
});

describe('providers', () => {
  const msg = composeMessage({ event: 'test' }, {});
  it('adds DingTalk’s timestamp and sign to the URL only with a secret', () => {
    expect(dingtalkRequest(channel(), { event: 'test' }, msg, T0).url).toBe(channel().url);
    const signed = dingtalkRequest(channel({ secret: 's' }), { event: 'test' }, msg, T0).url;
    expect(signed).toMatch(new RegExp(`access_token=abc&timestamp=${T0}&sign=[A-Za-z0-9%]+$`));
  });
  it('builds WeCom markdown and Feishu post bodies', () => {
    expect(JSON.parse(wecomRequest(channel({ type: 'wecom' }), { event: 'test' }, msg).body)).toStrictEqual({
      msgtype: 'markdown',
      markdown: { content: msg.markdown },
    });
    const fb = JSON.parse(
      feishuRequest(channel({ type: 'feishu' }), { event: 'test' }, msg, T0).body,
    ) as object;
    expect(fb).not.toHaveProperty('sign');
    expect(fb).toMatchObject({ msg_type: 'post', content: { post: { zh_cn: { title: msg.title } } } });
  });
  it('reads a robot’s error code in a 200 answer as a refusal', () => {
    expect(verdict('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toStrictEqual({ ok: true });
    expect(verdict('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toStrictEqual({
      ok: false,
      error: '93000 invalid webhook url',
    });
    expect(verdict('feishu', 200, '{"code":19021,"msg":"sign match fail"}').ok).toBe(false);
    expect(verdict('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}').ok).toBe(true);
    expect(verdict('webhook', 204, '')).toStrictEqual({ ok: true });
    expect(verdict('webhook', 404, '')).toStrictEqual({ ok: false, error: 'HTTP 404' });
  });
});

describe('maskUrl', () => {
  it('cuts query values and a long last path segment to 4 characters', () => {
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=0123456789')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=0123…',
    );
    expect(maskUrl('https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d…',
    );
    expect(maskUrl('http://127.0.0.1:9000/hook')).toBe('http://127.0.0.1:9000/hook');
  });
});
