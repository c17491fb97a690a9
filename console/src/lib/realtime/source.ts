// What a page gives the live connection: which socket events it listens to, and how it loads
// its REST snapshot. The connection calls hold() on every (re)connect, then load(), and only then
// reports the page as live (ARCHITECTURE principle 8: re-snapshot on reconnect).
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../api/types';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSource {
  listen(socket: LiveSocket): void;
  /** A (re)sync begins: hold incoming events and drop those from before. */
  hold(): void;
  /** Load the snapshot over REST, replace the data, then apply the held events. */
  load(signal: AbortSignal): Promise<void>;
}
