// The Redis clients of one cluster node, opened from REDIS_URL: a command client and a subscriber
// (pub/sub needs a connection of its own). Both reconnect for ever with a capped backoff once they have
// been up; their 'error' events are always handled and logged rate-limited, never thrown. status() and
// the 'up'/'down' events are the health view: /api/health says `degraded` while Redis is down, and the
// server resyncs consoles when it is back.
import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
import { RateLimitedLog, type Logger } from '../log';

export type RedisClient = ReturnType<typeof createClient>;
export type RedisStatus = 'up' | 'down';

/** Longest wait between two reconnection attempts. */
export const MAX_BACKOFF_MS = 3_000;
/** Connection attempts at start-up before opening fails. */
const START_ATTEMPTS = 3;
/** Commands kept while disconnected (fan-out queued for the return of Redis); beyond, they fail. */
const OFFLINE_QUEUE_MAX = 10_000;

export interface ClusterRedis {
  command: RedisClient;
  subscriber: RedisClient;
  /** host:port of the server, without credentials (for logs and messages). */
  address: string;
  status(): RedisStatus;
  on(event: RedisStatus, listener: () => void): () => void;
  close(): Promise<void>;
}

/** Delay before reconnection attempt `retries` (0-based): doubling from 100 ms, capped, with jitter. */
export function backoffMs(retries: number, random = Math.random): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 10), MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + 0.2 * random()));
}

/** host:port of a redis:// URL, never its user or password. */
export function redisAddress(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('REDIS_URL is not a valid URL; expected redis://[user:password@]host[:port][/db]');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//`);
  }
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/**
 * A reconnect strategy that gives up after START_ATTEMPTS while the client has never been ready (so
 * opening fails with a clear message), and retries for ever once it has been.
 */
function strategy(address: string) {
  const state = { ready: false };
  const reconnectStrategy = (retries: number, cause: Error): number | Error => {
    if (!state.ready && retries >= START_ATTEMPTS - 1) {
      return new Error(`Redis at ${address} is not reachable: ${cause.message}; check REDIS_URL`);
    }
    return backoffMs(retries);
  };
  return { state, reconnectStrategy };
}

async function connect(client: RedisClient, address: string): Promise<void> {
  try {
    await client.connect();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The strategy's message already says it all; other failures (bad password, TLS) get the same frame.
    throw new Error(
      message.startsWith('Redis at ')
        ? message
        : `Redis at ${address} is not reachable: ${message}; check REDIS_URL`,
    );
  }
}

/** Opens the command client and the subscriber; rejects with a clear message when Redis is unreachable. */
export async function openRedis(url: string, log: Logger): Promise<ClusterRedis> {
  const address = redisAddress(url);
  const errors = new RateLimitedLog(log, 3, 30_000);
  const events = new EventEmitter<Record<RedisStatus, []>>();

  const commandStrategy = strategy(address);
  const command: RedisClient = createClient({
    url,
    commandsQueueMaxLength: OFFLINE_QUEUE_MAX,
    socket: { connectTimeout: 3_000, reconnectStrategy: commandStrategy.reconnectStrategy },
  });
  const subscriberStrategy = strategy(address);
  const subscriber: RedisClient = command.duplicate({
    socket: { connectTimeout: 3_000, reconnectStrategy: subscriberStrategy.reconnectStrategy },
  });

  let current: RedisStatus = 'down';
  let closing = false;
  const update = () => {
    const next: RedisStatus = command.isReady && subscriber.isReady ? 'up' : 'down';
    if (next === current || closing) return;
    current = next;
    if (next === 'up') log.info({ redis: address }, 'Redis is up');
    else log.warn({ redis: address }, 'Redis is down: fan-out and leases wait for it');
    events.emit(next);
  };
  for (const [role, client, s] of [
    ['command', command, commandStrategy.state],
    ['subscriber', subscriber, subscriberStrategy.state],
  ] as const) {
    client.on('error', (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      errors.warn(`redis:${role}`, { redis: address, role, err: message }, 'Redis connection error');
      update();
    });
    client.on('ready', () => {
      s.ready = true;
      update();
    });
    client.on('end', update);
    client.on('reconnecting', update);
  }

  await connect(command, address);
  try {
    await connect(subscriber, address);
  } catch (err) {
    command.destroy();
    throw err;
  }
  update();

  return {
    command,
    subscriber,
    address,
    status: () => (closing ? 'down' : current),
    on(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    async close() {
      closing = true; // a deliberate close is not an outage: no 'down'
      for (const client of [command, subscriber]) {
        if (!client.isOpen) continue;
        // A graceful close waits for pending replies, which never come while Redis is down.
        if (client.isReady) await client.close();
        else client.destroy();
      }
    },
  };
}
