// Web Push (api.md "Field work and notifications", Web Push): the VAPID key pair (made once, kept in
// the store, so every node signs with the same keys and a restart keeps them), each user's
// subscriptions, and the pushes themselves — an `assignment` to every subscription of the van's
// technicians, an escalation to each user it names. Pushes are sent on bus events, which a node
// emits only for what it committed itself (cluster/sync.ts re-reads, never re-emits), so each event
// is pushed once in a cluster.
import { isIP } from 'node:net';
import webpush from 'web-push';
import type { Clock } from '../clock';
import type { PushSubscriptionBody } from '../contracts/dto';
import { invalid, notFound } from '../errors';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { deliveryOptions, pushMessage, type PushKind } from '../pipeline/push-message';
import type { Withdrawal } from '../pipeline/preempt';
import type { PushSubscriptionRecord, Store, TicketRecord } from '../store/store';
import type { Registry } from 'prom-client';
import { PushDelivery, type PushTransport, type VapidKeys } from './push-delivery';

export type PushServiceStore = Pick<
  Store,
  | 'keepSetting'
  | 'putPushSubscription'
  | 'listPushSubscriptions'
  | 'deletePushSubscription'
  | 'deleteUserPushSubscriptions'
  | 'getUser'
  | 'listUsers'
  | 'getCompound'
>;

/** The setting that holds the VAPID key pair, as JSON {publicKey, privateKey} (base64url). */
export const VAPID_SETTING = 'vapid.keys';

/** Subscriptions kept per user (phones and browsers); subscribing one more drops the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/;

/**
 * Why the server will not post to this endpoint, or undefined. Push services are public https hosts
 * on the default port; an address or a port of its own would let a user aim the server's requests at
 * the machines around it. `allowHttpLoopback` (tests: a local fake push service) admits plain http on
 * a loopback address, nothing else.
 */
export function endpointProblem(endpoint: string, allowHttpLoopback: boolean): string | undefined {
  const url = new URL(endpoint);
  if (allowHttpLoopback && url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  if (url.protocol !== 'https:') return 'endpoint must be an https: URL';
  if (url.username !== '' || url.password !== '') return 'endpoint must not carry a user or password';
  if (url.port !== '') return "endpoint must use https' default port";
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 || LOOPBACK.test(url.hostname) || host.endsWith('.localhost') || !host.includes('.'))
    return 'endpoint must name a push service by its public host name';
  return undefined;
}

export class PushService {
  private keys: VapidKeys | undefined;
  /** Event handlers still reading the store before they queue their pushes. */
  private readonly handling = new Set<Promise<void>>();

  constructor(
    private readonly store: PushServiceStore,
    private readonly delivery: PushDelivery,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: { allowHttpLoopback: boolean },
  ) {}

  /** Reads the key pair, or makes it: a node starting at once with another gets the other's if it won. */
  async load(): Promise<void> {
    const made = webpush.generateVAPIDKeys();
    const stored = await this.store.keepSetting(VAPID_SETTING, JSON.stringify(made));
    const keys = JSON.parse(stored) as VapidKeys;
    if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string')
      throw new Error(`setting ${VAPID_SETTING} is not a VAPID key pair`);
    this.keys = keys;
  }

  vapidKeys(): VapidKeys {
    if (!this.keys) throw new Error('PushService.load() has not run');
    return this.keys;
  }

  publicKey(): string {
    return this.vapidKeys().publicKey;
  }

  async subscribe(username: string, body: PushSubscriptionBody): Promise<void> {
    const problem = endpointProblem(body.endpoint, this.opts.allowHttpLoopback);
    if (problem) throw invalid(problem, { fields: { endpoint: problem } });
    await this.store.putPushSubscription({
      endpoint: body.endpoint,
      username,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      createdAt: this.clock.now(),
    });
    const mine = await this.store.listPushSubscriptions([username]);
    const oldest = [...mine].sort((a, b) => a.createdAt - b.createdAt);
    for (const s of oldest.slice(0, Math.max(0, mine.length - MAX_SUBSCRIPTIONS_PER_USER)))
      await this.store.deletePushSubscription(s.endpoint, username);
  }

  async unsubscribe(username: string, endpoint: string): Promise<void> {
    if (!(await this.store.deletePushSubscription(endpoint, username)))
      throw notFound('a push subscription of yours with this endpoint');
  }

  /** Pushes on the bus events; returns the unsubscriber. */
  listen(bus: EventBus): () => void {
    const run = (what: string, work: () => Promise<void>) => {
      const p = work()
        .catch((err: unknown) => this.log.warn({ err }, `push on ${what} failed`))
        .finally(() => this.handling.delete(p));
      this.handling.add(p);
    };
    const offs = [
      bus.on('ticket:assigned', (t) => run('assignment', () => this.assigned(t))),
      bus.on('ticket:unassigned', (e) => {
        if (e.why) run('withdrawal', () => this.withdrawn(e.ticket, e.vanId, e.why ?? 'redispatched'));
      }),
      bus.on('ticket:escalated', (e) => run('escalation', () => this.escalated(e.ticket, e.level, e.notify))),
      bus.on('user:revoked', (e) => {
        if (e.sessions) run('revocation', () => this.revoked(e.username));
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** The technicians of the ticket's van (not disabled) get an `assignment`. */
  private async assigned(t: TicketRecord): Promise<void> {
    if (t.vanId === undefined) return;
    await this.push('assignment', t, await this.crewOf(t.vanId));
  }

  /** The technicians of the van the dispatcher took the ticket from get a `withdrawn`. */
  private async withdrawn(t: TicketRecord, vanId: string, why: Withdrawal): Promise<void> {
    await this.push('withdrawn', t, await this.crewOf(vanId), undefined, why);
  }

  private async crewOf(vanId: string): Promise<string[]> {
    return (await this.store.listUsers())
      .filter((u) => u.role === 'technician' && u.vanId === vanId && u.disabledAt === undefined)
      .map((u) => u.username);
  }

  private async escalated(t: TicketRecord, level: number, notify: readonly string[]): Promise<void> {
    const users = await Promise.all([...new Set(notify)].map((u) => this.store.getUser(u)));
    let active = users.flatMap((u) => (u && u.disabledAt === undefined ? [u.username] : []));
    if (active.length === 0) {
      // Nobody on call (no roster for now, or no supervisor on it): an unaccepted job must still reach
      // a person, so every dispatcher (and admin) is told.
      active = (await this.store.listUsers())
        .filter((u) => (u.role === 'dispatcher' || u.role === 'admin') && u.disabledAt === undefined)
        .map((u) => u.username);
      this.log.warn(
        { ticketId: t.id, level, users: active.length },
        'escalation with nobody on call: pushed to every dispatcher',
      );
    }
    await this.push('escalation', t, active, level);
  }

  /** A disabled user's phones stop getting pushes (a password change keeps them: same person). */
  private async revoked(username: string): Promise<void> {
    const user = await this.store.getUser(username);
    if (user?.disabledAt === undefined) return;
    const n = await this.store.deleteUserPushSubscriptions(username);
    if (n > 0)
      this.log.info({ user: username, subscriptions: n }, 'push subscriptions of a disabled user dropped');
  }

  private async push(
    kind: PushKind,
    t: TicketRecord,
    usernames: string[],
    level?: number,
    why?: Withdrawal,
  ): Promise<void> {
    if (usernames.length === 0) return;
    const subs = await this.store.listPushSubscriptions(usernames);
    if (subs.length === 0) return;
    const compound = t.compoundId === undefined ? undefined : await this.store.getCompound(t.compoundId);
    const place = {
      ...(compound && { compoundName: compound.name }),
      ...(t.address !== undefined && { address: t.address }),
    };
    const message = pushMessage(kind, t, place, level, why);
    const options = deliveryOptions(kind, t.priority, t.id);
    for (const s of subs) this.delivery.enqueue(s, message, options);
  }

  /** The push service said the subscription is gone: drop it (only if it is still the same one). */
  async gone(sub: PushSubscriptionRecord): Promise<void> {
    await this.store.deletePushSubscription(sub.endpoint, sub.username);
    this.log.info({ user: sub.username }, 'push subscription gone at its push service: dropped');
  }

  /** Resolves once the events heard so far have been pushed (or their failures counted). */
  async idle(): Promise<void> {
    while (this.handling.size > 0) await Promise.all(this.handling);
    await this.delivery.idle();
  }

  async close(): Promise<void> {
    await Promise.all(this.handling);
    await this.delivery.close();
  }
}

/** The service with its delivery: `subject` is VAPID_SUBJECT; `transport` replaces fetch (tests). */
export function createPushService(
  store: PushServiceStore,
  clock: Clock,
  log: Logger,
  registry: Registry,
  opts: { subject: string; allowHttpLoopback: boolean; transport?: PushTransport },
): PushService {
  const delivery: PushDelivery = new PushDelivery(
    {
      subject: opts.subject,
      keys: () => push.vapidKeys(),
      onGone: (sub) => push.gone(sub),
      ...(opts.transport && { transport: opts.transport }),
    },
    log,
    registry,
  );
  const push = new PushService(store, delivery, clock, log, { allowHttpLoopback: opts.allowHttpLoopback });
  return push;
}
