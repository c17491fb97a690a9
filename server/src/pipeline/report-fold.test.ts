import { describe, expect, it } from 'vitest';
import type { TicketEventRecord } from '../store/store';
import { foldTicket, type TicketIdentity } from './report-fold';

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 10, 2);
const id: TicketIdentity = {
  id: 'T-1',
  source: 'hotline',
  category: 'water',
  priority: 'P2',
  compoundId: 'c1',
  createdAt: T0,
};
const e = (
  min: number,
  type: string,
  data: Record<string, unknown> = {},
  by = 'disp',
): TicketEventRecord => ({
  ticketId: 'T-1',
  at: T0 + min * MIN,
  type,
  by,
  data,
});

describe('foldTicket', () => {
  it('a ticket just created is open with nothing else', () => {
    expect(foldTicket(id, [e(0, 'created', { priority: 'P2' })])).toEqual({
      ...id,
      status: 'open',
      breaches: [],
      callbacksMade: 0,
      repairs: 0,
      labourMin: 0,
      partLines: 0,
      uncostedLines: 0,
      partsFen: 0,
      repeatReopens: [],
      links: 0,
      entries: 1,
    });
  });

  it('arrive, resolve with parts and labour, a callback without `remaining` closes it', () => {
    const f = foldTicket(id, [
      e(0, 'created'),
      e(2, 'dispatch', { vanId: 'v' }),
      e(10, 'arrive'),
      e(40, 'resolve', {
        note: 'x',
        labourMin: 25,
        parts: [
          { name: 'a', qty: 3, unitCostYuan: 0.335 }, // 100.5 fen → 101
          { name: 'b', qty: 1 },
        ],
      }),
      e(50, 'callback', { satisfaction: 'neutral' }),
    ]);
    expect(f).toMatchObject({
      status: 'closed',
      arrivedAt: T0 + 10 * MIN,
      resolvedAt: T0 + 40 * MIN,
      endedAt: T0 + 50 * MIN,
      callbacksMade: 1,
      outcome: 'neutral',
      repairs: 1,
      labourMin: 25,
      partLines: 2,
      uncostedLines: 1,
      partsFen: 101,
      entries: 5,
    });
  });

  it('callbacks per caller: the ticket closes at remaining 0 with the worst satisfaction since the resolve', () => {
    const base = [e(0, 'created'), e(10, 'arrive'), e(40, 'resolve', { note: 'x' })];
    const two = foldTicket(id, [
      ...base,
      e(50, 'callback', { satisfaction: 'satisfied', phone: '1', remaining: 2 }),
      e(51, 'callback', { satisfaction: 'unsatisfied', phone: '2', remaining: 1 }),
    ]);
    expect(two).toMatchObject({ status: 'open', callbacksMade: 2, resolvedAt: T0 + 40 * MIN });
    expect(two.outcome).toBeUndefined();
    const all = foldTicket(id, [
      ...base,
      e(50, 'callback', { satisfaction: 'satisfied', remaining: 2 }),
      e(51, 'callback', { satisfaction: 'unsatisfied', remaining: 1 }),
      e(52, 'callback', { satisfaction: 'neutral', remaining: 0 }),
    ]);
    expect(all).toMatchObject({ status: 'closed', callbacksMade: 3, outcome: 'unsatisfied' });
  });

  it('a reopen clears arrival, resolve, end and outcome; labour and callbacks made stay counted', () => {
    const f = foldTicket(id, [
      e(0, 'created'),
      e(10, 'arrive'),
      e(30, 'resolve', { note: 'x', labourMin: 40, parts: [{ name: 'v', qty: 1, unitCostYuan: 120 }] }),
      e(31, 'callback', { satisfaction: 'unsatisfied' }),
      e(40, 'reopen', { reason: '仍漏水' }),
    ]);
    expect(f).toMatchObject({
      status: 'open',
      callbacksMade: 1,
      labourMin: 40,
      partsFen: 12_000,
      repairs: 1,
    });
    for (const k of ['arrivedAt', 'resolvedAt', 'endedAt', 'outcome'] as const) expect(f[k]).toBeUndefined();
    expect(f.repeatReopens).toEqual([]); // by a person, not a returning fault
    const again = foldTicket(id, [
      ...[e(0, 'created'), e(10, 'arrive'), e(30, 'resolve', { note: 'x', labourMin: 40 })],
      e(31, 'callback', { satisfaction: 'unsatisfied' }),
      e(40, 'reopen', { reason: 'r' }),
      e(60, 'arrive'),
      e(80, 'resolve', { note: 'y', labourMin: 10 }),
      e(90, 'callback', { satisfaction: 'satisfied' }),
    ]);
    expect(again).toMatchObject({
      status: 'closed',
      arrivedAt: T0 + 60 * MIN,
      resolvedAt: T0 + 80 * MIN,
      outcome: 'satisfied',
      callbacksMade: 2,
      labourMin: 50,
      repairs: 2,
    });
  });

  it('repeat-fault reopens by system, SLA breaches once per deadline, links, cancel', () => {
    const f = foldTicket({ ...id, source: 'alarm' }, [
      e(0, 'created', {}, 'device:box'),
      e(36, 'sla_breached', { deadlines: ['respond'] }, 'system'),
      e(50, 'arrive'),
      e(60, 'resolve', { note: 'x' }),
      e(61, 'close', { reason: 'ok' }),
      e(100, 'reopen', { reason: 'repeat_fault' }, 'system'),
      e(200, 'sla_breached', { deadlines: ['respond', 'resolve'] }, 'system'),
      e(201, 'link', { description: 'again' }),
      e(202, 'link', { description: 'and again' }),
    ]);
    expect(f).toMatchObject({
      status: 'open',
      breaches: ['respond', 'resolve'],
      repeatReopens: [T0 + 100 * MIN],
      links: 2,
    });
    expect(f.arrivedAt).toBeUndefined();
    const c = foldTicket(id, [e(0, 'created'), e(3, 'cancel', { reason: '误报' })]);
    expect(c).toMatchObject({ status: 'cancelled', endedAt: T0 + 3 * MIN });
    expect(c.resolvedAt).toBeUndefined();
  });

  it('takes the created entry’s time, and ignores data it cannot read', () => {
    const f = foldTicket({ ...id, createdAt: 0 }, [
      e(0, 'created'),
      e(5, 'resolve', { labourMin: 'ten', parts: 'none' }),
      e(6, 'sla_breached', { deadlines: ['lunch'] }),
    ]);
    expect(f).toMatchObject({ createdAt: T0, labourMin: 0, partLines: 0, breaches: [] });
  });
});
