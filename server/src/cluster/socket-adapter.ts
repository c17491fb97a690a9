// Socket.IO across nodes: the Redis streams adapter carries every emit to the sockets of all nodes, and
// connection-state recovery lets a console that dropped briefly get the events it missed (its session
// and the missed packets are read back from the stream) instead of a full resync.
// Redis keys: the stream `redsail:socket.io` (trimmed to about STREAM_MAX_LEN entries), sessions under
// `redsail:sio:session:<id>` (expiring after MAX_DISCONNECTION_MS), pub/sub channels `redsail:sio#…`.
//
// While Redis is down, an emit reaches this node's own sockets at once and is not queued for Redis (the
// consoles resync when it is back), and a reconnecting console is not held waiting for a session that
// cannot be read: it connects as new.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Namespace, ServerOptions } from 'socket.io';
import type { RedisClient } from './redis';

/** How long a dropped connection can be recovered with the events it missed. */
export const MAX_DISCONNECTION_MS = 2 * 60_000;
/** Entries kept in the stream: must cover MAX_DISCONNECTION_MS of emits for recovery to work. */
const STREAM_MAX_LEN = 50_000;

export type ClusterSocketOptions = Pick<ServerOptions, 'adapter' | 'connectionStateRecovery'>;

type StreamsAdapter = ReturnType<ReturnType<typeof createAdapter>>;

/** The Socket.IO server options of a cluster node, over the node's command client. */
export function clusterSocketOptions(
  redis: RedisClient,
  opts: { streamName?: string; maxDisconnectionMs?: number } = {},
): ClusterSocketOptions {
  const streams = createAdapter(redis, {
    streamName: opts.streamName ?? 'redsail:socket.io',
    channelPrefix: 'redsail:sio',
    sessionKeyPrefix: 'redsail:sio:session:',
    maxLen: STREAM_MAX_LEN,
  });
  // Socket.IO calls it with `new`: a plain function (not an arrow) that returns the adapter object.
  const adapter = function (nsp: Namespace): StreamsAdapter {
    return localWhileDown(streams(nsp), redis);
  };
  return {
    adapter,
    connectionStateRecovery: {
      maxDisconnectionDuration: opts.maxDisconnectionMs ?? MAX_DISCONNECTION_MS,
      // A recovered connection is authenticated again: a revoked token does not come back.
      skipMiddlewares: false,
    },
  };
}

function localWhileDown(adapter: StreamsAdapter, redis: RedisClient): StreamsAdapter {
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) =>
    broadcast(packet, redis.isReady ? opts : { ...opts, flags: { ...opts.flags, local: true } });
  const persist = adapter.persistSession.bind(adapter);
  adapter.persistSession = (session) => {
    if (redis.isReady) persist(session);
  };
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = (pid, offset) =>
    redis.isReady ? restore(pid, offset) : Promise.reject(new Error('Redis is down: no session to recover'));
  return adapter;
}
