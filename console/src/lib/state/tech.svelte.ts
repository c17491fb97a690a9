// The technician's live picture: the tickets of their own van (the server sends a technician only
// their van's events: `assignment`, ticket:created/updated), compound and van names.
import { api } from '../api/endpoints';
import type { CompoundDto, TicketDto, VanDto } from '../api/types';
import type { LiveSocket, LiveSource } from '../realtime/source';
import { Collection } from './collection.svelte';

const ACTIVE: readonly TicketDto['status'][] = ['on_site', 'en_route', 'accepted', 'dispatched'];

export class TechStore implements LiveSource {
  readonly tickets = new Collection<TicketDto>();
  readonly compounds = new Collection<CompoundDto>();
  readonly vans = new Collection<VanDto>();
  #held: TicketDto[] = [];
  #holding = true;

  listen(socket: LiveSocket): void {
    const put = (t: TicketDto) => {
      if (this.#holding) this.#held.push(t);
      else this.#apply([t]);
    };
    socket.on('assignment', put);
    socket.on('ticket:created', put);
    socket.on('ticket:updated', put);
  }

  hold(): void {
    this.#holding = true;
    this.#held = [];
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
  }

  /** A ticket this page changed itself (the answer to its own event). */
  changed(t: TicketDto): void {
    this.#apply([t]);
  }

  #apply(list: TicketDto[]): void {
    const fresh = list.filter((t) => {
      const known = this.tickets.peek(t.id);
      return !known || Date.parse(known.updatedAt) <= Date.parse(t.updatedAt);
    });
    if (fresh.length) this.tickets.apply(fresh);
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
