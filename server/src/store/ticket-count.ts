// Counting tickets: how many a listing would hold in all, for a search's "N tickets" (GET
// /api/tickets/count). Like listTickets, the default (no `q`) is served by the indexes; `q` scans.
import type { TicketFilter } from './filters';

export interface TicketCountStore {
  /** The number of tickets listTickets(filter) returns without `before` and `limit`. */
  countTickets(filter: TicketFilter): Promise<number>;
}
