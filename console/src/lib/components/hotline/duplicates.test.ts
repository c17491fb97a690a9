// Open tickets at the caller's place: same compound, or near the picked point; closed ones never.
import { describe, expect, it } from 'vitest';
import type { CompoundDto, TicketDto } from '../../api/types';
import { age, duplicateCandidates, duplicateQuery, duplicateSearch, otherCandidates } from './duplicates';

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

describe('the same-problem check', () => {
  const square = (lng: number, lat: number): Pick<CompoundDto, 'id' | 'name' | 'outline'> => ({
    id: 'gulou',
    name: '鼓楼小区',
    outline: {
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + 0.002, lat],
          [lng + 0.002, lat + 0.002],
          [lng, lat + 0.002],
          [lng, lat],
        ],
      ],
    },
  });
  const compounds = [square(116.995, 35.594)];
  const empty = { category: '' as const, point: undefined, compoundId: undefined };

  it('asks with the category and the picked point', () => {
    const point = { lat: 35.5975, lng: 116.9905 };
    expect(duplicateQuery({ ...empty, category: 'water', point, compoundId: 'gulou' }, compounds)).toEqual({
      category: 'water',
      ...point,
    });
  });

  it("asks with the compound's centre when no point was picked", () => {
    const q = duplicateQuery({ ...empty, category: 'water', compoundId: 'gulou' }, compounds);
    expect(q?.lat).toBeCloseTo(35.595, 6);
    expect(q?.lng).toBeCloseTo(116.996, 6);
  });

  it('asks nothing without a category or without a place', () => {
    expect(duplicateQuery({ ...empty, point: { lat: 35.6, lng: 116.99 } }, compounds)).toBeUndefined();
    expect(duplicateQuery({ ...empty, category: 'water' }, compounds)).toBeUndefined();
    expect(
      duplicateQuery({ ...empty, category: 'water', compoundId: 'elsewhere' }, compounds),
    ).toBeUndefined();
  });

  it('puts the question in a query string the server parses as decimals', () => {
    expect(duplicateSearch({ category: 'water', lat: 35.5975, lng: 116.99 })).toBe(
      'category=water&lat=35.597500&lng=116.990000',
    );
  });

  it('leaves the tickets already offered as the same problem out of the others nearby', () => {
    const nearby = [ticket('a'), ticket('b'), ticket('c')];
    expect(otherCandidates(nearby, ['b']).map((t) => t.id)).toEqual(['a', 'c']);
  });

  it('says how long ago the ticket was opened', () => {
    const at = Date.parse('2026-05-01T08:00:00.000Z');
    expect(age('2026-05-01T08:00:00.000Z', at + 30_000)).toEqual({ unit: 'now', n: 0 });
    expect(age('2026-05-01T08:00:00.000Z', at + 12 * 60_000 + 5_000)).toEqual({ unit: 'min', n: 12 });
    expect(age('2026-05-01T08:00:00.000Z', at + 125 * 60_000)).toEqual({ unit: 'h', n: 2 });
  });
});
