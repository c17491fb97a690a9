// Delivers Web Pushes off the request path: a bounded queue, a few requests at a time, each with a
// timeout. web-push builds each request (aes128gcm payload encryption, RFC 8291; the VAPID JWT, RFC
// 8292); fetch sends it. A 404 or 410 means the subscription is gone: it is dropped. Every other failure
// is logged and counted (redsail_push_sent_total), never thrown at whoever caused the push.
import { Counter, type Registry } from 'prom-client';
import webpush from 'web-push';
import type { PushMessage } from '../contracts/dto';
import type { Logger } from '../log';
import type { DeliveryOptions } from '../pipeline/push-message';
import type { PushSubscriptionRecord } from '../store/store';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** One request to a push service, as web-push builds it. */
export interface PushRequest {
  endpoint: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Sends a request and resolves with the push service's status; rejects on a network error. */
export type PushTransport = (req: PushRequest, signal: AbortSignal) => Promise<number>;

export const fetchTransport: PushTransport = async (req, signal) => {
  const res = await fetch(req.endpoint, {
    method: 'POST',
    headers: req.headers,
    ...(req.body !== null && { body: req.body }),
    signal,
    redirect: 'manual', // a push service answers; it does not send the server elsewhere
  });
  await res.body?.cancel();
  return res.status;
};

export type PushResult = 'delivered' | 'gone' | 'failed' | 'dropped';

export interface DeliveryOptionsConfig {
  subject: string;
  keys: () => VapidKeys;
  /** Called for a subscription the push service says is gone (404/410). */
  onGone: (sub: PushSubscriptionRecord) => Promise<unknown>;
  transport?: PushTransport;
  /** Requests in flight at once (default 4) and waiting (default 1,000; more are dropped and counted). */
  concurrency?: number;
  maxQueued?: number;
  timeoutMs?: number;
}

interface Job {
  sub: PushSubscriptionRecord;
  message: PushMessage;
  options: DeliveryOptions;
}

export class PushDelivery {
  private readonly queue: Job[] = [];
  private running = 0;
  private closed = false;
  private readonly aborts = new Set<AbortController>();
  private idleWaiters: (() => void)[] = [];
  private readonly sent: Counter<'result'>;

  constructor(
    private readonly cfg: DeliveryOptionsConfig,
    private readonly log: Logger,
    registry: Registry,
  ) {
    this.sent = new Counter({
      name: 'redsail_push_sent_total',
      help: 'Web Pushes by result: delivered (2xx), gone (404/410: subscription dropped), failed (other status, network error or timeout; logged), dropped (queue full)',
      labelNames: ['result'],
      registers: [registry],
    });
    for (const r of ['delivered', 'gone', 'failed', 'dropped'] as const) this.sent.inc({ result: r }, 0);
  }

  /** Queues one push; never throws. */
  enqueue(sub: PushSubscriptionRecord, message: PushMessage, options: DeliveryOptions): void {
    if (this.closed) return;
    if (this.queue.length >= (this.cfg.maxQueued ?? 1000)) {
      this.count('dropped');
      this.log.warn({ endpoint: origin(sub.endpoint) }, 'push queue full: push dropped');
      return;
    }
    this.queue.push({ sub, message, options });
    this.pump();
  }

  /** Resolves once nothing is queued or in flight (the drops of gone subscriptions included). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: what waits is dropped, what is in flight is aborted. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const a of this.aborts) a.abort();
    await this.idle();
  }

  private pump(): void {
    while (this.running < (this.cfg.concurrency ?? 4) && this.queue.length > 0) {
      const job = this.queue.shift();
      if (!job) break;
      this.running++;
      void this.send(job).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async send(job: Job): Promise<void> {
    const { sub } = job;
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), this.cfg.timeoutMs ?? 10_000);
    try {
      const status = await (this.cfg.transport ?? fetchTransport)(this.request(job), abort.signal);
      if (status >= 200 && status < 300) return this.count('delivered');
      if (status === 404 || status === 410) {
        this.count('gone');
        await this.cfg.onGone(sub);
        return;
      }
      this.count('failed');
      this.log.warn({ status, endpoint: origin(sub.endpoint), user: sub.username }, 'push refused');
    } catch (err) {
      this.count('failed');
      this.log.warn({ err, endpoint: origin(sub.endpoint), user: sub.username }, 'push not sent');
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }

  private request(job: Job): PushRequest {
    const keys = this.cfg.keys();
    const details = webpush.generateRequestDetails(
      { endpoint: job.sub.endpoint, keys: { p256dh: job.sub.p256dh, auth: job.sub.auth } },
      JSON.stringify(job.message),
      {
        vapidDetails: { subject: this.cfg.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: job.options.TTL,
        urgency: job.options.urgency,
        topic: job.options.topic,
        contentEncoding: 'aes128gcm',
      },
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(details.headers)) headers[k] = String(v);
    delete headers['Content-Length']; // fetch sets it from the body
    return { endpoint: details.endpoint, headers, body: details.body };
  }

  private count(result: PushResult): void {
    this.sent.inc({ result });
  }
}

/** Logs name the push service, not the endpoint (which is the subscription's capability). */
function origin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '?';
  }
}
