// Node presence: every node keeps `redsail:node:<id>` alive with a TTL, refreshed every ttl/3, and
// deletes it when it stops. liveNodes() lists the nodes whose key still exists, so the holder of the
// offline-sweep lease can tell which nodes are dead: their devices must go offline on time although
// their last wills never fire.
import type { RedisClient } from './redis';

const PREFIX = 'redsail:node:';

export interface NodePresenceOptions {
  nodeId: string;
  ttlMs: number;
}

export class NodePresence {
  private timer: NodeJS.Timeout | undefined;
  private frozen = false;
  private readonly key: string;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly redis: RedisClient,
    private readonly opts: NodePresenceOptions,
  ) {
    this.key = PREFIX + opts.nodeId;
  }

  /** Writes the presence key (awaited once, so the node is listed when this resolves), then keeps it. */
  async start(): Promise<void> {
    if (this.timer) return;
    await this.refresh();
    this.timer = setInterval(
      () => {
        this.refresh().catch(() => {
          // Redis is down: the key may expire; the next refresh after its return writes it again
        });
      },
      Math.ceil(this.opts.ttlMs / 3),
    );
  }

  /** Stops refreshing and deletes the key, so the node leaves liveNodes() at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.del(this.key).catch(() => undefined);
  }

  /** Test hook: stop refreshing without deleting the key, as a node that dies does. */
  freezeRefresh(): void {
    this.frozen = true;
  }

  private async refresh(): Promise<void> {
    if (this.frozen) return;
    await this.redis
      .withCommandOptions({ timeout: Math.ceil(this.opts.ttlMs / 3) })
      .set(this.key, this.startedAt, { PX: this.opts.ttlMs });
  }
}

/** The ids of the nodes whose presence key has not expired. */
export async function liveNodes(redis: RedisClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 100 })) {
    for (const key of keys) ids.push(key.slice(PREFIX.length));
  }
  return [...new Set(ids)].sort();
}
