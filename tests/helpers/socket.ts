// Socket.IO test client and event waiting (no sleeps: tests await the event itself).
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SocketAuth,
} from '../../server/src/contracts/socket';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectSocket(
  httpUrl: string,
  token: string,
  auth: Omit<SocketAuth, 'token'> = {},
): Promise<TestSocket> {
  const socket: TestSocket = io(httpUrl, {
    auth: { ...auth, token },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** Records every event of the given names, so a test can await one that may already have arrived. */
export class EventLog {
  readonly events: { name: string; payload: unknown }[] = [];
  private waiters: { name: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  constructor(socket: TestSocket, names: (keyof ServerToClientEvents)[]) {
    for (const name of names) {
      socket.on(name, (payload: unknown) => {
        this.events.push({ name, payload });
        this.waiters = this.waiters.filter((w) => {
          if (w.name !== name || !w.pred(payload)) return true;
          w.resolve(payload);
          return false;
        });
      });
    }
  }

  of<T = Record<string, unknown>>(name: string): T[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as T);
  }

  /** Resolves with the first event (past or future) of that name matching pred. */
  waitFor<T = Record<string, unknown>>(name: string, pred: (p: T) => boolean = () => true): Promise<T> {
    const seen = this.events.find((e) => e.name === name && pred(e.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise((resolve) =>
      this.waiters.push({
        name,
        pred: pred as (p: unknown) => boolean,
        resolve: resolve as (p: unknown) => void,
      }),
    );
  }
}
