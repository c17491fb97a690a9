// A technician bot for one van: logs in, listens for its `assignment` (and its tickets' updates) over
// Socket.IO, and moves its current ticket on — accept, depart, (the van drives; the server sets on_site
// on arrival), repair, resolve — after human-like, seeded delays. Every step starts from the ticket as
// the server has it now (one GET), so missed events, restarts and a dispatcher's changes only cost a
// re-read; a refused step (409, 403) is logged and not retried for that ticket.
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/src/contracts/socket';
import { Api, ApiError, BUSY, errorText, LoginResult, TicketLite } from './api';
import { delayS, nextAction, repairNote, type Action, type TechnicianProfile } from './technician';

export interface BotOptions {
  apiUrl: string;
  vanId: string;
  login: { username: string; password: string };
  profile: TechnicianProfile;
  /** Simulated seconds per real second. */
  timeScale: number;
  rand: () => number;
  log: (msg: string) => void;
}

/** A slow re-read besides the events, in case one was missed. */
const SAFETY_POLL_MS = 3000;
const RECONNECT_MS = 2000;

export class TechnicianBot {
  private readonly api: Api;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  private planned: { key: string; timer: NodeJS.Timeout } | undefined;
  /** `${ticketId} ${action}` steps the server refused: not tried again. */
  private readonly refused = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private again = false;
  private stopped = false;
  private trouble = false;

  constructor(private readonly o: BotOptions) {
    this.api = new Api(o.apiUrl);
  }

  private get who(): string {
    return `${this.o.login.username} (${this.o.vanId})`;
  }

  /** Logs in (a wrong password rejects), connects the live channel and checks for a ticket already assigned. */
  async start(): Promise<void> {
    await this.login().catch((err: unknown) => {
      throw new Error(`technician bot ${this.who} cannot log in: ${errorText(err)}`);
    });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.o.apiUrl, {
      auth: (cb) => cb({ token: this.api.token ?? '' }),
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => this.kick());
    socket.on('assignment', (t) => {
      this.o.log(`${this.who}: assigned ticket ${t.id} (${t.category})`);
      this.kick();
    });
    socket.on('ticket:updated', () => this.kick());
    socket.on('connect_error', (err) => {
      this.warn(`live connection failed: ${err.message}`);
      if (!socket.active) this.later(RECONNECT_MS, () => this.reconnect()); // refused by the server: log in again
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') this.later(RECONNECT_MS, () => this.reconnect());
    });
    this.repeat(SAFETY_POLL_MS, () => this.kick());
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.planned) clearTimeout(this.planned.timer);
    for (const t of this.timers) clearTimeout(t);
    this.socket?.close();
  }

  private async login(): Promise<void> {
    const res = await this.api.post('/api/auth/login', this.o.login, LoginResult);
    this.api.token = res.token;
  }

  private async reconnect(): Promise<void> {
    try {
      await this.login();
      this.socket?.connect();
    } catch (err) {
      this.warn(`cannot log in again: ${errorText(err)}`);
      this.later(RECONNECT_MS, () => this.reconnect());
    }
  }

  /** Runs fn; on a 401 (the session ended) logs in once more and runs it again. */
  private async authed<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.login();
      return fn();
    }
  }

  /** Re-reads the ticket; one re-read at a time, and one more if something happened meanwhile. */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.reconcile().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async reconcile(): Promise<void> {
    let ticket: TicketLite | undefined;
    try {
      const path = `/api/tickets?vanId=${encodeURIComponent(this.o.vanId)}&status=${BUSY}`;
      [ticket] = await this.authed(() => this.api.get(path, z.array(TicketLite)));
      if (this.trouble) this.o.log(`${this.who}: the server answers again`);
      this.trouble = false;
    } catch (err) {
      this.warn(`cannot read my tickets: ${errorText(err)}`);
      return;
    }
    const action = ticket && nextAction(ticket.status);
    const key = ticket && action && `${ticket.id} ${action}`;
    if (key === this.planned?.key || this.stopped) return;
    if (this.planned) clearTimeout(this.planned.timer);
    this.planned = undefined;
    if (!ticket || !action || !key || this.refused.has(key)) return;
    const t = ticket;
    const s = delayS(action, this.o.profile, this.o.rand);
    if (action === 'resolve') this.o.log(`${this.who}: repairing ${t.id}, about ${Math.round(s / 60)} min`);
    const timer = setTimeout(() => void this.act(t, action, key), (s * 1000) / this.o.timeScale);
    this.planned = { key, timer };
  }

  private async act(t: TicketLite, action: Action, key: string): Promise<void> {
    if (this.planned?.key === key) this.planned = undefined;
    const body =
      action === 'resolve' ? { type: action, note: repairNote(t.category, this.o.rand) } : { type: action };
    try {
      await this.authed(() =>
        this.api.post(`/api/tickets/${encodeURIComponent(t.id)}/events`, body, TicketLite),
      );
      this.o.log(`${this.who}: ${action} ${t.id}${'note' in body ? ` — ${body.note}` : ''}`);
    } catch (err) {
      if (this.stopped) return;
      // 4xx: the ticket changed under us (a dispatcher re-dispatched or cancelled it); 0/5xx: try again later.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) this.refused.add(key);
      this.o.log(`${this.who}: ${action} ${t.id} failed, carrying on: ${errorText(err)}`);
    }
    this.kick();
  }

  /** Logs a problem once until the next success. */
  private warn(msg: string): void {
    if (!this.trouble) this.o.log(`${this.who}: ${msg}`);
    this.trouble = true;
  }

  private later(ms: number, fn: () => Promise<void> | void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) void fn();
    }, ms);
    this.timers.add(t);
  }

  private repeat(ms: number, fn: () => void): void {
    const tick = () => {
      fn();
      this.later(ms, tick);
    };
    this.later(ms, tick);
  }
}
