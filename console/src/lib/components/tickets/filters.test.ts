// The board's columns: the filter applies to the counts, P1s are pinned above the rest.
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../api/types';
import { boardColumns } from './filters';

const ticket = (id: string, status: string, priority: string, respondBy: string, compoundId = 'c1') =>
  ({ id, status, priority, respondBy, createdAt: respondBy, compoundId, source: 'hotline' }) as TicketDto;
const tickets = [
  ticket('a', 'new', 'P2', '10:00'),
  ticket('b', 'new', 'P1', '10:30'),
  ticket('c', 'new', 'P1', '10:10', 'c2'),
  ticket('d', 'dispatched', 'P3', '09:00'),
  ticket('e', 'new', 'P4', '08:00'),
];
const ALL = { priority: '', compoundId: '', source: '' } as const;

describe('boardColumns', () => {
  it('pins each column’s P1s above the rest, most urgent first, and counts them all', () => {
    const [fresh, sent] = boardColumns(tickets, ALL, ['new', 'dispatched']);
    expect(fresh?.pinned.map((x) => x.id)).toEqual(['c', 'b']);
    expect(fresh?.rest.map((x) => x.id)).toEqual(['a', 'e']);
    expect(fresh?.count).toBe(4);
    expect(sent?.pinned).toEqual([]);
    expect(sent?.count).toBe(1);
  });

  it('counts what the filter leaves', () => {
    const [fresh, sent] = boardColumns(tickets, { ...ALL, compoundId: 'c1' }, ['new', 'dispatched']);
    expect(fresh?.pinned.map((x) => x.id)).toEqual(['b']);
    expect(fresh?.count).toBe(3);
    expect(sent?.count).toBe(1);
    expect(boardColumns(tickets, { ...ALL, priority: 'P1' }, ['new'])[0]?.count).toBe(2);
  });
});
