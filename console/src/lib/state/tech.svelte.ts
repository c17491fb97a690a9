// The technician's live picture: the tickets of their own van (the server sends a technician only
// their van's events: `assignment`, ticket:created/updated), their van's position, compound and
// van names. New dispatches are reported to the page through `hooks` (it alerts the technician).
import { api } from '../api/endpoints';
import type { CompoundDto, TicketDto, VanDto, VanPosition } from '../api/types';
import type { LiveSocket, LiveSource } from '../realtime/source';
import { Collection } from './collection.svelte';
import { fresherVan, withFix } from './van-fix';

export const ACTIVE: readonly TicketDto['status'][] = ['on_site', 'en_route', 'accepted', 'dispatched'];

export interface TechHooks {
  /** An `assignment` event: the van was dispatched to this ticket. */
  assigned?: (t: TicketDto) => void;
  /** A snapshot was loaded; `first` on the page's first one (what was already there, not news). */
  snapshot?: (tickets: TicketDto[], first: boolean) => void;
}

export class TechStore implements LiveSource {
  readonly tickets = new Collection<TicketDto>();
  readonly compounds = new Collection<CompoundDto>();
  readonly vans = new Collection<VanDto>();
  #held: TicketDto[] = [];
  #heldFix: VanPosition | undefined;
  #holding = true;
  #loaded = false;
  /** When the last position of the own van came over the socket (Date.now ms; 0: never). */
  #lastFixAt = 0;

  constructor(
    /** The technician's van (session.user.vanId). */
    readonly vanId: string | undefined,
    private readonly hooks: TechHooks = {},
  ) {}

  listen(socket: LiveSocket): void {
    const put = (t: TicketDto) => {
      if (this.#holding) this.#held.push(t);
      else this.#apply([t]);
    };
    socket.on('assignment', (t) => {
      put(t);
      this.hooks.assigned?.(t);
    });
    socket.on('ticket:created', put);
    socket.on('ticket:updated', put);
    socket.on('van:positions', (list) => {
      const fix = list.find((p) => p.id === this.vanId);
      if (!fix) return;
      this.#lastFixAt = Date.now();
      if (this.#holding) this.#heldFix = fix;
      else this.#applyFix(fix);
    });
  }

  hold(): void {
    this.#holding = true;
    this.#held = [];
    this.#heldFix = undefined;
  }

  async load(signal: AbortSignal): Promise<void> {
    const [tickets, compounds, vans] = await Promise.all([
      api.myTickets(signal),
      api.compounds(signal),
      api.vans(signal),
    ]);
    signal.throwIfAborted();
    this.tickets.replace(tickets);
    this.compounds.replace(compounds);
    this.vans.replace(vans);
    this.#holding = false;
    this.#apply(this.#held);
    this.#held = [];
    if (this.#heldFix) this.#applyFix(this.#heldFix);
    this.#heldFix = undefined;
    const first = !this.#loaded;
    this.#loaded = true;
    this.hooks.snapshot?.(this.tickets.all(), first);
  }

  /** Whether a snapshot from the server has been loaded since the page opened. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /**
   * What the phone kept from last time (IndexedDB), shown until the server answers; ignored once
   * the server's own snapshot is in.
   */
  seed(saved: { tickets: TicketDto[]; compounds: CompoundDto[]; vans: VanDto[] }): void {
    if (this.#loaded) return;
    this.tickets.replace(saved.tickets);
    this.compounds.replace(saved.compounds);
    this.vans.replace(saved.vans);
  }

  /** A ticket this page changed itself (the answer to its own event). */
  changed(t: TicketDto): void {
    this.#apply([t]);
  }

  /** Milliseconds since the own van's position last came over the socket (Infinity: never). */
  fixAge(now: number): number {
    return this.#lastFixAt === 0 ? Infinity : now - this.#lastFixAt;
  }

  /** Re-reads the own van's position over REST (when no fixes come over the socket). */
  async refreshVan(signal?: AbortSignal): Promise<void> {
    if (!this.vanId) return;
    const mine = (await api.vans(signal)).find((v) => v.id === this.vanId);
    if (!mine || this.#holding) return;
    const known = this.vans.peek(mine.id);
    const next = fresherVan(known, mine);
    if (next !== known) this.vans.apply([next]);
  }

  #apply(list: TicketDto[]): void {
    const fresh = list.filter((t) => {
      const known = this.tickets.peek(t.id);
      return !known || Date.parse(known.updatedAt) <= Date.parse(t.updatedAt);
    });
    if (fresh.length) this.tickets.apply(fresh);
  }

  #applyFix(fix: VanPosition): void {
    const known = this.vans.peek(fix.id);
    const next = known && withFix(known, fix);
    if (next) this.vans.apply([next]);
  }

  /** The technician's own van, with its last known position. */
  get van(): VanDto | undefined {
    return this.vanId === undefined ? undefined : this.vans.get(this.vanId);
  }

  /** The van's work in order: the one under way first, then by priority and age. */
  get active(): TicketDto[] {
    return this.tickets
      .all()
      .filter((t) => ACTIVE.includes(t.status))
      .sort(
        (a, b) =>
          ACTIVE.indexOf(a.status) - ACTIVE.indexOf(b.status) ||
          a.priority.localeCompare(b.priority) ||
          a.createdAt.localeCompare(b.createdAt),
      );
  }
}
