// Socket.IO across nodes against a real redis-server: two servers (two nodes) share one Redis through
// the streams adapter; a client on node B hears what node A emits, to everyone and to a room, and a
// client that drops briefly is recovered with the events it missed.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { openRedis, type ClusterRedis, type RedisStatus } from '../../server/src/cluster/redis';
import { clusterSocketOptions } from '../../server/src/cluster/socket-adapter';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';

interface Node {
  redis: ClusterRedis;
  http: http.Server;
  io: Server;
  url: string;
  /** Resolves with the server side of the next connection. */
  nextConnection(): Promise<ServerSocket>;
}

async function startNode(redisUrl: string): Promise<Node> {
  const redis = await openRedis(redisUrl, pino({ level: 'silent' }));
  const server = http.createServer();
  const ioServer = new Server(server, clusterSocketOptions(redis.command, { streamName: 'test:socket.io' }));
  const waiting: ((s: ServerSocket) => void)[] = [];
  ioServer.on('connection', (socket) => {
    void socket.join('van:7');
    waiting.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    redis,
    http: server,
    io: ioServer,
    url: `http://127.0.0.1:${port}`,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

/**
 * Each adapter reads the stream from "now" once its first blocking XREAD runs; emits before that would
 * not reach it. Redis counts the clients blocked in XREAD: one per node.
 */
async function streamsRead(node: Node): Promise<void> {
  await vi.waitFor(
    async () => expect(await node.redis.command.info('clients')).toMatch(/blocked_clients:2\r?\n/),
    { timeout: 10_000, interval: 20 },
  );
}

const next = (node: Node, status: RedisStatus) =>
  new Promise<void>((resolve) => {
    const off = node.redis.on(status, () => {
      off();
      resolve();
    });
  });

function client(url: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Collects the payloads of one event; until(n) resolves once n have arrived. */
function collect(socket: Socket, event: string) {
  const got: unknown[] = [];
  const waiters: (() => void)[] = [];
  socket.on(event, (payload: unknown) => {
    got.push(payload);
    for (const w of waiters.splice(0)) w();
  });
  const until = (n: number): Promise<unknown[]> =>
    got.length >= n ? Promise.resolve(got) : new Promise((r) => waiters.push(() => void until(n).then(r)));
  return { got, until };
}

describe('Socket.IO across nodes', () => {
  let redis: TestRedis;
  let a: Node;
  let b: Node;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    a = await startNode(redis.url);
    b = await startNode(redis.url);
    // Each adapter reads the stream from "now" once its first blocking XREAD runs; emits before that
    // would not reach it. Redis counts the clients blocked in XREAD: one per node.
    await streamsRead(a);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const node of [a, b]) {
      if (!node) continue;
      await new Promise<void>((resolve) => void node.io.close(() => resolve()));
      await node.redis.close();
    }
    await redis?.stop();
  });

  it('delivers to a client on node B what node A emits, to everyone and to a room', async () => {
    const onB = await client(b.url);
    sockets.push(onB);
    const all = collect(onB, 'ticket:created');
    const room = collect(onB, 'assignment');
    a.io.emit('ticket:created', { id: 't-1' });
    a.io.to('van:7').emit('assignment', { id: 't-1', vanId: 'van-7' });
    a.io.to('van:8').emit('assignment', { id: 't-2', vanId: 'van-8' });
    a.io.to('van:7').emit('assignment', { id: 't-3', vanId: 'van-7' });
    expect(await all.until(1)).toEqual([{ id: 't-1' }]);
    expect(await room.until(2)).toEqual([
      { id: 't-1', vanId: 'van-7' },
      { id: 't-3', vanId: 'van-7' },
    ]);
  });

  it('recovers a client that dropped briefly, with the events it missed', async () => {
    const serverSide = b.nextConnection();
    const dropping = await client(b.url);
    sockets.push(dropping);
    const onB = await serverSide;
    const observer = await client(a.url); // proves each emit went through the stream
    sockets.push(observer);
    const missed = collect(dropping, 'ticket:updated');
    const seen = collect(observer, 'ticket:updated');

    a.io.to('van:7').emit('ticket:updated', { id: 't-1', n: 1 });
    await missed.until(1); // the client now has an offset in the stream

    const gone = new Promise<string>((resolve) => onB.once('disconnect', resolve));
    dropping.io.engine.close(); // the connection drops, as on a network failure
    expect(await gone).toBe('transport close');
    a.io.to('van:7').emit('ticket:updated', { id: 't-1', n: 2 });
    a.io.to('van:7').emit('ticket:updated', { id: 't-1', n: 3 });
    await seen.until(3);

    const back = new Promise<void>((resolve) => dropping.once('connect', resolve));
    dropping.connect();
    await back;
    expect(dropping.recovered).toBe(true);
    expect(await missed.until(3)).toEqual([1, 2, 3].map((n) => ({ id: 't-1', n })));
  });

  it('keeps local delivery and fresh connections while Redis is down, and fans out again when it is back', async () => {
    const onA = await client(a.url);
    const onB = await client(b.url);
    sockets.push(onA, onB);
    const atA = collect(onA, 'alarm:raised');
    const atB = collect(onB, 'alarm:raised');

    const down = Promise.all([next(a, 'down'), next(b, 'down')]);
    await redis.stop();
    await down;
    a.io.emit('alarm:raised', { id: 'during' });
    expect(await atA.until(1)).toEqual([{ id: 'during' }]); // this node's own consoles still hear it

    // A console that drops now connects again at once, as a new connection.
    const serverSide = a.nextConnection();
    const back = new Promise<void>((resolve) => onA.once('connect', resolve));
    onA.io.engine.close();
    onA.connect();
    await serverSide;
    await back;
    expect(onA.recovered).toBe(false);

    const up = Promise.all([next(a, 'up'), next(b, 'up')]);
    await redis.restart();
    await up;
    await streamsRead(a);
    a.io.emit('alarm:raised', { id: 'after' });
    expect(await atB.until(1)).toEqual([{ id: 'after' }]); // 'during' was never queued for Redis
  });
});
