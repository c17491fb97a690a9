// One pure function per provider: a message → the HTTP request that provider documents (URL, headers,
// body, signature), and how to read its answer. No I/O; `now` is passed in.
//   webhook   JSON {event, ticket, level?, deadlines?, text}; X-Redsail-Timestamp (unix s) and
//             X-Redsail-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//   dingtalk  custom robot (自定义机器人, 加签): &timestamp=<ms>&sign=<urlencode(base64 HMAC-SHA256(key
//             secret, timestamp + "\n" + secret))> on the URL; {"msgtype": "markdown", "markdown": {title, text}}
//   wecom     group robot (群机器人): {"msgtype": "markdown", "markdown": {"content"}}
//   feishu    custom bot (自定义机器人, 签名校验): body timestamp (s, a string) and sign = base64
//             HMAC-SHA256 keyed by timestamp + "\n" + secret over the empty string; msg_type "post"
import { createHmac } from 'node:crypto';
import type { WebhookPayload } from '../contracts/dto';
import { ticketDto } from '../mappers';
import type { ChannelRecord } from '../store/store';
import type { Message, NotifyEvent } from './message';

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Whether the provider took the message: its HTTP status and, for the robots, the error code in the body. */
export interface Verdict {
  ok: boolean;
  error?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

export function webhookRequest(
  ch: ChannelRecord,
  e: NotifyEvent,
  msg: Message,
  now: number,
): OutgoingRequest {
  const payload: WebhookPayload = {
    event: e.event,
    ...(e.event !== 'test' && { ticket: ticketDto(e.ticket) }),
    ...(e.event === 'ticket.escalated' && { level: e.level }),
    ...(e.event === 'ticket.sla_breached' && { deadlines: e.deadlines }),
    text: msg.lines.join('\n'),
  };
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(now / 1000));
  return {
    url: ch.url,
    headers: {
      ...JSON_HEADERS,
      'x-redsail-timestamp': timestamp,
      ...(ch.secret !== undefined && { 'x-redsail-signature': webhookSignature(ch.secret, timestamp, body) }),
    },
    body,
  };
}

export function dingtalkRequest(
  ch: ChannelRecord,
  _e: NotifyEvent,
  msg: Message,
  now: number,
): OutgoingRequest {
  let url = ch.url;
  if (ch.secret !== undefined) {
    const sign = encodeURIComponent(dingtalkSign(ch.secret, now));
    url += `${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${sign}`;
  }
  const body = { msgtype: 'markdown', markdown: { title: msg.title, text: msg.markdown } };
  return { url, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function wecomRequest(ch: ChannelRecord, _e: NotifyEvent, msg: Message): OutgoingRequest {
  const body = { msgtype: 'markdown', markdown: { content: msg.markdown } };
  return { url: ch.url, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function feishuRequest(
  ch: ChannelRecord,
  _e: NotifyEvent,
  msg: Message,
  now: number,
): OutgoingRequest {
  const timestamp = Math.floor(now / 1000);
  const content = msg.lines.map((line) => [{ tag: 'text', text: line }]);
  const body = {
    ...(ch.secret !== undefined && { timestamp: String(timestamp), sign: feishuSign(ch.secret, timestamp) }),
    msg_type: 'post',
    content: { post: { zh_cn: { title: msg.title, content } } },
  };
  return { url: ch.url, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function buildRequest(ch: ChannelRecord, e: NotifyEvent, msg: Message, now: number): OutgoingRequest {
  switch (ch.type) {
    case 'webhook':
      return webhookRequest(ch, e, msg, now);
    case 'dingtalk':
      return dingtalkRequest(ch, e, msg, now);
    case 'wecom':
      return wecomRequest(ch, e, msg);
    case 'feishu':
      return feishuRequest(ch, e, msg, now);
  }
}

function parsed(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A 2xx answer is taken, except when a robot's body says otherwise: DingTalk and WeCom answer
 * `{errcode, errmsg}`, Feishu `{code, msg}` — 0 is success, anything else (a bad signature, a missing
 * keyword, throttling) is the provider refusing the message.
 */
export function verdict(type: ChannelRecord['type'], status: number, text: string): Verdict {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
  if (type === 'webhook') return { ok: true };
  const body = parsed(text);
  if (!body) return { ok: true };
  const code = type === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
  if (code === undefined || code === 0) return { ok: true };
  const why = type === 'feishu' ? (body.msg ?? body.StatusMessage) : body.errmsg;
  const c = typeof code === 'number' || typeof code === 'string' ? String(code) : JSON.stringify(code);
  return { ok: false, error: `${c} ${typeof why === 'string' ? why : ''}`.trim() };
}
