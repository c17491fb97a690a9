// The ticket detail's rules as data: what the dispatcher typed becomes an event body (or the reason
// it cannot be sent, checked by the server's own TicketEventBody schema, so the panel refuses
// exactly what POST /api/tickets/{id}/events would), what a timeline entry says beyond its type,
// and a failed action in kinds. Pure.
import type { z } from 'zod';
import { SatisfactionSchema, TicketEventBody } from '../../../../../server/src/contracts/dto';
import type { TicketEventBody as EventBody, TimelineEntry } from '../../api/types';

export type Satisfaction = z.infer<typeof SatisfactionSchema>;
export const SATISFACTIONS: readonly Satisfaction[] = SatisfactionSchema.options;

/** What the dispatcher asks for, as typed (text untrimmed). */
export type ActionInput =
  /** `preempt`: pull the busy van off its (less urgent) ticket, which goes back to the queue. */
  | { type: 'dispatch'; vanId: string; preempt?: boolean }
  | { type: 'note'; text: string }
  | { type: 'cancel' | 'close' | 'reopen'; reason: string }
  /** To the caller with this phone (left out: the ticket's only one, or a ticket without callers). */
  | { type: 'callback'; satisfaction: Satisfaction; note: string; phone?: string };

/** Why an input cannot be sent: nothing written where words are needed, or too much. */
export type InputProblem = 'required' | 'tooLong';

export type Prepared = { ok: true; body: EventBody } | { ok: false; problem: InputProblem };

/** The event body for an input (text trimmed; an empty callback note left out), or its problem. */
export function prepareEvent(input: ActionInput): Prepared {
  let body: EventBody;
  switch (input.type) {
    case 'dispatch':
      body = { type: 'dispatch', vanId: input.vanId, ...(input.preempt && { preempt: true }) };
      break;
    case 'note':
      body = { type: 'note', text: input.text.trim() };
      break;
    case 'callback': {
      const note = input.note.trim();
      body = {
        type: 'callback',
        satisfaction: input.satisfaction,
        ...(note && { note }),
        ...(input.phone !== undefined && { phone: input.phone }),
      };
      break;
    }
    default:
      body = { type: input.type, reason: input.reason.trim() };
  }
  const text = body.type === 'note' ? body.text : 'reason' in body ? body.reason : undefined;
  if (text === '') return { ok: false, problem: 'required' };
  const parsed = TicketEventBody.safeParse(body);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    return { ok: false, problem: tooLong ? 'tooLong' : 'required' };
  }
  return { ok: true, body: parsed.data };
}

/** What a timeline entry says beyond its type, read from its data (unknown shapes say nothing). */
export type EntryDetail =
  | { kind: 'text'; text: string }
  | { kind: 'van'; vanId: string }
  /** `name`: the caller called back (tickets with several callers record one callback each). */
  | { kind: 'callback'; satisfaction: Satisfaction; note?: string; name?: string }
  | { kind: 'link'; description: string; reporter?: string }
  | { kind: 'attachment'; attachment: AttachmentKind }
  | { kind: 'escalated'; level: number; notify: string[] }
  /** The dusk sweep's night patrol: the stops' names in visiting order, and the minutes on the road. */
  | { kind: 'patrol'; stops: string[]; minutes: number }
  /** Sent back to the queue: its van was pulled off for a more urgent ticket. */
  | { kind: 'requeued'; vanId: string; ticketId: string; priority: string }
  | { kind: 'none' };

const ATTACHMENT_KINDS = ['before', 'after', 'signature'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** The system reopening a ticket because its fault came back (api.md v1.1): its label says it all. */
export const isRepeatFault = (entry: TimelineEntry): boolean =>
  entry.type === 'reopen' && entry.by === 'system' && entry.data.reason === 'repeat_fault';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

export function entryDetail(entry: TimelineEntry): EntryDetail {
  const d = entry.data;
  switch (entry.type) {
    case 'note': {
      const text = str(d.text);
      return text ? { kind: 'text', text } : { kind: 'none' };
    }
    case 'resolve': {
      const text = str(d.note);
      return text ? { kind: 'text', text } : { kind: 'none' };
    }
    case 'decline':
    case 'cancel':
    case 'close':
    case 'reopen': {
      const text = isRepeatFault(entry) ? undefined : str(d.reason);
      return text ? { kind: 'text', text } : { kind: 'none' };
    }
    case 'dispatch': {
      const vanId = str(d.vanId);
      return vanId ? { kind: 'van', vanId } : { kind: 'none' };
    }
    case 'callback': {
      const satisfaction = SATISFACTIONS.find((s) => s === d.satisfaction);
      if (!satisfaction) return { kind: 'none' };
      const note = str(d.note);
      const name = str(d.name);
      return { kind: 'callback', satisfaction, ...(note && { note }), ...(name && { name }) };
    }
    case 'link': {
      const description = str(d.description);
      if (!description) return { kind: 'none' };
      const r = d.reporter;
      const reporter = r && typeof r === 'object' && 'name' in r ? str(r.name) : undefined;
      return { kind: 'link', description, ...(reporter && { reporter }) };
    }
    case 'attachment': {
      const attachment = ATTACHMENT_KINDS.find((k) => k === d.kind);
      return attachment ? { kind: 'attachment', attachment } : { kind: 'none' };
    }
    case 'escalated': {
      if (typeof d.level !== 'number') return { kind: 'none' };
      const notify = Array.isArray(d.notify)
        ? d.notify.filter((u): u is string => typeof u === 'string')
        : [];
      return { kind: 'escalated', level: d.level, notify };
    }
    case 'requeued': {
      const vanId = str(d.vanId);
      const ticketId = str(d.forTicketId);
      if (!vanId || !ticketId) return { kind: 'none' };
      return { kind: 'requeued', vanId, ticketId, priority: str(d.forPriority) ?? '' };
    }
    case 'patrol_route': {
      const raw: unknown[] = Array.isArray(d.stops) ? d.stops : [];
      const stops = raw.flatMap((x) => {
        if (!x || typeof x !== 'object') return [];
        const name = 'name' in x ? str(x.name) : undefined;
        const id = 'deviceId' in x ? str(x.deviceId) : undefined;
        return (name ?? id) ? [name ?? id ?? ''] : [];
      });
      if (stops.length === 0) return { kind: 'none' };
      const totalS = typeof d.totalS === 'number' ? d.totalS : 0;
      return { kind: 'patrol', stops, minutes: Math.max(1, Math.round(totalS / 60)) };
    }
    default:
      return { kind: 'none' };
  }
}
