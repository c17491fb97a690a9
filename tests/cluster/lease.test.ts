// Leases against a real redis-server: one holder at a time among contenders, a paused holder gives up by
// its own clock before anyone else is issued an epoch, epochs keep growing across a Redis restart
// without persistence, and stop() hands the lease over at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Lease } from '../../server/src/cluster/lease';
import { openRedis, type ClusterRedis } from '../../server/src/cluster/redis';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';

const log = pino({ level: 'silent' });
const TTL_MS = 600;

describe('Lease', () => {
  let server: TestRedis;
  const nodes: ClusterRedis[] = [];
  beforeAll(async () => {
    server = await startRedis();
    for (let i = 0; i < 3; i++) nodes.push(await openRedis(server.url, log));
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await server?.stop();
  });

  it('keeps one holder at a time, fences a paused one, survives a Redis restart and hands over on stop', async () => {
    const leases = nodes.map(
      (n, i) => new Lease(n.command, { name: 'sweep', nodeId: `node-${i}`, ttlMs: TTL_MS }),
    );
    const log: string[] = [];
    const epochs: number[] = [];
    const holdersAtAcquire: number[] = [];
    const acquired = (except: Lease[] = []) =>
      new Promise<{ lease: Lease; epoch: number }>((resolve) => {
        for (const lease of leases) {
          if (except.includes(lease)) continue;
          const on = (epoch: number) => {
            for (const l of leases) l.off('acquired', on);
            resolve({ lease, epoch });
          };
          lease.on('acquired', on);
        }
      });
    leases.forEach((lease, i) => {
      lease.on('acquired', (epoch) => {
        log.push(`acquired ${i}`);
        epochs.push(epoch);
        holdersAtAcquire.push(leases.filter((l) => l.holding() !== undefined).length);
      });
      lease.on('lost', () => log.push(`lost ${i}`));
    });

    // Three contenders: one holds.
    const first = acquired();
    for (const lease of leases) lease.start();
    const a = await first;
    expect(a.lease.holding()).toEqual({ epoch: a.epoch });

    // The holder is paused: it stops counting on the lease before another is issued a higher epoch.
    const second = acquired([a.lease]);
    a.lease.freezeRenewals();
    const b = await second;
    expect(a.lease.holding()).toBeUndefined();
    expect(b.epoch).toBeGreaterThan(a.epoch);
    const ia = leases.indexOf(a.lease);
    expect(log.indexOf(`lost ${ia}`)).toBeGreaterThan(-1);
    expect(log.indexOf(`lost ${ia}`)).toBeLessThan(log.lastIndexOf(`acquired ${leases.indexOf(b.lease)}`));

    // Redis restarts and forgets everything: a holder again, with an epoch above every earlier one.
    const third = acquired([a.lease]);
    await server.restart();
    const c = await third;
    expect(c.epoch).toBeGreaterThan(Math.max(a.epoch, b.epoch));

    // stop() releases at once: the key is gone when it resolves, and the other contender takes over.
    const fourth = acquired([a.lease, c.lease]);
    await c.lease.stop();
    expect(c.lease.holding()).toBeUndefined();
    const after = (await nodes[0]!.command.get('redsail:lease:sweep')) ?? 'free';
    expect(after).not.toMatch(new RegExp(`^node-${leases.indexOf(c.lease)} `));
    const d = await fourth;
    expect(d.epoch).toBeGreaterThan(c.epoch);

    // Never two holders by local reckoning, at any acquisition; epochs strictly increase.
    expect(holdersAtAcquire.every((n) => n === 1)).toBe(true);
    expect(epochs).toEqual([...epochs].sort((x, y) => x - y));
    expect(new Set(epochs).size).toBe(epochs.length);
    for (const lease of leases) await lease.stop();
  });

  it('issues epochs above the floor the caller passes in', async () => {
    const floor = 2 ** 50; // far above any Redis clock reading in ms
    const lease = new Lease(nodes[0]!.command, {
      name: 'floored',
      nodeId: 'node-0',
      ttlMs: TTL_MS,
      floor: () => Promise.resolve(floor),
    });
    const got = new Promise<number>((resolve) => lease.once('acquired', resolve));
    lease.start();
    expect(await got).toBe(floor + 1);
    await lease.stop();
  });
});
