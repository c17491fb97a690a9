// The node's Redis clients against a real redis-server: the health view follows the server going away
// and coming back, and opening against an unreachable Redis fails with a message that names the address
// and never the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openRedis, redisAddress, type ClusterRedis, type RedisStatus } from '../../server/src/cluster/redis';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';

const log = pino({ level: 'silent' });
const next = (redis: ClusterRedis, status: RedisStatus) =>
  new Promise<void>((resolve) => {
    const off = redis.on(status, () => {
      off();
      resolve();
    });
  });

describe('cluster Redis clients', () => {
  let server: TestRedis;
  let redis: ClusterRedis;
  beforeAll(async () => {
    server = await startRedis();
    redis = await openRedis(server.url, log);
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  it('is up once opened, and both clients answer', async () => {
    expect(redis.status()).toBe('up');
    expect(await redis.command.ping()).toBe('PONG');
    expect(redis.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('goes down when redis-server stops and up when it is back, with events', async () => {
    const down = next(redis, 'down');
    const up = next(redis, 'up');
    const restarted = server.restart();
    await down;
    expect(redis.status()).toBe('down');
    await restarted;
    await up;
    expect(redis.status()).toBe('up');
    expect(await redis.command.set('k', 'v')).toBe('OK');
  });

  it('refuses to open against an unreachable Redis, naming the address but not the password', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
    const closed = await startRedis();
    await closed.stop(); // a port where nothing listens any more
    const url = `redis://user:s3cret-pw@127.0.0.1:${closed.port}`;
    const err = await openRedis(url, capture).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(`Redis at 127.0.0.1:${closed.port} is not reachable`);
    expect(err?.message).toMatch(/check REDIS_URL/);
    expect(err?.message).not.toMatch('s3cret-pw');
    expect(lines.join('')).not.toMatch('s3cret-pw');
  });

  it('rejects a REDIS_URL that is not a redis:// URL without echoing it', () => {
    expect(() => redisAddress('http://user:pw@h:1')).toThrow(/must start with redis:\/\//);
    expect(() => redisAddress('not a url :pw')).toThrow(/not a valid URL/);
  });
});
