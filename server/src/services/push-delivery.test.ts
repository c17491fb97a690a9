// The delivery queue with a transport of the test's own: bounded, a few at a time, failures counted
// and never thrown, a gone subscription handed back, a hung push service cut off by the timeout.
import { createECDH, randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { pushMessage, deliveryOptions } from '../pipeline/push-message';
import type { PushSubscriptionRecord } from '../store/store';
import { PushDelivery, type PushTransport } from './push-delivery';

const keys = webpush.generateVAPIDKeys();
const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const sub = (n: number): PushSubscriptionRecord => ({
  endpoint: `https://push.example.test/${n}`,
  username: 'tech',
  p256dh: ecdh.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
  createdAt: 0,
});
const ticket = { id: 'T1', priority: 'P1' as const, category: 'electrical' };
const message = pushMessage('assignment', ticket, {});
const options = deliveryOptions('assignment', 'P1', 'T1');

function delivery(transport: PushTransport, opts: { maxQueued?: number; timeoutMs?: number } = {}) {
  const registry = new Registry();
  const gone: string[] = [];
  const d = new PushDelivery(
    {
      subject: 'mailto:ops@example.test',
      keys: () => keys,
      onGone: (s) => Promise.resolve(gone.push(s.endpoint)),
      transport,
      concurrency: 2,
      ...opts,
    },
    createLogger('silent'),
    registry,
  );
  const count = async (result: string) =>
    (await registry.getSingleMetric('redsail_push_sent_total')?.get())?.values.find(
      (v) => v.labels.result === result,
    )?.value ?? 0;
  return { d, gone, count };
}

describe('push delivery', () => {
  it('sends at most `concurrency` at once and drops (and counts) what the full queue cannot hold', async () => {
    let inFlight = 0;
    let most = 0;
    const { d, count } = delivery(
      () => {
        most = Math.max(most, ++inFlight);
        // The push service answers on a later turn, as over a network.
        return new Promise<number>((resolve) => setImmediate(() => (inFlight--, resolve(201))));
      },
      { maxQueued: 3 },
    );
    for (let i = 0; i < 7; i++) d.enqueue(sub(i), message, options);
    expect(inFlight).toBe(2); // 2 in flight, 3 waiting, 2 dropped
    expect(await count('dropped')).toBe(2);
    await d.idle();
    expect(most).toBe(2);
    expect(await count('delivered')).toBe(5);
  });

  it('hands back a 404 or 410 subscription, counts other statuses and errors as failed, never throws', async () => {
    const answers: (number | Error)[] = [410, 404, 500, 429, new Error('ECONNRESET')];
    const { d, gone, count } = delivery(() => {
      const a = answers.shift();
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a ?? 201);
    });
    for (let i = 0; i < 5; i++) d.enqueue(sub(i), message, options);
    await d.idle();
    expect(gone).toEqual([sub(0).endpoint, sub(1).endpoint]);
    expect(await count('gone')).toBe(2);
    expect(await count('failed')).toBe(3);
  });

  it('cuts off a push service that does not answer', async () => {
    const { d, count } = delivery(
      (_req, signal) =>
        new Promise<number>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      { timeoutMs: 20 },
    );
    d.enqueue(sub(1), message, options);
    await d.idle();
    expect(await count('failed')).toBe(1);
  });

  it('builds an aes128gcm request with the VAPID header, TTL, urgency and topic', async () => {
    const seen: Record<string, string>[] = [];
    const { d } = delivery((req) => (seen.push(req.headers), Promise.resolve(201)));
    d.enqueue(sub(1), message, options);
    await d.idle();
    expect(seen[0]).toMatchObject({
      'Content-Encoding': 'aes128gcm',
      TTL: '900',
      Urgency: 'high',
      Topic: 'T1',
    });
    expect(seen[0]?.Authorization).toMatch(new RegExp(`^vapid t=[^,]+, k=${keys.publicKey}$`));
  });
});
