// Wire formats of notification channels (group robots and signed webhooks) and their delivery log:
// api.md "Field work and notifications (v1.1)", bullet Channels.
import { z } from 'zod';
import { id, iso, PrioritySchema, SlaDeadlineSchema } from './common';
import { TicketDto } from './tickets';

export const ChannelTypeSchema = z.enum(['webhook', 'dingtalk', 'wecom', 'feishu']);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'url must be an http:// or https:// URL' })
  .max(2000)
  .refine((u) => {
    if (!URL.canParse(u)) return true; // reported by the check above
    const p = new URL(u);
    return p.username === '' && p.password === '';
  }, 'url must not carry a user name or password');

export const CreateChannelBody = z
  .object({
    type: ChannelTypeSchema,
    name: z.string().trim().min(1, 'give the channel a name').max(100),
    url: httpUrl,
    /** Signing secret (DingTalk "加签", Feishu "签名校验", the webhook's HMAC key). */
    secret: z.string().min(1).max(500).optional(),
    minPriority: PrioritySchema.default('P2'),
    compoundIds: z.array(id).min(1).max(200).optional(),
  })
  .strict();
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

export const ChannelDto = z.object({
  id: z.string(),
  type: ChannelTypeSchema,
  name: z.string(),
  url: z.string(),
  /** Whether a secret is set (the secret itself is never returned). */
  hasSecret: z.boolean(),
  minPriority: PrioritySchema,
  compoundIds: z.array(z.string()).optional(),
  createdBy: z.string(),
  createdAt: iso,
});
export type ChannelDto = z.infer<typeof ChannelDto>;

export const NotifyEventSchema = z.enum([
  'ticket.created',
  'ticket.escalated',
  'ticket.sla_breached',
  'test',
]);
export type NotifyEventName = z.infer<typeof NotifyEventSchema>;

export const DeliveryDto = z.object({
  id: z.string(),
  at: iso,
  event: NotifyEventSchema,
  ticketId: z.string().nullable(),
  level: z.number().int().optional(),
  attempts: z.number().int(),
  ok: z.boolean(),
  /** HTTP status of the last attempt; null when none answered (network error, timeout) or not yet sent. */
  status: z.number().int().nullable(),
  /** Still queued or waiting for a retry. */
  pending: z.boolean(),
  error: z.string().optional(),
});
export type DeliveryDto = z.infer<typeof DeliveryDto>;

export const DeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last delivery of the previous page (the X-Next-Before header). */
  before: z.string().min(1).max(64).optional(),
});

/** The body of a `webhook` channel's POST (signed: X-Redsail-Timestamp, X-Redsail-Signature). */
export const WebhookPayload = z.object({
  event: NotifyEventSchema,
  /** Absent for `test`. */
  ticket: TicketDto.optional(),
  /** The escalation level (`ticket.escalated`). */
  level: z.number().int().optional(),
  /** The deadlines missed (`ticket.sla_breached`). */
  deadlines: z.array(SlaDeadlineSchema).optional(),
  /** The message as the group robots show it (zh-CN). */
  text: z.string(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
