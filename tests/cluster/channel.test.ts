// Typed cross-node channels against a real redis-server: a message published through one node's clients
// reaches a subscriber on another node's, a node ignores its own, invalid payloads are dropped and
// counted, and a subscriber resubscribes by itself after a Redis restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { z } from 'zod';
import { Channel, defineChannel } from '../../server/src/cluster/channel';
import { openRedis, type ClusterRedis } from '../../server/src/cluster/redis';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';

const log = pino({ level: 'silent' });
const deviceCommand = defineChannel(
  'device-command',
  z.object({ deviceId: z.string().min(1), name: z.string().min(1), args: z.record(z.string(), z.unknown()) }),
);
type DeviceCommand = z.infer<typeof deviceCommand.schema>;

const up = (redis: ClusterRedis) =>
  new Promise<void>((resolve) => {
    const off = redis.on('up', () => {
      off();
      resolve();
    });
  });

function inbox<T>() {
  const items: { body: T; from: string }[] = [];
  let wake: (() => void) | undefined;
  return {
    items,
    handler: (body: T, meta: { from: string }) => {
      items.push({ body, from: meta.from });
      wake?.();
    },
    /** Resolves once `n` messages have arrived. */
    until: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (items.length >= n ? resolve() : (wake = check));
        check();
      }),
  };
}

describe('Channel', () => {
  let server: TestRedis;
  let a: ClusterRedis;
  let b: ClusterRedis;
  beforeAll(async () => {
    server = await startRedis();
    a = await openRedis(server.url, log);
    b = await openRedis(server.url, log);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('carries a typed message from node A to node B, not back to A', async () => {
    const onA = new Channel(a, deviceCommand, 'node-a');
    const onB = new Channel(b, deviceCommand, 'node-b');
    const atB = inbox<DeviceCommand>();
    const atA = inbox<DeviceCommand>();
    const offB = await onB.subscribe(atB.handler);
    const offA = await onA.subscribe(atA.handler);
    const cmd = { deviceId: 'db-001', name: 'reset', args: { breaker: 2 } };
    expect(await onA.publish(cmd)).toBe(2); // both subscribers got it; A ignored its own
    await atB.until(1);
    expect(atB.items).toEqual([{ body: cmd, from: 'node-a' }]);
    await onB.publish({ ...cmd, name: 'ping' });
    await atA.until(1);
    expect(atA.items.map((m) => m.body.name)).toEqual(['ping']);
    await offA();
    await offB();
  });

  it('drops and counts invalid payloads, and delivers the next valid one', async () => {
    const onA = new Channel(a, deviceCommand, 'node-a');
    const onB = new Channel(b, deviceCommand, 'node-b');
    const atB = inbox<DeviceCommand>();
    const off = await onB.subscribe(atB.handler);
    const raw = 'redsail:ch:device-command';
    await a.command.publish(raw, 'not json');
    await a.command.publish(
      raw,
      JSON.stringify({ from: 'node-a', body: { deviceId: '', name: 'x', args: {} } }),
    );
    await a.command.publish(raw, JSON.stringify({ body: { deviceId: 'd', name: 'x', args: {} } }));
    await onA.publish({ deviceId: 'db-002', name: 'reset', args: {} });
    await atB.until(1);
    expect(atB.items.map((m) => m.body.deviceId)).toEqual(['db-002']);
    expect(onB.dropped).toBe(3);
    await expect(onA.publish({ deviceId: '', name: 'x', args: {} })).rejects.toThrow();
    await off();
  });

  it('keeps a subscriber across a Redis restart: it resubscribes and receives again', async () => {
    const onA = new Channel(a, deviceCommand, 'node-a');
    const onB = new Channel(b, deviceCommand, 'node-b');
    const atB = inbox<DeviceCommand>();
    const off = await onB.subscribe(atB.handler);
    await onA.publish({ deviceId: 'db-003', name: 'before', args: {} });
    await atB.until(1);

    // Both nodes report up again only once their clients are ready, and node-redis resubscribes
    // before a subscriber counts as ready.
    const back = Promise.all([up(a), up(b)]);
    await server.restart();
    await back;
    expect(await onA.publish({ deviceId: 'db-003', name: 'after', args: {} })).toBe(1);
    await atB.until(2);
    expect(atB.items.map((m) => m.body.name)).toEqual(['before', 'after']);
    await off();
  });
});
