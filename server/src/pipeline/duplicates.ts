// Which open ticket a new report is a further report of (api.md v1.1 "Duplicates"): the same category,
// within 50 m, opened in the 24 h before the report. Pure: the caller passes the open tickets.
import type { TicketRecord } from '../store/store';
import { haversineM } from './geo';
import { isOpen } from './lifecycle';

/** A report this near an open ticket of its category is the same problem. */
export const DUPLICATE_RADIUS_M = 50;
/** ...if that ticket was opened at most this long before the report. */
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;

export interface ReportAt {
  category: string;
  lat: number;
  lng: number;
  /** When the report is made (epoch ms). */
  at: number;
}

export interface DuplicateMatch {
  ticket: TicketRecord;
  /** Meters from the report to the ticket, rounded to the meter. */
  distanceM: number;
}

export interface DuplicateRule {
  radiusM: number;
  windowMs: number;
}

const RULE: DuplicateRule = { radiusM: DUPLICATE_RADIUS_M, windowMs: DUPLICATE_WINDOW_MS };

/**
 * The open tickets this report duplicates, nearest first (then the oldest): same category, a position
 * within `radiusM`, created in [at − windowMs, at]. A ticket without a position never matches.
 */
export function duplicatesOf(
  tickets: Iterable<TicketRecord>,
  report: ReportAt,
  rule: DuplicateRule = RULE,
): DuplicateMatch[] {
  const out: DuplicateMatch[] = [];
  for (const t of tickets) {
    if (!isOpen(t.status) || t.category !== report.category) continue;
    if (t.lat === undefined || t.lng === undefined) continue;
    if (t.createdAt > report.at || report.at - t.createdAt > rule.windowMs) continue;
    const d = haversineM(report.lat, report.lng, t.lat, t.lng);
    if (d <= rule.radiusM) out.push({ ticket: t, distanceM: Math.round(d) });
  }
  return out.sort(
    (a, b) =>
      a.distanceM - b.distanceM ||
      a.ticket.createdAt - b.ticket.createdAt ||
      (a.ticket.id < b.ticket.id ? -1 : 1),
  );
}
