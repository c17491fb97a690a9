// Node presence against a real redis-server: live nodes are listed, a node that dies (stops refreshing
// without a goodbye) drops out once its TTL runs out, and a node that stops leaves at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { NodePresence, liveNodes } from '../../server/src/cluster/nodes';
import { openRedis, type ClusterRedis } from '../../server/src/cluster/redis';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';

const TTL_MS = 500;

describe('node presence', () => {
  let server: TestRedis;
  let redis: ClusterRedis;
  beforeAll(async () => {
    server = await startRedis();
    redis = await openRedis(server.url, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  it('lists live nodes; a dead one drops out after its TTL, a stopped one at once', async () => {
    const [a, b, c] = ['node-a', 'node-b', 'node-c'].map(
      (nodeId) => new NodePresence(redis.command, { nodeId, ttlMs: TTL_MS }),
    );
    await Promise.all([a!.start(), b!.start(), c!.start()]);
    expect(await liveNodes(redis.command)).toEqual(['node-a', 'node-b', 'node-c']);

    b!.freezeRefresh(); // dies: no more refreshes, no delete
    await vi.waitFor(async () => expect(await liveNodes(redis.command)).toEqual(['node-a', 'node-c']), {
      timeout: 10_000,
      interval: 50,
    });
    // node-a and node-c were written at the same moment as node-b: they are still listed because they refresh.

    await c!.stop();
    expect(await liveNodes(redis.command)).toEqual(['node-a']);
    await a!.stop();
    await b!.stop();
    expect(await liveNodes(redis.command)).toEqual([]);
  });
});
