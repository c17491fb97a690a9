// Wire formats of Web Push (api.md "Field work and notifications", Web Push): the server's VAPID key,
// a browser's subscription, and the message a technician's phone decrypts (console/src/sw/push.ts).
import { z } from 'zod';
import { PrioritySchema } from './common';

/** base64url of exactly `bytes` bytes, unpadded, as PushSubscription.toJSON() gives keys (no Buffer: the console bundles this file). */
const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url`)
    .refine(
      (v) => Math.floor((v.length * 3) / 4) === bytes && v.length % 4 !== 1,
      `${what} must be ${bytes} bytes`,
    );

/** GET /api/push/key: the VAPID public key, base64url, for PushManager.subscribe(applicationServerKey). */
export const PushKeyDto = z.object({ publicKey: z.string() });
export type PushKeyDto = z.infer<typeof PushKeyDto>;

const endpoint = z
  .url({ error: 'endpoint must be a URL' })
  .max(2048, 'endpoint is longer than 2048 characters');

/** POST /api/push/subscriptions: PushSubscription.toJSON() (expirationTime and other fields ignored). */
export const PushSubscriptionBody = z.object({
  endpoint,
  keys: z.object({
    // An uncompressed point starts with the byte 0x04: "B" then one of A–P in base64url.
    p256dh: base64url(65, 'keys.p256dh').refine(
      (v) => /^B[A-P]/.test(v),
      'keys.p256dh must be an uncompressed P-256 point',
    ),
    auth: base64url(16, 'keys.auth'),
  }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

/** DELETE /api/push/subscriptions. */
export const PushUnsubscribeBody = z.object({ endpoint });

export const PushSubscriptionDto = z.object({ endpoint: z.string() });

const Text = z.object({ zh: z.string(), en: z.string() });

/**
 * The decrypted payload of a push: `assignment` (the ticket was dispatched to the phone's van),
 * `escalation` (not accepted in time; sent to the supervisor on call) or `withdrawn` (the dispatcher
 * took the ticket from the phone's van: the technicians need not go). Title and body in both console
 * languages; the phone shows the one of its own language.
 */
export const PushMessage = z.object({
  kind: z.enum(['assignment', 'escalation', 'withdrawn']),
  /** withdrawn: the dispatcher sent it to another van, back to the queue, or cancelled it. */
  why: z.enum(['redispatched', 'requeued', 'cancelled']).optional(),
  ticketId: z.string(),
  priority: PrioritySchema,
  category: z.string(),
  /** The compound's name and/or the address, as the technician would look for it. */
  place: z.string().optional(),
  /** The escalation level (escalation only). */
  level: z.number().int().positive().optional(),
  title: Text,
  body: Text,
  /** Where a tap on the notification leads. */
  url: z.string(),
});
export type PushMessage = z.infer<typeof PushMessage>;
