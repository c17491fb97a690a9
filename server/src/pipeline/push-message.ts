// What a technician's (or a supervisor's) phone is pushed about a ticket, and how the push service is
// asked to deliver it (api.md "Field work and notifications", Web Push). Pure: the service adds the
// compound's name and sends it.
import { categoryLabelOf } from '../../../devices/lib/categories';
import type { PushMessage } from '../contracts/dto';
import type { TicketRecord } from '../store/store';
import type { Withdrawal } from './preempt';

/** Where the job is: the compound's name and the ticket's address, either or both. */
export interface JobPlace {
  compoundName?: string;
  address?: string;
}

export type PushKind = PushMessage['kind'];

/** Longest place text: a notification shows two lines or so, and a push payload is at most ~4 KB. */
export const PLACE_MAX = 80;

/** "工保小区 · 3号楼东": the compound and the address, trimmed; undefined when neither is known. */
export function placeText(p: JobPlace): string | undefined {
  const parts = [p.compoundName, p.address].map((s) => s?.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const text = [...new Set(parts)].join(' · ');
  if (text === '') return undefined;
  return text.length > PLACE_MAX ? `${text.slice(0, PLACE_MAX - 1)}…` : text;
}

type Ticket = Pick<TicketRecord, 'id' | 'priority' | 'category'>;

/** The title of a `withdrawn` push, by why the job was taken from the van. */
const WITHDRAWN: Record<Withdrawal, { zh: string; en: string }> = {
  redispatched: { zh: '工单已改派其他车辆', en: 'Job given to another van' },
  requeued: {
    zh: '工单已退回待派（车辆调往更急的工单）',
    en: 'Job back in the queue (van needed for a more urgent one)',
  },
  cancelled: { zh: '工单已取消', en: 'Job cancelled' },
};

/** The push about `ticket`: an assignment to the phone's van, or its escalation to level `level`. */
export function pushMessage(
  kind: PushKind,
  ticket: Ticket,
  place: JobPlace,
  level?: number,
  why: Withdrawal = 'redispatched',
): PushMessage {
  const category = categoryLabelOf(ticket.category) ?? { zh: ticket.category, en: ticket.category };
  const where = placeText(place);
  const at = { zh: where ?? '地点未填', en: where ?? 'no place given' };
  const p = ticket.priority;
  const base = {
    kind,
    ticketId: ticket.id,
    priority: p,
    category: ticket.category,
    ...(where !== undefined && { place: where }),
    url: '/tech',
  };
  if (kind === 'assignment') {
    return {
      ...base,
      title: { zh: `${p} 新派工单：${category.zh}`, en: `${p} new job: ${category.en}` },
      body: { zh: `${at.zh} · 工单 ${ticket.id}`, en: `${at.en} · ticket ${ticket.id}` },
    };
  }
  if (kind === 'withdrawn') {
    const what = WITHDRAWN[why];
    return {
      ...base,
      why,
      title: { zh: `${what.zh}：${p} ${category.zh}`, en: `${what.en}: ${p} ${category.en}` },
      body: {
        zh: `${at.zh} · 工单 ${ticket.id} · 无需再前往`,
        en: `${at.en} · ticket ${ticket.id} · no need to go`,
      },
    };
  }
  const n = level ?? 1;
  return {
    ...base,
    level: n,
    title: {
      zh: `工单升级（${n}级）：${p} ${category.zh}`,
      en: `Escalated (level ${n}): ${p} ${category.en}`,
    },
    body: {
      zh: `${at.zh} · 工单 ${ticket.id} 超时未接单`,
      en: `${at.en} · ticket ${ticket.id} not accepted in time`,
    },
  };
}

/** How long the push service keeps an undelivered push, in seconds: a stale P1 is worth less. */
const TTL_S = { P1: 900, P2: 3600, P3: 4 * 3600, P4: 4 * 3600 } as const;

export interface DeliveryOptions {
  TTL: number;
  urgency: 'high' | 'normal';
  /** One undelivered push per ticket: a newer one replaces it at the push service (RFC 8030 §5.4). */
  topic: string;
}

/** RFC 8030 options: P1 (and every escalation, which asks someone to act now) is `high`. */
export function deliveryOptions(
  kind: PushKind,
  priority: Ticket['priority'],
  ticketId: string,
): DeliveryOptions {
  const urgent = priority === 'P1' || kind === 'escalation';
  return {
    TTL: kind === 'escalation' ? TTL_S.P1 : TTL_S[priority],
    urgency: urgent ? 'high' : 'normal',
    // A Topic is at most 32 characters of the base64url alphabet.
    topic: ticketId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32),
  };
}
