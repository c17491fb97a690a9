// Properties of automatic dispatch (fast-check, seeded): every assigned van is idle and not declined,
// no van gets two tickets, each ticket gets the nearest van still free when its turn comes, and the
// queue is served P1 first. Contract: api.md "Ticket lifecycle", van rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priority, TicketRecord } from '../store/store';
import { compareQueue, type VanPoint } from './dispatch';
import { planDispatch } from './dispatch-plan';
import { haversineM } from './geo';

const SEED = 16_030;
const RUNS = 200;
const point = fc.record({
  lat: fc.double({ min: 39.8, max: 40.0, noNaN: true }),
  lng: fc.double({ min: 116.2, max: 116.5, noNaN: true }),
});
const vans = fc.uniqueArray(
  fc.record({ id: fc.integer({ min: 1, max: 50 }).map((n) => `van-${n}`), at: point }),
  { selector: (v) => v.id, maxLength: 12 },
);
const tickets = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 99 }).map((n) => `T${n}`),
    priority: fc.constantFrom<Priority>('P1', 'P2', 'P3', 'P4'),
    createdAt: fc.integer({ min: 0, max: 100 }),
    status: fc.constantFrom<TicketRecord['status']>('new', 'new', 'new', 'dispatched', 'closed'),
    at: fc.option(point, { nil: undefined }),
    declines: fc.array(
      fc.integer({ min: 1, max: 50 }).map((n) => `van-${n}`),
      { maxLength: 3 },
    ),
  }),
  { selector: (t) => t.id, maxLength: 15 },
);

const record = (t: { id: string; priority: Priority; createdAt: number; status: TicketRecord['status'] }) =>
  ({
    id: t.id,
    status: t.status,
    priority: t.priority,
    source: 'alarm',
    category: 'power',
    description: '',
    createdAt: t.createdAt,
    updatedAt: t.createdAt,
    respondBy: 0,
    resolveBy: 0,
  }) satisfies TicketRecord;

describe('planDispatch', () => {
  it('assigns free, not-declined vans once each, nearest of those left, in queue order', () => {
    fc.assert(
      fc.property(vans, tickets, (vs, ts) => {
        const idle: VanPoint[] = vs.map((v) => ({ id: v.id, ...v.at }));
        const byId = new Map(ts.map((t) => [t.id, t]));
        const plan = planDispatch({
          idle,
          tickets: ts.map(record),
          locate: (t) => byId.get(t.id)?.at,
          declined: (id) => new Set(byId.get(id)?.declines ?? []),
        });
        const taken = new Set<string>();
        let prev: TicketRecord | undefined;
        for (const { ticket, vanId } of plan) {
          const t = byId.get(ticket.id)!;
          expect(ticket.status).toBe('new');
          expect(t.at).toBeDefined();
          expect(taken.has(vanId)).toBe(false);
          expect(t.declines).not.toContain(vanId);
          if (prev) expect(compareQueue(prev, ticket)).toBeLessThan(0);
          // The nearest of the vans still free for it (ties by id).
          const free = idle.filter((v) => !taken.has(v.id) && !t.declines.includes(v.id));
          const d = (v: VanPoint) => haversineM(t.at!.lat, t.at!.lng, v.lat, v.lng);
          const chosen = idle.find((v) => v.id === vanId)!;
          for (const v of free) expect(d(chosen)).toBeLessThanOrEqual(d(v) + 1e-6);
          taken.add(vanId);
          prev = ticket;
        }
        // A queued, located ticket left waiting had no van free for it when its turn came.
        const served = new Set(plan.map((a) => a.ticket.id));
        for (const t of ts) {
          if (t.status !== 'new' || !t.at || served.has(t.id)) continue;
          const before = plan.filter((a) => compareQueue(a.ticket, record(t)) < 0).map((a) => a.vanId);
          expect(idle.every((v) => before.includes(v.id) || t.declines.includes(v.id))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
