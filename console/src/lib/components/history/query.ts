// The ticket history's query (/tickets): what the search box and filters hold, kept in the page's
// URL (`?q=…&status=closed,cancelled&…`) so a reload or a pasted link shows the same list, and turned
// into GET /api/tickets parameters. Dates are calendar days in Qufu (yyyy-mm-dd, Asia/Shanghai, +08:00
// all year, as every time the console shows): `from` counts from the start of its day, `to` to the
// end of its day. Pure.
import type { Priority, TicketSource, TicketStatus } from '../../api/types';

export const HISTORY_STATUSES: readonly TicketStatus[] = [
  'new',
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
  'closed',
  'cancelled',
];
export const HISTORY_PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const HISTORY_SOURCES: readonly TicketSource[] = ['alarm', 'hotline', 'grid', 'inspection'];
/** Rows per page ("more" loads the next). */
export const HISTORY_PAGE = 50;
/** What the server takes as search text (TicketQuery.q). */
export const Q_MAX = 100;

export interface HistoryQuery {
  q: string;
  status: TicketStatus[];
  priority?: Priority | undefined;
  source?: TicketSource | undefined;
  compoundId?: string | undefined;
  /** yyyy-mm-dd, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export const emptyQuery = (): HistoryQuery => ({ q: '', status: [] });

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  list.find((x) => x === v);

/** The query a URL's search part holds; anything unknown is left out. */
export function queryFromSearch(search: string): HistoryQuery {
  const p = new URLSearchParams(search);
  const status = (p.get('status') ?? '').split(',').flatMap((s) => HISTORY_STATUSES.filter((x) => x === s));
  const day = (v: string | null) => (v !== null && DAY_RE.test(v) ? v : undefined);
  return {
    q: (p.get('q') ?? '').slice(0, Q_MAX),
    status: [...new Set(status)],
    priority: pick(HISTORY_PRIORITIES, p.get('priority')),
    source: pick(HISTORY_SOURCES, p.get('source')),
    compoundId: p.get('compound') || undefined,
    from: day(p.get('from')),
    to: day(p.get('to')),
  };
}

/** The URL search part of a query ('' for an empty one); `open` names the ticket shown beside it. */
export function searchOf(query: HistoryQuery, open?: string): string {
  const p = new URLSearchParams();
  const q = query.q.trim();
  if (q) p.set('q', q);
  if (query.status.length) p.set('status', query.status.join(','));
  if (query.priority) p.set('priority', query.priority);
  if (query.source) p.set('source', query.source);
  if (query.compoundId) p.set('compound', query.compoundId);
  if (query.from) p.set('from', query.from);
  if (query.to) p.set('to', query.to);
  if (open) p.set('open', open);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Start (or, with `end`, the last millisecond) of a day in Qufu as an ISO instant. */
export function dayInstant(day: string, end = false): string {
  return new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00`).toISOString();
}

/** GET /api/tickets for one page of the query, after the ticket `before` when given. */
export function listPath(query: HistoryQuery, before?: string, limit = HISTORY_PAGE): string {
  const p = filterParams(query);
  if (before) p.set('before', before);
  p.set('limit', String(limit));
  return `/api/tickets?${p.toString()}`;
}

/** GET /api/tickets/count: how many tickets the query matches in all. */
export function countPath(query: HistoryQuery): string {
  const s = filterParams(query).toString();
  return `/api/tickets/count${s ? `?${s}` : ''}`;
}

function filterParams(query: HistoryQuery): URLSearchParams {
  const p = new URLSearchParams();
  const q = query.q.trim();
  if (q) p.set('q', q.slice(0, Q_MAX));
  if (query.status.length) p.set('status', query.status.join(','));
  if (query.priority) p.set('priority', query.priority);
  if (query.source) p.set('source', query.source);
  if (query.compoundId) p.set('compoundId', query.compoundId);
  if (query.from) p.set('from', dayInstant(query.from));
  if (query.to) p.set('to', dayInstant(query.to, true));
  return p;
}

/** True when a from/to pair reads backwards (the server would refuse it). */
export function rangeReversed(query: HistoryQuery): boolean {
  return query.from !== undefined && query.to !== undefined && query.from > query.to;
}
