// The ticket board's filters (priority, compound, source); '' means "all".
import type { Priority, TicketDto, TicketSource, TicketStatus } from '../../api/types';

export interface TicketFilter {
  priority: Priority | '';
  compoundId: string;
  source: TicketSource | '';
}

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const SOURCES: readonly TicketSource[] = ['alarm', 'hotline', 'grid', 'inspection'];

export function matches(t: TicketDto, f: TicketFilter): boolean {
  return (
    (f.priority === '' || t.priority === f.priority) &&
    (f.compoundId === '' || t.compoundId === f.compoundId) &&
    (f.source === '' || t.source === f.source)
  );
}

/** Most urgent first: priority, then the earliest running deadline, then the oldest. */
export function byUrgency(a: TicketDto, b: TicketDto): number {
  return (
    a.priority.localeCompare(b.priority) ||
    a.respondBy.localeCompare(b.respondBy) ||
    a.createdAt.localeCompare(b.createdAt)
  );
}

export interface BoardColumnItems {
  status: TicketStatus;
  /** The column's P1s, pinned above the rest, most urgent first. */
  pinned: TicketDto[];
  rest: TicketDto[];
  /** How many the column shows (after the filter). */
  count: number;
}

/** The board's columns after the filter: each status's tickets, P1s pinned, most urgent first. */
export function boardColumns(
  tickets: readonly TicketDto[],
  f: TicketFilter,
  statuses: readonly TicketStatus[],
): BoardColumnItems[] {
  const shown = tickets.filter((x) => matches(x, f)).sort(byUrgency);
  return statuses.map((status) => {
    const items = shown.filter((x) => x.status === status);
    const pinned = items.filter((x) => x.priority === 'P1');
    return { status, pinned, rest: items.filter((x) => x.priority !== 'P1'), count: items.length };
  });
}
