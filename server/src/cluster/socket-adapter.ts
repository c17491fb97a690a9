// Socket.IO across nodes: the Redis streams adapter carries every emit to the sockets of all nodes, and
// connection-state recovery lets a console that dropped briefly get the events it missed (its session
// and the missed packets are read back from the stream) instead of a full resync.
// Redis keys: the stream `redsail:socket.io` (trimmed to about STREAM_MAX_LEN entries), sessions under
// `redsail:sio:session:<id>` (expiring after MAX_DISCONNECTION_MS), pub/sub channels `redsail:sio#…`.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ServerOptions } from 'socket.io';
import type { RedisClient } from './redis';

/** How long a dropped connection can be recovered with the events it missed. */
export const MAX_DISCONNECTION_MS = 2 * 60_000;
/** Entries kept in the stream: must cover MAX_DISCONNECTION_MS of emits for recovery to work. */
const STREAM_MAX_LEN = 50_000;

export type ClusterSocketOptions = Pick<ServerOptions, 'adapter' | 'connectionStateRecovery'>;

/** The Socket.IO server options of a cluster node, over the node's command client. */
export function clusterSocketOptions(
  redis: RedisClient,
  opts: { streamName?: string; maxDisconnectionMs?: number } = {},
): ClusterSocketOptions {
  const streamName = opts.streamName ?? 'redsail:socket.io';
  return {
    adapter: createAdapter(redis, {
      streamName,
      channelPrefix: 'redsail:sio',
      sessionKeyPrefix: 'redsail:sio:session:',
      maxLen: STREAM_MAX_LEN,
    }),
    connectionStateRecovery: {
      maxDisconnectionDuration: opts.maxDisconnectionMs ?? MAX_DISCONNECTION_MS,
      // A recovered connection is authenticated again: a revoked token does not come back.
      skipMiddlewares: false,
    },
  };
}
