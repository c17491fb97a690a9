// A hand-computed fixture: 8 tickets, 2 compounds, 2 vans. Every expected number below was worked
// out on paper from the table in the comment, not by running computeStats.
import { describe, expect, it } from 'vitest';
import type { Priority, TicketRecord, TicketSource, TicketStatus } from '../store/store';
import { computeStats, type Stats } from './stats';

const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0);

function ticket(
  id: string,
  status: TicketStatus,
  priority: Priority,
  source: TicketSource,
  category: string,
  extra: Partial<TicketRecord>,
): TicketRecord {
  const createdAt = extra.createdAt ?? T0;
  return {
    id,
    status,
    priority,
    source,
    category,
    description: id,
    createdAt,
    updatedAt: createdAt,
    respondBy: createdAt + 30 * MIN,
    resolveBy: createdAt + 240 * MIN,
    ...extra,
  };
}

/** `minutes` after `createdAt`. */
const after = (createdAt: number, minutes: number) => createdAt + minutes * MIN;

//  id  status     prio src         category    compound van    response resolution callback     breaches
//  T1  closed     P1   alarm       electrical  c-a      van-1  1200 s   3600 s     satisfied    -
//  T2  closed     P2   hotline     water       c-a      van-1  4200 s   18000 s    unsatisfied  respond
//  T3  resolved   P3   hotline     lighting    c-a      van-2  1800 s   7200 s     -            -
//  T4  on_site    P1   alarm       electrical  c-b      van-2  2400 s   -          -            respond
//  T5  closed     P2   grid        electrical  c-b      van-2  3000 s   36000 s    neutral      resolve
//  T6  new        P4   inspection  other       c-b      -      -        -          -            -
//  T7  cancelled  P3   hotline     water       c-a      van-1  -        -          -            -
//  T8  closed     P2   hotline     heating     -        van-1  600 s    5400 s     satisfied    callback
const c1 = T0 + 0 * MIN;
const c2 = T0 + 10 * MIN;
const c3 = T0 + 20 * MIN;
const c4 = T0 + 30 * MIN;
const c5 = T0 + 40 * MIN;
const c6 = T0 + 50 * MIN;
const c7 = T0 + 60 * MIN;
const c8 = T0 + 70 * MIN;
const fixture: TicketRecord[] = [
  ticket('T1', 'closed', 'P1', 'alarm', 'electrical', {
    createdAt: c1,
    compoundId: 'c-a',
    vanId: 'van-1',
    arrivedAt: after(c1, 20),
    resolvedAt: after(c1, 60),
    closedAt: after(c1, 90),
    callback: { satisfaction: 'satisfied' },
  }),
  ticket('T2', 'closed', 'P2', 'hotline', 'water', {
    createdAt: c2,
    compoundId: 'c-a',
    vanId: 'van-1',
    arrivedAt: after(c2, 70),
    resolvedAt: after(c2, 300),
    closedAt: after(c2, 400),
    callback: { satisfaction: 'unsatisfied', note: 'came late' },
    slaBreaches: ['respond'],
    slaStatus: 'breached',
  }),
  ticket('T3', 'resolved', 'P3', 'hotline', 'lighting', {
    createdAt: c3,
    compoundId: 'c-a',
    vanId: 'van-2',
    arrivedAt: after(c3, 30),
    resolvedAt: after(c3, 120),
    callbackBy: after(c3, 120 + 24 * 60),
  }),
  ticket('T4', 'on_site', 'P1', 'alarm', 'electrical', {
    createdAt: c4,
    compoundId: 'c-b',
    vanId: 'van-2',
    arrivedAt: after(c4, 40),
    slaBreaches: ['respond'],
    slaStatus: 'breached',
  }),
  ticket('T5', 'closed', 'P2', 'grid', 'electrical', {
    createdAt: c5,
    compoundId: 'c-b',
    vanId: 'van-2',
    arrivedAt: after(c5, 50),
    resolvedAt: after(c5, 600),
    closedAt: after(c5, 700),
    callback: { satisfaction: 'neutral' },
    slaBreaches: ['resolve'],
    slaStatus: 'breached',
  }),
  ticket('T6', 'new', 'P4', 'inspection', 'other', { createdAt: c6, compoundId: 'c-b' }),
  ticket('T7', 'cancelled', 'P3', 'hotline', 'water', {
    createdAt: c7,
    compoundId: 'c-a',
    vanId: 'van-1',
    closedAt: after(c7, 5),
  }),
  ticket('T8', 'closed', 'P2', 'hotline', 'heating', {
    createdAt: c8,
    vanId: 'van-1',
    arrivedAt: after(c8, 10),
    resolvedAt: after(c8, 90),
    closedAt: after(c8, 90 + 25 * 60),
    callback: { satisfaction: 'satisfied' },
    slaBreaches: ['callback'],
    slaStatus: 'breached',
  }),
];

describe('computeStats', () => {
  const opts = { from: T0, to: T0 + 86_400_000, now: T0 + 2 * 86_400_000 };

  it('computes the hand-worked KPIs of the fixture', () => {
    const compounds = new Map([['c-a', 'Xingtan Garden']]);
    const want: Stats = {
      from: T0,
      to: T0 + 86_400_000,
      generatedAt: T0 + 2 * 86_400_000,
      total: 8,
      byStatus: {
        new: 1,
        dispatched: 0,
        accepted: 0,
        en_route: 0,
        on_site: 1,
        resolved: 1,
        closed: 4,
        cancelled: 1,
      },
      byPriority: { P1: 2, P2: 3, P3: 2, P4: 1 },
      bySource: { alarm: 2, hotline: 4, grid: 1, inspection: 1 },
      byCategory: { electrical: 3, heating: 1, lighting: 1, other: 1, water: 2 },
      // 600, 1200, 1800, 2400, 3000, 4200: sum 13200 / 6; nearest rank ceil(5.4) = 6th.
      responseTime: { count: 6, meanS: 2200, p90S: 4200 },
      // 3600, 5400, 7200, 18000, 36000: sum 70200 / 5; nearest rank ceil(4.5) = 5th.
      resolutionTime: { count: 5, meanS: 14040, p90S: 36000 },
      sla: { breachedTickets: 4, breachRate: 0.5, breaches: { respond: 2, resolve: 1, callback: 1 } },
      callback: { count: 4, satisfied: 2, neutral: 1, unsatisfied: 1, satisfactionRate: 0.5 },
      repeatRepairs: { reopens: 0, tickets: 0 },
      perCompound: [
        // T1 T2 T3 T7: open T3; responses 1200 4200 1800; breached T2; callbacks T1 sat, T2 unsat.
        {
          compoundId: 'c-a',
          name: 'Xingtan Garden',
          total: 4,
          open: 1,
          meanResponseS: 2400,
          breachRate: 0.25,
          satisfactionRate: 0.5,
          repeatRepairs: { reopens: 0, tickets: 0 },
        },
        // T4 T5 T6: open T4 T6; responses 2400 3000; breached T4 T5; callback T5 neutral. No name known.
        {
          compoundId: 'c-b',
          total: 3,
          open: 2,
          meanResponseS: 2700,
          breachRate: 2 / 3,
          satisfactionRate: 0,
          repeatRepairs: { reopens: 0, tickets: 0 },
        },
      ],
      perVan: [
        // T1 T2 T7 T8: resolved T1 T2 T8; responses 1200 4200 600; resolutions 3600 18000 5400.
        { vanId: 'van-1', total: 4, resolved: 3, meanResponseS: 2000, meanResolutionS: 9000 },
        // T3 T4 T5: resolved T3 T5; responses 1800 2400 3000; resolutions 7200 36000.
        { vanId: 'van-2', total: 3, resolved: 2, meanResponseS: 2400, meanResolutionS: 21600 },
      ],
    };
    expect(computeStats(fixture, { ...opts, compounds })).toEqual(want);
    expect(computeStats([...fixture].reverse(), { ...opts, compounds })).toEqual(want);
    expect(Object.keys(computeStats(fixture, opts).perCompound[0] ?? {})).not.toContain('name');
  });

  it('takes p90 by nearest rank: the ceil(0.9·n)-th smallest', () => {
    // Responses of 1..n minutes, in a scrambled order.
    const withResponses = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const minutes = ((i * 7) % n) + 1;
        return ticket(`R${i}`, 'on_site', 'P3', 'hotline', 'water', { arrivedAt: T0 + minutes * MIN });
      });
    expect(computeStats(withResponses(10), opts).responseTime).toEqual({ count: 10, meanS: 330, p90S: 540 });
    expect(computeStats(withResponses(20), opts).responseTime).toEqual({ count: 20, meanS: 630, p90S: 1080 });
    expect(computeStats(withResponses(1), opts).responseTime).toEqual({ count: 1, meanS: 60, p90S: 60 });
  });

  it('reports an empty period with zeros and nulls', () => {
    const s = computeStats([], opts);
    expect(s.total).toBe(0);
    expect(s.responseTime).toEqual({ count: 0, meanS: null, p90S: null });
    expect(s.resolutionTime).toEqual({ count: 0, meanS: null, p90S: null });
    expect(s.sla).toEqual({
      breachedTickets: 0,
      breachRate: 0,
      breaches: { respond: 0, resolve: 0, callback: 0 },
    });
    expect(s.callback.satisfactionRate).toBeNull();
    expect(s.byCategory).toEqual({});
    expect(s.perCompound).toEqual([]);
    expect(s.perVan).toEqual([]);
  });

  it("counts repeat repairs: reopens within the range of any ticket, and the period's reopened tickets", () => {
    // T1 (c-a) came back twice, T4 (c-b) once; an older ticket of c-c came back in the range too.
    const tickets = fixture.map((t) =>
      t.id === 'T1' ? { ...t, repeatCount: 2 } : t.id === 'T4' ? { ...t, repeatCount: 1 } : t,
    );
    const reopens = [
      { ticketId: 'T1', compoundId: 'c-a', at: T0 + 3 * 3600_000 },
      { ticketId: 'T1', compoundId: 'c-a', at: T0 + 86_400_000 + 1 }, // after `to`
      { ticketId: 'T4', compoundId: 'c-b', at: T0 + 5 * 3600_000 },
      { ticketId: 'OLD', compoundId: 'c-c', at: T0 + 6 * 3600_000 },
      { ticketId: 'NOWHERE', at: T0 + 7 * 3600_000 },
    ];
    const s = computeStats(tickets, { ...opts, reopens });
    expect(s.repeatRepairs).toEqual({ reopens: 4, tickets: 2 });
    expect(s.perCompound.map((c) => [c.compoundId, c.total, c.repeatRepairs])).toEqual([
      ['c-a', 4, { reopens: 1, tickets: 1 }],
      ['c-b', 3, { reopens: 1, tickets: 1 }],
      ['c-c', 0, { reopens: 1, tickets: 0 }],
    ]);
    expect(s.perCompound[2]).toMatchObject({
      open: 0,
      meanResponseS: null,
      breachRate: 0,
      satisfactionRate: null,
    });
  });

  it('is plain JSON', () => {
    const s = computeStats(fixture, opts);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
