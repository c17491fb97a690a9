// Sends the channels their messages off the hot path: a bus handler only queues the event; the rest
// (reading the channels, claiming the delivery, sending, retrying with backoff) runs later, a few sends
// at a time, within a bounded queue. Each message is claimed in the store (channel + key, unique)
// before it is sent, so in a cluster it goes out once even if two nodes announce the same event.
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { deliveryId } from '../pipeline/ids';
import type { ChannelRecord, DeliveryRecord, Store } from '../store/store';
import { attempt, backoffMs, wants, type AttemptResult } from './attempt';
import { composeMessage, deliveryKey, type NotifyEvent } from './message';
import { buildRequest } from './providers';

export type NotifierStore = Pick<Store, 'listChannels' | 'claimDelivery' | 'updateDelivery' | 'getCompound'>;

export interface NotifierOptions {
  /** Attempts per message, the first included (NOTIFY_ATTEMPTS). */
  attempts: number;
  /** The first retry's wait; each later one doubles (NOTIFY_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** One attempt's limit (NOTIFY_TIMEOUT_MS). */
  timeoutMs: number;
  /** Messages queued, waiting to retry or being sent, at most (NOTIFY_QUEUE). */
  queueMax: number;
  /** Sends at once. */
  concurrency: number;
  /** PUBLIC_ORIGIN: linked from the messages. */
  consoleUrl?: string;
}

interface Job {
  channel: ChannelRecord;
  event: NotifyEvent;
  delivery: DeliveryRecord;
}

export class Notifier {
  private readonly events: NotifyEvent[] = [];
  private readonly ready: Job[] = [];
  /** Jobs queued, waiting for a retry, or in flight. */
  private jobs = 0;
  private active = 0;
  private expanding = false;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly off: (() => void)[];

  constructor(
    private readonly store: NotifierStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: NotifierOptions,
  ) {
    this.off = [
      bus.on('ticket:created', (ticket) => this.enqueue({ event: 'ticket.created', ticket })),
      bus.on('ticket:escalated', (e) =>
        this.enqueue({ event: 'ticket.escalated', ticket: e.ticket, level: e.level }),
      ),
      bus.on('ticket:sla_breached', (e) =>
        this.enqueue({ event: 'ticket.sla_breached', ticket: e.ticket, deadlines: e.deadlines }),
      ),
    ];
  }

  /** Takes the event for later; never waits and never throws (a bus handler). */
  enqueue(e: NotifyEvent): void {
    if (this.stopped) return;
    if (this.events.length >= this.opts.queueMax) {
      this.log.warn({ event: e.event }, 'notification queue full: event dropped');
      return;
    }
    this.events.push(e);
    if (!this.expanding) this.track(this.expand());
  }

  /** Sends one message now, once (no retry): the channel's send-test. */
  async sendNow(channel: ChannelRecord, e: NotifyEvent, key: string): Promise<DeliveryRecord> {
    const delivery = this.newDelivery(channel, e, key);
    await this.store.claimDelivery(delivery);
    return this.send({ channel, event: e, delivery }, false);
  }

  /** Stops taking events, drops retries and aborts the sends in flight (their rows stay as they were). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const f of this.off) f();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** For each queued event: the channels that want it, a claimed delivery each, a job each. */
  private async expand(): Promise<void> {
    this.expanding = true;
    try {
      for (let e = this.events.shift(); e && !this.stopped; e = this.events.shift()) {
        try {
          for (const channel of await this.store.listChannels()) {
            if (wants(channel, e)) await this.claim(channel, e);
          }
        } catch (err) {
          this.log.error({ err, event: e.event }, 'notification not queued: the store failed');
        }
      }
    } finally {
      this.expanding = false;
    }
  }

  private async claim(channel: ChannelRecord, event: NotifyEvent): Promise<void> {
    const delivery = this.newDelivery(channel, event, deliveryKey(event, ''));
    if (this.jobs >= this.opts.queueMax) {
      const full = { ...delivery, error: 'queue full: not sent', doneAt: this.clock.now() };
      await this.store.claimDelivery(full);
      this.log.warn({ channel: channel.id, event: event.event }, 'notification queue full: message not sent');
      return;
    }
    if (!(await this.store.claimDelivery(delivery))) return; // another node (or an earlier announce) has it
    this.jobs++;
    this.ready.push({ channel, event, delivery });
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.opts.concurrency) {
      const job = this.ready.shift();
      if (!job) return;
      this.active++;
      this.track(
        this.send(job, true)
          .then(() => undefined)
          .catch((err: unknown) => {
            this.log.error({ err, channel: job.channel.id }, 'notification delivery failed');
            this.jobs--;
          })
          .finally(() => {
            this.active--;
            this.pump();
          }),
      );
    }
  }

  /** One attempt; updates the delivery; with `retry`, schedules the next attempt or ends the job. */
  private async send(job: Job, retry: boolean): Promise<DeliveryRecord> {
    const { channel, event } = job;
    const now = this.clock.now();
    const compound = event.event === 'test' ? undefined : event.ticket.compoundId;
    const compoundName = compound === undefined ? undefined : (await this.store.getCompound(compound))?.name;
    const msg = composeMessage(event, {
      ...(compoundName !== undefined && { compoundName }),
      ...(this.opts.consoleUrl !== undefined && { consoleUrl: this.opts.consoleUrl }),
    });
    const r: AttemptResult = await attempt(
      channel.type,
      buildRequest(channel, event, msg, now),
      this.opts.timeoutMs,
      this.abort.signal,
    );
    const attempts = job.delivery.attempts + 1;
    const again = retry && r.retry && attempts < this.opts.attempts && !this.stopped;
    const delivery: DeliveryRecord = {
      ...withoutOutcome(job.delivery),
      attempts,
      ok: r.ok,
      ...(r.status !== undefined && { status: r.status }),
      ...(r.error !== undefined && { error: r.error }),
      ...(!again && { doneAt: this.clock.now() }),
    };
    await this.store.updateDelivery(delivery);
    this.bus.emit('notification:attempted', delivery);
    if (!retry) return delivery;
    if (again) this.later({ ...job, delivery }, backoffMs(this.opts.retryBaseMs, attempts));
    else this.jobs--;
    return delivery;
  }

  private later(job: Job, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ready.push(job);
      this.pump();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private newDelivery(channel: ChannelRecord, e: NotifyEvent, key: string): DeliveryRecord {
    const at = this.clock.now();
    return {
      id: deliveryId(at),
      channelId: channel.id,
      key,
      at,
      event: e.event,
      ...(e.event !== 'test' && { ticketId: e.ticket.id }),
      ...(e.event === 'ticket.escalated' && { level: e.level }),
      attempts: 0,
      ok: false,
    };
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.catch(() => undefined).finally(() => this.inFlight.delete(p));
  }
}

function withoutOutcome(d: DeliveryRecord): DeliveryRecord {
  const { status: _s, error: _e, doneAt: _d, ...rest } = d;
  return rest;
}
