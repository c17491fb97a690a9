// The technician's outbox: every action goes through it. An action is stored first (IndexedDB),
// then sent in order; the caller of `submit` hears how its own action ended when it went at once
// (sent, or refused: the page says why, as before) or that it waits for the network (`queued`).
// Queued actions go when the network is back (`flush`: the page calls it when its connection is
// live again, on `online`, and on a backoff timer); one refused later stays in the list, marked,
// until the technician dismisses it. Plain TypeScript (unit-tested with a fake store and sender);
// the page mirrors `items` and `sentLater` into its own state through `onchange`.
import { ApiError } from '../api/client';
import type { TicketDto } from '../api/types';
import type { OfflineDb } from './db';
import {
  nextToSend,
  retryDelay,
  verdict,
  type Attempt,
  type OutboxAction,
  type OutboxItem,
} from './outbox-rules';

export type SubmitResult = { state: 'sent'; ticket?: TicketDto } | { state: 'queued' };

interface Waiter {
  resolve: (r: SubmitResult) => void;
  reject: (err: ApiError) => void;
}

export interface OutboxDeps {
  db: OfflineDb;
  send: (item: OutboxItem) => Promise<Attempt>;
  /** A sent event's answer: the ticket as the server now has it. */
  onsent?: (ticket: TicketDto) => void;
  /** An action refused for good (the page re-loads: the ticket moved on). */
  onrefused?: (item: OutboxItem) => void;
  /** The list or the count of sent-later actions changed. */
  onchange?: (o: Outbox) => void;
  /** Timers for the backoff (tests pass their own). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  newKey?: () => string;
  now?: () => number;
}

export class Outbox {
  #items: OutboxItem[] = [];
  #sentLater = 0;
  #waiters = new Map<number, Waiter>();
  #flushing: Promise<void> | undefined;
  #failures = 0;
  #timer: unknown;
  #stopped = false;

  constructor(private readonly deps: OutboxDeps) {}

  /** Everything stored, in the order taken (refused ones included). */
  get items(): readonly OutboxItem[] {
    return this.#items;
  }

  /** How many queued actions went out since the page opened (for "all sent"). */
  get sentLater(): number {
    return this.#sentLater;
  }

  private set items(list: OutboxItem[]) {
    this.#items = list;
    this.deps.onchange?.(this);
  }

  /** Not refused: still to go. */
  get pending(): OutboxItem[] {
    return this.items.filter((i) => !i.failed);
  }

  get refused(): OutboxItem[] {
    return this.items.filter((i) => i.failed);
  }

  async load(): Promise<void> {
    this.items = (await this.deps.db.all()).sort((a, b) => a.seq - b.seq);
    void this.flush();
  }

  /** Stores the action with a fresh Idempotency-Key, then tries to send what is queued. */
  async submit(action: OutboxAction): Promise<SubmitResult> {
    const key = (this.deps.newKey ?? (() => crypto.randomUUID()))();
    const item = await this.deps.db.add({ key, at: (this.deps.now ?? Date.now)(), action });
    this.items = [...this.items, item];
    const done = new Promise<SubmitResult>((resolve, reject) =>
      this.#waiters.set(item.seq, { resolve, reject }),
    );
    void this.flush();
    return done;
  }

  /** Sends what is queued, oldest first, until it is all sent or the network is gone. */
  flush(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    // The last look at the queue and the clearing happen in one step: an action added while a run
    // was ending is sent by this run or starts the next, never left waiting for a timer.
    this.#flushing ??= (async () => {
      try {
        do await this.#run();
        while (!this.#stopped && this.#timer === undefined && nextToSend(this.#items));
      } finally {
        this.#flushing = undefined;
      }
    })();
    return this.#flushing;
  }

  /** The technician has read why it was refused. */
  async dismiss(seq: number): Promise<void> {
    await this.deps.db.remove(seq);
    this.items = this.items.filter((i) => i.seq !== seq);
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
    this.#release();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) (this.deps.clearTimer ?? ((t) => clearTimeout(t as number)))(this.#timer);
    this.#timer = undefined;
  }

  async #run(): Promise<void> {
    this.#clearTimer();
    for (let item = nextToSend(this.items); item && !this.#stopped; item = nextToSend(this.items)) {
      const attempt = await this.deps.send(item);
      const v = verdict(attempt);
      if (v === 'retry') {
        const setTimer = this.deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
        this.#timer = setTimer(() => void this.flush(), retryDelay(this.#failures++));
        this.#release();
        return;
      }
      this.#failures = 0;
      const waiter = this.#waiters.get(item.seq);
      this.#waiters.delete(item.seq);
      if (v === 'sent') {
        await this.#drop(item.seq);
        if (!waiter) {
          this.#sentLater++;
          this.deps.onchange?.(this);
        }
        const ticket = 'ticket' in attempt ? attempt.ticket : undefined;
        if (ticket) this.deps.onsent?.(ticket);
        waiter?.resolve({ state: 'sent', ...(ticket && { ticket }) });
        continue;
      }
      const status = attempt.status === 'network' ? 0 : attempt.status;
      const failure = {
        status,
        code: ('code' in attempt && attempt.code) || 'http_error',
        message: ('message' in attempt && attempt.message) || String(status),
      };
      if (waiter) {
        // Its taker is still looking: said there, as any refused action is; nothing left to show.
        await this.#drop(item.seq);
        waiter.reject(new ApiError(failure.status, failure.code, failure.message));
      } else {
        await this.deps.db.markFailed(item.seq, failure);
        this.items = this.items.map((i) => (i.seq === item.seq ? { ...i, failed: failure } : i));
        this.deps.onrefused?.(item);
      }
    }
  }

  async #drop(seq: number): Promise<void> {
    await this.deps.db.remove(seq);
    this.items = this.items.filter((i) => i.seq !== seq);
  }

  /** Everyone still waiting hears that their action waits for the network. */
  #release(): void {
    for (const w of this.#waiters.values()) w.resolve({ state: 'queued' });
    this.#waiters.clear();
  }
}
