// The Socket.IO connection of a page, authenticated by the session cookie. On connect and on
// every reconnect it re-loads the page's REST snapshot before calling itself live, so nothing
// stale is ever shown as live; while it is not live the page shows the connection banner.
import { io } from 'socket.io-client';
import { BATCHED_STATES } from '../api/types';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { LiveSocket, LiveSource } from './source';

export type ConnState = 'connecting' | 'syncing' | 'live' | 'reconnecting';

const RETRY_MS = [1000, 2000, 5000, 10_000];
/**
 * How long one snapshot attempt may take, by attempt: short first (a request on a connection that
 * died with the old server hangs rather than fails), longer on each retry for a slow network.
 */
const LOAD_TIMEOUT_MS = [5000, 10_000, 20_000, 40_000];

export class LiveConnection {
  state = $state<ConnState>('connecting');
  #socket: LiveSocket | undefined;
  #sync: AbortController | undefined;
  #everLive = false;

  constructor(
    private readonly source: LiveSource,
    /** The server refused the session (expired, logged out elsewhere). */
    private readonly onAuthLost: () => void,
  ) {}

  start(): void {
    const socket: LiveSocket = io({
      path: '/socket.io',
      withCredentials: true,
      reconnectionDelayMax: 5000,
      // device states as one batch per window, not one event per device (see contracts/socket.ts)
      auth: { deviceStates: BATCHED_STATES },
    });
    this.#socket = socket;
    this.source.listen(socket);
    socket.on('connect', () => void this.#resync(socket));
    // In a cluster, the server says so when it may have missed the other nodes' events.
    socket.on('resync', () => void this.#resync(socket));
    socket.on('disconnect', (reason) => {
      this.#abortSync();
      this.state = 'reconnecting';
      // The server closed it on purpose (logout elsewhere, session expired): Socket.IO does not
      // retry by itself, so ask whether the session still holds, then reconnect or give up.
      if (reason === 'io server disconnect') void this.#recheck(socket);
    });
    socket.on('connect_error', (err) => {
      if (err.message.startsWith('unauthorized')) {
        this.stop();
        this.onAuthLost();
        return;
      }
      this.state = this.#everLive ? 'reconnecting' : 'connecting';
    });
  }

  /** Whether the socket is connected (a sleeping phone's socket may claim so and hear nothing). */
  get connected(): boolean {
    return this.#socket?.connected ?? false;
  }

  /**
   * Connects now when not connected, instead of waiting out the reconnect backoff (the network is
   * back, the phone woke up). Socket.IO waits for its timer while reconnecting, so the pending
   * attempt is dropped and a fresh one opened.
   */
  reconnect(): void {
    const socket = this.#socket;
    if (!socket || socket.connected) return;
    socket.disconnect();
    socket.connect();
  }

  /**
   * Re-loads the snapshot now, the banner showing meanwhile (after a long sleep the page may have
   * missed events even on a socket that says it is connected); reconnects first when not connected.
   */
  resync(): void {
    const socket = this.#socket;
    if (!socket) return;
    if (socket.connected) void this.#resync(socket);
    else this.reconnect();
  }

  stop(): void {
    this.#abortSync();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  #abortSync(): void {
    this.#sync?.abort();
    this.#sync = undefined;
  }

  async #recheck(socket: LiveSocket): Promise<void> {
    try {
      await api.me();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.onAuthLost();
        return;
      }
    }
    if (this.#socket === socket) socket.connect();
  }

  async #resync(socket: LiveSocket): Promise<void> {
    this.#abortSync();
    const ctl = new AbortController();
    this.#sync = ctl;
    this.state = 'syncing';
    this.source.hold();
    for (let attempt = 0; !ctl.signal.aborted && socket.connected; attempt++) {
      try {
        // A request that hangs (a half-open connection) must not keep the page syncing forever.
        const timeout = LOAD_TIMEOUT_MS[Math.min(attempt, LOAD_TIMEOUT_MS.length - 1)] ?? 40_000;
        await this.source.load(AbortSignal.any([ctl.signal, AbortSignal.timeout(timeout)]));
        if (ctl.signal.aborted || !socket.connected) return;
        this.state = 'live';
        this.#everLive = true;
        return;
      } catch (err) {
        if (ctl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return; // the session handler took over
        console.warn('snapshot failed, retrying', err);
        await wait(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10_000, ctl.signal);
      }
    }
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
