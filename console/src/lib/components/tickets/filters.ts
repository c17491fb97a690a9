// The ticket board's filters (priority, compound, source); '' means "all".
import type { Priority, TicketDto, TicketSource } from '../../api/types';

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
