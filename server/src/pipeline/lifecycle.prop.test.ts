// Properties of the ticket lifecycle (fast-check, seeded): any sequence of events leaves a valid state,
// timestamps only move forward, a cancelled ticket stays cancelled, a refused event (409) changes
// nothing, a ticket with callers closes only once each is called back. Contract: api.md "Ticket lifecycle".
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
      .tuple(
        fc.constantFrom('satisfied', 'neutral', 'unsatisfied'),
        fc.constantFrom(undefined, '13800000000', '13800000001', '13900000009'),
      )
      .map(([satisfaction, phone]) => ({ type: 'callback', satisfaction, ...(phone && { phone }) })),
    fc.constant({ type: 'close', reason: 'done' }),
    fc.constant({ type: 'reopen', reason: 'again' }),
    fc.constant({ type: 'cancel', reason: 'duplicate' }),
    fc.constant({ type: 'note', text: 'called' }),
  )
  .map((e) => TicketEventBody.parse(e));

/** none: alarm-like; reporter: a legacy row (no callers); callers: two callers of the same problem. */
type Start = 'none' | 'reporter' | 'callers';
const start = (who: Start): TicketRecord => ({
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
  ...(who !== 'none' && { reporter: { name: 'Li', phone: '13800000000' } }),
  ...(who === 'callers' && {
    callers: [
      { name: 'Li', phone: '13800000000', at: 1_000 },
      { name: 'Wang', phone: '13800000001', at: 1_500 },
    ],
  }),
});

describe('applyTicketEvent over any sequence of events', () => {
  it('keeps a valid state, monotone timestamps, terminal cancel, and refusals that change nothing', () => {
    const steps = fc.array(fc.tuple(event, fc.integer({ min: 0, max: 10_000 })), { maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom<Start>('none', 'reporter', 'callers'), steps, (who, seq) => {
        const reporter = who !== 'none';
        let t = start(who);
        let now = t.createdAt;
        for (const [ev, dt] of seq) {
          now += dt;
          const before = structuredClone(t);
          const r = applyTicketEvent(t, ev, 'disp', now);
          expect(t).toEqual(before); // never mutates its input
          if (!r.ok) {
            // A refused event: the caller answers 409 with what is allowed (400 for a callback to no
            // caller or a caller not named), and the ticket stays.
            if (r.invalid) expect(ev.type).toBe('callback');
            else if (ev.type !== 'callback' || t.status !== 'resolved')
              expect(r.allowed).not.toContain(ev.type);
            expect(before.status === 'cancelled' || r.allowed.length > 0).toBe(true);
            continue;
          }
          const next = r.ticket;
          expect(STATUSES.has(next.status)).toBe(true);
          const rule = TRANSITIONS[ev.type];
          // A callback closes only when it leaves no caller to call; until then the ticket stays resolved.
          const left = ev.type === 'callback' ? r.entry.data.remaining : 0;
          expect(next.status).toBe(rule.to === 'same' ? t.status : left === 0 ? rule.to : 'resolved');
          if (next.status === 'closed' && ev.type === 'callback' && who === 'callers')
            expect(next.callers?.every((c) => c.callback !== undefined)).toBe(true);
          if (ev.type === 'reopen') expect(next.callers?.some((c) => c.callback) ?? false).toBe(false);
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
