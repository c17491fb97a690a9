// What a channel is told, as text: a pure function of the event and the ticket's place. zh-CN only —
// the groups that read it are Chinese. Every provider's format (providers.ts) is built from this.
import { categoryLabelOf } from '../../../devices/lib/categories';
import type { NotifyEventName } from '../contracts/dto';
import type { SlaDeadline, TicketRecord } from '../store/store';

/** One message to the channels: what happened to which ticket. */
export type NotifyEvent =
  | { event: 'ticket.created'; ticket: TicketRecord }
  | { event: 'ticket.escalated'; ticket: TicketRecord; level: number }
  | { event: 'ticket.sla_breached'; ticket: TicketRecord; deadlines: SlaDeadline[] }
  | { event: 'test' };

/** What the text names beside the ticket itself. */
export interface MessageContext {
  /** The ticket's compound, by name, if it has one. */
  compoundName?: string;
  /** PUBLIC_ORIGIN: the console's address, linked from the message; absent: no link. */
  consoleUrl?: string;
}

export interface Message {
  title: string;
  /** The message as markdown (DingTalk, WeCom). */
  markdown: string;
  /** The same lines as plain text (Feishu, the webhook's `text`). */
  lines: string[];
}

const PRIORITY: Record<TicketRecord['priority'], string> = {
  P1: 'P1 紧急',
  P2: 'P2 高',
  P3: 'P3 中',
  P4: 'P4 低',
};
const DEADLINE: Record<SlaDeadline, string> = {
  respond: '到场时限',
  resolve: '修复时限',
  callback: '回访时限',
};

/** The event's key for a channel's delivery log: one message per ticket and event (and level). */
export function deliveryKey(e: NotifyEvent, testId: string): string {
  switch (e.event) {
    case 'ticket.created':
      return `${e.event}:${e.ticket.id}`;
    case 'ticket.escalated':
      return `${e.event}:${e.ticket.id}:${e.level}`;
    case 'ticket.sla_breached':
      return `${e.event}:${e.ticket.id}:${[...e.deadlines].sort().join(',')}`;
    case 'test':
      return `test:${testId}`;
  }
}

export const eventName = (e: NotifyEvent): NotifyEventName => e.event;

function headline(e: Exclude<NotifyEvent, { event: 'test' }>): string {
  switch (e.event) {
    case 'ticket.created':
      return '新工单';
    case 'ticket.escalated':
      return `工单升级（第 ${e.level} 级）：超时未接单`;
    case 'ticket.sla_breached':
      return `工单超时：${e.deadlines.map((d) => DEADLINE[d]).join('、')}已过`;
  }
}

/** One line without markdown's line-level marks: the text is the resident's or a device's. */
const oneLine = (s: string, max = 200): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

export function composeMessage(e: NotifyEvent, ctx: MessageContext): Message {
  if (e.event === 'test') {
    const lines = ['这是一条测试消息：通知渠道已接通。'];
    if (ctx.consoleUrl) lines.push(`调度台：${ctx.consoleUrl}`);
    return {
      title: '红帆 Redsail 测试消息',
      markdown: `### 红帆 Redsail 测试消息\n\n${lines.join('\n\n')}`,
      lines,
    };
  }
  const t = e.ticket;
  const title = `【${PRIORITY[t.priority]}】${headline(e)} ${t.id}`;
  const place = [ctx.compoundName, t.address].filter((p): p is string => Boolean(p)).join(' · ');
  const fields: [string, string][] = [
    ['工单', t.id],
    ['优先级', PRIORITY[t.priority]],
    ['类别', categoryLabelOf(t.category)?.zh ?? t.category],
    ...(place ? [['地点', oneLine(place, 120)] as [string, string]] : []),
    ...(t.deviceId ? [['设备', t.deviceId] as [string, string]] : []),
    ['情况', oneLine(t.description)],
  ];
  const lines = [headline(e), ...fields.map(([k, v]) => `${k}：${v}`)];
  const md = [`### ${title}`, ...fields.map(([k, v]) => `- **${k}**：${v}`)];
  if (ctx.consoleUrl) {
    lines.push(`调度台：${ctx.consoleUrl}`);
    md.push(`\n[打开调度台](${ctx.consoleUrl})`);
  }
  return { title, markdown: md.join('\n'), lines };
}
