// countTickets on SQLite: count(*) under listTickets' conditions (store/ticket-count.ts).
import type Database from 'better-sqlite3';
import type { TicketFilter } from '../store';
import { ticketConditions } from './tickets';

/** countTickets: one prepared statement per combination of filters used. */
export function ticketCounter(db: Database.Database): (f: TicketFilter) => number {
  const cache = new Map<string, Database.Statement<unknown[], { n: number }>>();
  return (f) => {
    const conditions = ticketConditions({ ...f, before: undefined });
    const where = conditions.map(([sql]) => sql).join(' AND ');
    let stmt = cache.get(where);
    if (stmt === undefined) {
      stmt = db.prepare<unknown[], { n: number }>(
        `SELECT count(*) AS n FROM tickets${where ? ` WHERE ${where}` : ''}`,
      );
      cache.set(where, stmt);
    }
    return stmt.get(...conditions.flatMap(([, ...values]) => values))?.n ?? 0;
  };
}
