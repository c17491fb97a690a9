// A named lease for time-driven work (offline sweep, rule timers, SLA, callbacks due, retention): at most
// one node holds it at a time, and each acquisition carries a fencing epoch that the PostgreSQL write
// checks, so a holder that was paused past its lease cannot act twice.
//
// Redis keys: `redsail:lease:<name>` = "<nodeId> <epoch>" with a TTL (the lease), and
// `redsail:lease:<name>:epoch` (the last epoch issued). Acquire is one Lua script (take the key only if
// free, issue the epoch, store both); renew every ttl/3 is compare-and-extend; stop() is
// compare-and-delete.
//
// The epoch is max(last epoch + 1, floor + 1, Redis server time in ms). A Redis without persistence
// forgets the counter on restart; its clock does not go back, so the epoch still grows, and the floor
// (the caller's highest epoch stored in PostgreSQL) covers what the clock cannot: a failover to another
// machine whose clock is behind.
//
// holding() is local reckoning: the lease counts only until (time the last successful renew was sent +
// ttl − margin). That holds even when Redis is unreachable and no answer comes back, and it is earlier
// than Redis can expire the key, so an old holder stops before a new one can be issued an epoch.
// After its connection to Redis comes back, a node waits one ttl before it tries to acquire: a Redis that
// restarted without persistence has forgotten the key, and the old holder may still count on it for up to
// ttl − margin. (A node that starts during that window is not held back; the epoch fences it.)
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { RedisClient } from './redis';

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local epoch = redis.call('INCR', KEYS[2])
local t = redis.call('TIME')
local floor = math.max(tonumber(ARGV[3]), tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
if epoch <= floor then
  epoch = floor + 1
  redis.call('SET', KEYS[2], string.format('%d', epoch))
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. string.format('%d', epoch), 'PX', ARGV[2])
return epoch`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface LeaseOptions {
  name: string;
  nodeId: string;
  ttlMs: number;
  /** Subtracted from ttl in local reckoning (clock-rate drift, timer lateness); default ttl/5. */
  marginMs?: number;
  /** The highest epoch already used (e.g. stored in PostgreSQL); a new epoch is always above it. */
  floor?: () => Promise<number>;
}

interface Held {
  epoch: number;
  token: string;
  validUntil: number;
}

export class Lease extends EventEmitter<{ acquired: [epoch: number]; lost: [] }> {
  private readonly key: string;
  private readonly epochKey: string;
  private readonly ttlMs: number;
  private readonly marginMs: number;
  private readonly redis: RedisClient;
  private readonly events: RedisClient;
  private quietUntil = 0;
  private held: Held | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private busy = false;
  private frozen = false;

  constructor(
    redis: RedisClient,
    private readonly opts: LeaseOptions,
  ) {
    super();
    this.key = `redsail:lease:${opts.name}`;
    this.epochKey = `${this.key}:epoch`;
    this.ttlMs = opts.ttlMs;
    this.marginMs = opts.marginMs ?? Math.ceil(opts.ttlMs / 5);
    if (!(opts.ttlMs >= 30) || !(this.marginMs >= 0 && this.marginMs < opts.ttlMs / 2)) {
      throw new Error(`lease ${opts.name}: ttlMs must be ≥ 30 and marginMs in [0, ttl/2)`);
    }
    // A command that cannot be sent within a renew period is dropped, never sent late.
    this.redis = redis.withCommandOptions({ timeout: Math.ceil(opts.ttlMs / 3) });
    this.events = redis;
  }

  private readonly onReconnect = () => {
    this.quietUntil = performance.now() + this.ttlMs;
  };

  start(): void {
    if (this.tickTimer) return;
    this.events.on('ready', this.onReconnect);
    this.tickTimer = setInterval(() => void this.tick(), Math.ceil(this.ttlMs / 3));
    void this.tick();
  }

  /** The epoch while the lease is held by local reckoning; undefined as soon as it may have expired. */
  holding(): { epoch: number } | undefined {
    const h = this.held;
    return h && performance.now() < h.validUntil ? { epoch: h.epoch } : undefined;
  }

  /** Stops contending and releases the lease (compare-and-delete) so another node can take it at once. */
  async stop(): Promise<void> {
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    this.events.off('ready', this.onReconnect);
    const h = this.held;
    if (!h) return;
    this.drop();
    await this.release(h.token);
  }

  /** Test hook: stop renewing without releasing, as a paused or stalled process would. */
  freezeRenewals(): void {
    this.frozen = true;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.frozen) return;
    this.busy = true;
    try {
      if (this.held) await this.renew(this.held.token);
      else await this.acquire();
    } catch {
      // Redis or the floor is unreachable: local reckoning ends the lease on time; the next tick retries.
    } finally {
      this.busy = false;
    }
  }

  private async acquire(): Promise<void> {
    if (performance.now() < this.quietUntil) return;
    const floor = this.opts.floor ? await this.opts.floor() : 0;
    const sent = performance.now();
    const reply = await this.redis.eval(ACQUIRE, {
      keys: [this.key, this.epochKey],
      arguments: [this.opts.nodeId, String(this.ttlMs), String(Math.max(0, Math.floor(floor)))],
    });
    const epoch = Number(reply);
    if (!Number.isSafeInteger(epoch) || epoch <= 0 || !this.tickTimer) {
      if (epoch > 0) await this.release(`${this.opts.nodeId} ${epoch}`); // stopped meanwhile
      return;
    }
    this.hold({
      epoch,
      token: `${this.opts.nodeId} ${epoch}`,
      validUntil: sent + this.ttlMs - this.marginMs,
    });
    this.emit('acquired', epoch);
  }

  private async renew(token: string): Promise<void> {
    const sent = performance.now();
    const reply = await this.redis.eval(RENEW, { keys: [this.key], arguments: [token, String(this.ttlMs)] });
    const h = this.held;
    if (h?.token !== token) return; // lost by local reckoning meanwhile; drop() released it
    // A late answer does not revive a lease that holding() has already given up: once lost, it stays lost.
    if (Number(reply) === 1 && performance.now() < h.validUntil)
      this.hold({ ...h, validUntil: sent + this.ttlMs - this.marginMs });
    else this.lose();
  }

  private hold(h: Held): void {
    this.held = h;
    clearTimeout(this.expiryTimer);
    const check = () => {
      if (this.held !== h) return;
      if (performance.now() >= h.validUntil) this.lose();
      else this.expiryTimer = setTimeout(check, h.validUntil - performance.now());
    };
    this.expiryTimer = setTimeout(check, h.validUntil - performance.now());
  }

  /** Local end of the lease: no epoch from now on; whatever may still be in Redis is released. */
  private lose(): void {
    const h = this.held;
    if (!h) return;
    this.drop();
    void this.release(h.token); // best effort: otherwise the key expires by itself
  }

  private drop(): void {
    this.held = undefined;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.emit('lost');
  }

  private async release(token: string): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.key], arguments: [token] }).catch(() => undefined);
  }
}
