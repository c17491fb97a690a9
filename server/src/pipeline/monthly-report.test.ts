import { describe, expect, it } from 'vitest';
import { changeOf, durations, figuresOf, monthlyFigures } from './monthly-report';
import type { TicketFacts } from './report-fold';

const MIN = 60_000;
const facts = (over: Partial<TicketFacts> & { id: string }): TicketFacts => ({
  source: 'hotline',
  category: 'water',
  priority: 'P3',
  createdAt: 0,
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
  ...over,
});

// Three tickets of c1, one of c2, one without a compound.
const A = facts({
  id: 'A',
  compoundId: 'c1',
  category: 'electrical',
  priority: 'P2',
  status: 'closed',
  arrivedAt: 10 * MIN,
  resolvedAt: 40 * MIN,
  callbacksMade: 1,
  outcome: 'satisfied',
  repairs: 1,
  labourMin: 25,
  partLines: 2,
  uncostedLines: 1,
  partsFen: 7100,
  links: 1,
});
const B = facts({
  id: 'B',
  compoundId: 'c1',
  source: 'grid',
  priority: 'P1',
  status: 'closed',
  arrivedAt: 41 * MIN,
  resolvedAt: 60 * MIN,
  breaches: ['respond'],
  repairs: 1,
  labourMin: 15,
});
const C = facts({
  id: 'C',
  compoundId: 'c1',
  source: 'alarm',
  breaches: ['respond', 'resolve'],
  repairs: 1,
  labourMin: 20,
  repeatReopens: [100 * MIN],
});
const D = facts({ id: 'D', compoundId: 'c2', status: 'cancelled' });
const E = facts({
  id: 'E',
  status: 'closed',
  arrivedAt: 60 * MIN,
  resolvedAt: 80 * MIN,
  callbacksMade: 2,
  outcome: 'unsatisfied',
  repairs: 2,
  labourMin: 50,
  partsFen: 12_000,
  partLines: 1,
});

describe('durations', () => {
  it('median and p90 by nearest rank, the mean; nulls over nothing', () => {
    expect(durations([600, 2460, 3600])).toEqual({ count: 3, medianS: 2460, p90S: 3600, meanS: 2220 });
    expect(durations([4, 1, 3, 2])).toEqual({ count: 4, medianS: 2, p90S: 4, meanS: 2.5 });
    expect(durations([])).toEqual({ count: 0, medianS: null, p90S: null, meanS: null });
  });
});

describe('figuresOf', () => {
  it('adds up the hand-computed month', () => {
    const f = figuresOf([A, B, C, D, E], 1);
    expect(f).toEqual({
      tickets: 5,
      reports: 6,
      bySource: { hotline: 3, alarm: 1, grid: 1, inspection: 0 },
      byPriority: { P1: 1, P2: 1, P3: 3, P4: 0 },
      byCategory: { electrical: 1, water: 4 },
      resolved: 3,
      closed: 3,
      cancelled: 1,
      open: 1,
      responseTime: { count: 3, medianS: 2460, p90S: 3600, meanS: 2220 },
      resolutionTime: { count: 3, medianS: 3600, p90S: 4800, meanS: 3600 },
      sla: { breachedTickets: 2, breachRate: 0.4, breaches: { respond: 2, resolve: 1, callback: 0 } },
      callbacks: { made: 3, tickets: 2, satisfied: 1, neutral: 0, unsatisfied: 1, satisfactionRate: 0.5 },
      repeatRepairs: { reopens: 1, tickets: 1 },
      labour: { minutes: 110, hours: 1.83, repairs: 5 },
      parts: { costYuan: 191, lines: 3, uncostedLines: 1 },
    });
  });

  it('over no tickets: zeros, breach rate 0, satisfaction null', () => {
    const f = figuresOf([], 0);
    expect(f).toMatchObject({ tickets: 0, sla: { breachRate: 0 }, callbacks: { satisfactionRate: null } });
    expect(f.bySource).toEqual({ hotline: 0, alarm: 0, grid: 0, inspection: 0 });
  });
});

describe('changeOf', () => {
  it('is this month − the previous, null where either has no value', () => {
    const c = changeOf(figuresOf([A, B], 0), figuresOf([], 0));
    expect(c.tickets).toEqual({ previous: 0, current: 2, delta: 2 });
    expect(c.breachRate).toEqual({ previous: null, current: 0.5, delta: null });
    expect(c.responseMedianS).toEqual({ previous: null, current: 600, delta: null });
    expect(c.labourHours).toEqual({ previous: 0, current: 0.67, delta: 0.67 });
    expect(changeOf(figuresOf([A], 0), figuresOf([E], 0)).satisfactionRate).toEqual({
      previous: 0,
      current: 1,
      delta: 1,
    });
  });
});

describe('monthlyFigures', () => {
  it('lists the compounds of either month and of the reopens, by id; the unplaced apart; provisional', () => {
    const names = new Map([['c1', '工保小区']]);
    const m = monthlyFigures(
      { facts: [A, B, C, E], reopens: [{ compoundId: 'c1' }, { compoundId: 'c9' }] },
      { facts: [D], reopens: [] },
      names,
    );
    expect(m.compounds.map((c) => [c.compoundId, c.name, c.tickets])).toEqual([
      ['c1', '工保小区', 3],
      ['c2', 'c2', 0],
      ['c9', 'c9', 0],
    ]);
    expect(m.compounds[0]?.repeatRepairs).toEqual({ reopens: 1, tickets: 1 });
    expect(m.compounds[1]?.change.tickets).toEqual({ previous: 1, current: 0, delta: -1 });
    expect(m.totals).toMatchObject({ tickets: 4, repeatRepairs: { reopens: 2, tickets: 1 } });
    expect(m.totals.change.tickets).toEqual({ previous: 1, current: 4, delta: 3 });
    expect(m.unplaced).toMatchObject({ tickets: 1, closed: 1 });
    expect(m.provisional).toBe(1);
    expect(
      monthlyFigures({ facts: [A], reopens: [] }, { facts: [], reopens: [] }, names).unplaced,
    ).toBeUndefined();
  });
});
