// Properties of the ticket lifecycle (fast-check, seeded): any sequence of events leaves a valid state,
// timestamps only move forward, a cancelled ticket stays cancelled, a refused event (409) changes
// nothing. Contract: api.md "Ticket lifecycle".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketEventBody, TicketStatusSchema } from '../contracts/dto';
import type { TicketRecord } from '../store/store';
import { applyTicketEvent, TRANSITIONS } from './lifecycle';

const SEED = 16_023;
const RUNS = 300;
const STATUSES = new Set(TicketStatusSchema.options);
const STAMPS = ['dispatchedAt', 'acceptedAt', 'arrivedAt', 'resolvedAt', 'closedAt'] as const;

const event = fc
  .oneof(
    fc.constantFrom('van-1', 'van-2').map((vanId) => ({ type: 'dispatch', vanId })),
    fc.constant({ type: 'accept' }),
    fc.constant({ type: 'decline', reason: 'busy' }),
    fc.constant({ type: 'depart' }),
    fc.constant({ type: 'arrive' }),
    fc.constant({ type: 'resolve', note: 'fixed' }),
    fc
      .constantFrom('satisfied', 'neutral', 'unsatisfied')
      .map((satisfaction) => ({ type: 'callback', satisfaction })),
    fc.constant({ type: 'close', reason: 'done' }),
    fc.constant({ type: 'reopen', reason: 'again' }),
    fc.constant({ type: 'cancel', reason: 'duplicate' }),
    fc.constant({ type: 'note', text: 'called' }),
  )
  .map((e) => TicketEventBody.parse(e));

const start = (reporter: boolean): TicketRecord => ({
  id: 'T1',
  status: 'new',
  priority: 'P2',
  source: 'hotline',
  category: 'power',
  description: 'no power',
  createdAt: 1_000,
  updatedAt: 1_000,
  respondBy: 60_000,
  resolveBy: 600_000,
  ...(reporter && { reporter: { name: 'Li', phone: '13800000000' } }),
});

describe('applyTicketEvent over any sequence of events', () => {
  it('keeps a valid state, monotone timestamps, terminal cancel, and refusals that change nothing', () => {
    const steps = fc.array(fc.tuple(event, fc.integer({ min: 0, max: 10_000 })), { maxLength: 40 });
    fc.assert(
      fc.property(fc.boolean(), steps, (reporter, seq) => {
        let t = start(reporter);
        let now = t.createdAt;
        for (const [ev, dt] of seq) {
          now += dt;
          const before = structuredClone(t);
          const r = applyTicketEvent(t, ev, 'disp', now);
          expect(t).toEqual(before); // never mutates its input
          if (!r.ok) {
            // A refused event: the caller answers 409 with what is allowed, and the ticket stays.
            expect(r.allowed).not.toContain(ev.type);
            expect(before.status === 'cancelled' || r.allowed.length > 0).toBe(true);
            continue;
          }
          const next = r.ticket;
          expect(STATUSES.has(next.status)).toBe(true);
          const rule = TRANSITIONS[ev.type];
          expect(next.status).toBe(rule.to === 'same' ? t.status : rule.to);
          if (t.status === 'cancelled') expect(ev.type).toBe('note');
          expect(next.updatedAt).toBeGreaterThanOrEqual(t.updatedAt);
          for (const k of STAMPS) {
            const v = next[k];
            if (v !== undefined) expect(v).toBeLessThanOrEqual(now);
            if (v !== undefined && t[k] !== undefined) expect(v).toBeGreaterThanOrEqual(t[k]);
          }
          // A van is held exactly from dispatch until decline or reopen.
          if (['dispatched', 'accepted', 'en_route', 'on_site'].includes(next.status)) {
            expect(next.vanId).toBeDefined();
          }
          if (next.status === 'new') expect(next.vanId).toBeUndefined();
          if (next.status === 'closed' && reporter) expect(next.callback).toBeDefined();
          expect(r.entry).toMatchObject({ ticketId: 'T1', at: now, type: ev.type, by: 'disp' });
          t = next;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
