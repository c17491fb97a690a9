// Open tickets at the caller's place: same compound, or near the picked point; closed ones never.
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../api/types';
import { duplicateCandidates } from './duplicates';

const ticket = (id: string, over: Partial<TicketDto> = {}): TicketDto => ({
  id,
  status: 'new',
  repeatCount: 0,
  priority: 'P3',
  source: 'hotline',
  category: 'lighting',
  description: '灯不亮',
  createdAt: '2026-05-01T08:00:00.000Z',
  updatedAt: '2026-05-01T08:00:00.000Z',
  respondBy: '2026-05-01T10:00:00.000Z',
  resolveBy: '2026-05-01T16:00:00.000Z',
  ...over,
});

describe('duplicateCandidates', () => {
  const tickets = [
    ticket('a', { compoundId: 'gongbao', priority: 'P3' }),
    ticket('b', { compoundId: 'gongbao', priority: 'P1' }),
    ticket('c', { compoundId: 'gulou' }),
    ticket('d', { compoundId: 'gongbao', status: 'closed' }),
    ticket('e', { compoundId: 'gongbao', status: 'cancelled' }),
    ticket('f', { compoundId: 'gongbao', status: 'resolved' }),
    ticket('near', { lat: 35.5975, lng: 116.9905 }),
    ticket('far', { lat: 35.61, lng: 116.99 }),
  ];

  it('lists the open tickets of the compound, most urgent first', () => {
    expect(duplicateCandidates(tickets, { compoundId: 'gongbao' }).map((t) => t.id)).toEqual(['b', 'a', 'f']);
  });

  it('lists open tickets near a picked point', () => {
    const point = { lat: 35.597, lng: 116.99 };
    expect(duplicateCandidates(tickets, { point }).map((t) => t.id)).toEqual(['near']);
    expect(duplicateCandidates(tickets, { point }, 10)).toEqual([]);
  });

  it('joins both when the form has a compound and a point', () => {
    const ids = duplicateCandidates(tickets, {
      compoundId: 'gulou',
      point: { lat: 35.597, lng: 116.99 },
    }).map((t) => t.id);
    expect(ids.sort()).toEqual(['c', 'near']);
  });

  it('lists nothing while the place is unknown', () => {
    expect(duplicateCandidates(tickets, {})).toEqual([]);
  });
});
