// The technician page's offline side: the service worker, the phone's copy of the van's work
// (IndexedDB snapshot, shown when the server cannot be reached), and the outbox every action goes
// through. The page creates one, starts it on mount and stops it on destroy.
import { ApiError } from '../api/client';
import type { TicketDto } from '../api/types';
import { ACTIVE, type TechStore } from '../state/tech.svelte';
import { openOfflineDb, type OfflineDb, type TechSnapshot } from './db';
import { Outbox, type SubmitResult } from './outbox';
import { project, verdict, type OutboxAction, type OutboxItem } from './outbox-rules';
import { registerServiceWorker } from './register-sw';
import { sendItem } from './send';

export class TechOffline {
  items = $state<readonly OutboxItem[]>([]);
  sentLater = $state(0);
  /** The service worker is in place: the page opens without a network. */
  offlineReady = $state(false);
  /** When the copy shown was saved, while the server has not answered yet (ms). */
  seededAt = $state<number | undefined>();
  /** When the server's picture was last kept on the phone (ms). */
  savedAt = $state<number | undefined>();
  #db: Promise<OfflineDb> | undefined;
  #ready: Promise<Outbox | undefined> | undefined;
  #outbox: Outbox | undefined;
  #stopped = false;

  constructor(
    private readonly store: TechStore,
    /** A queued action was refused for good: re-load the van's work. */
    private readonly onrefused: () => void,
  ) {}

  start(username: string): void {
    void registerServiceWorker().then((ok) => (this.offlineReady = ok));
    this.#db = openOfflineDb(username);
    this.#ready = this.#db.then(
      async (db) => {
        if (this.#stopped) return undefined;
        const saved = await db.loadSnapshot();
        if (saved && !this.store.loaded) {
          this.store.seed(saved);
          this.seededAt = saved.at;
        }
        this.#outbox = new Outbox({
          db,
          send: sendItem,
          onsent: (t) => this.store.changed(t),
          onrefused: () => this.onrefused(),
          onchange: (o) => {
            this.items = o.items;
            this.sentLater = o.sentLater;
          },
        });
        await this.#outbox.load();
        return this.#outbox;
      },
      (err: unknown) => {
        console.warn('offline store unavailable', err);
        return undefined;
      },
    );
  }

  /**
   * Called once while the page is set up: whenever the page is live again, what waits is sent and
   * the server's picture is kept on the phone for next time.
   */
  follow(live: () => boolean): void {
    $effect(() => {
      if (live()) this.flush();
    });
    $effect(() => {
      if (!live() || !this.store.loaded) return;
      this.save({
        tickets: $state.snapshot(this.store.tickets.all()),
        compounds: $state.snapshot(this.store.compounds.all()),
        vans: $state.snapshot(this.store.vans.all()),
      });
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#outbox?.stop();
  }

  /** Takes an action: stored, then sent in order (see Outbox.submit). */
  async submit(action: OutboxAction): Promise<SubmitResult> {
    const outbox = await this.#ready;
    if (outbox) return outbox.submit(action);
    // No IndexedDB (a private window): sent at once, with a key all the same, or said why not.
    const a = await sendItem({ seq: 0, key: crypto.randomUUID(), at: Date.now(), action });
    if (a.status === 'network') throw new TypeError('network');
    if (verdict(a) === 'sent') return { state: 'sent', ...(a.ticket && { ticket: a.ticket }) };
    throw new ApiError(a.status, a.code ?? 'http_error', a.message ?? String(a.status));
  }

  /** The network may be back: send what waits. */
  flush(): void {
    void this.#outbox?.flush();
  }

  dismiss(seq: number): void {
    void this.#outbox?.dismiss(seq);
  }

  /** Keeps the server's latest picture of the van's work on the phone. */
  save(s: Omit<TechSnapshot, 'at'>): void {
    this.seededAt = undefined;
    const at = Date.now();
    void this.#db
      ?.then((db) => db.saveSnapshot({ ...s, at }))
      .then(() => (this.savedAt = at))
      .catch(() => {});
  }

  get pending(): OutboxItem[] {
    return this.items.filter((i) => !i.failed);
  }

  /** The van's work as it will be once the queued steps arrive; `pending` marks those on the way. */
  view(active: readonly TicketDto[]): { ticket: TicketDto; pending: boolean }[] {
    return active.map((t) => project(t, this.items)).filter((v) => ACTIVE.includes(v.ticket.status));
  }
}
