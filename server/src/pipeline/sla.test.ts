// Every SLA state flip at the exact millisecond, with `now` always explicit.
import { describe, expect, it } from 'vitest';
import type { Priority, TicketRecord } from '../store/store';
import { callbackDue, DEFAULT_SLA_POLICY, evaluateSla, slaDeadlines, type SlaPolicy } from './sla';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

/** A P1 ticket created at T0: respond by T0+30 min, resolve by T0+4 h (api.md). */
function p1(extra: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: 'T1',
    status: 'new',
    priority: 'P1',
    source: 'hotline',
    category: 'electrical',
    description: 'no power in building 3',
    createdAt: T0,
    updatedAt: T0,
    ...slaDeadlines('P1', T0),
    ...extra,
  };
}

describe('policy', () => {
  it('has the api.md defaults', () => {
    const want: Record<Priority, [number, number]> = {
      P1: [30 * MIN, 4 * H],
      P2: [1 * H, 8 * H],
      P3: [4 * H, 24 * H],
      P4: [24 * H, 72 * H],
    };
    for (const [p, [respond, resolve]] of Object.entries(want) as [Priority, [number, number]][]) {
      expect(slaDeadlines(p, T0)).toEqual({ respondBy: T0 + respond, resolveBy: T0 + resolve });
      expect(slaDeadlines(p, T0, DEFAULT_SLA_POLICY)).toEqual(slaDeadlines(p, T0));
    }
    expect(DEFAULT_SLA_POLICY.callbackHours).toBe(24);
    expect(DEFAULT_SLA_POLICY.atRiskFraction).toBe(0.8);
    expect(callbackDue(T0)).toBe(T0 + 24 * H);
  });

  it('takes a custom policy', () => {
    const policy: SlaPolicy = {
      minutes: { ...DEFAULT_SLA_POLICY.minutes, P1: { respond: 20, resolve: 180 } },
      callbackHours: 48,
      atRiskFraction: 0.5,
    };
    expect(slaDeadlines('P1', T0, policy)).toEqual({ respondBy: T0 + 20 * MIN, resolveBy: T0 + 3 * H });
    expect(callbackDue(T0, policy)).toBe(T0 + 48 * H);
    const t = p1(slaDeadlines('P1', T0, policy));
    expect(evaluateSla(t, T0 + 10 * MIN - 1, policy)).toEqual({});
    expect(evaluateSla(t, T0 + 10 * MIN, policy)).toEqual({ slaStatus: 'at_risk' });
  });
});

describe('respond and resolve', () => {
  it('is ok until 80% of the respond window, at risk from that millisecond, breached after the deadline', () => {
    const t = p1();
    const respondBy = T0 + 30 * MIN;
    expect(evaluateSla(t, T0)).toEqual({});
    expect(evaluateSla(t, T0 + 24 * MIN - 1)).toEqual({});
    expect(evaluateSla(t, T0 + 24 * MIN)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(t, respondBy)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(t, respondBy + 1)).toEqual({ slaStatus: 'breached', slaBreaches: ['respond'] });
  });

  it('flips at the exact millisecond for a window that is not a round number', () => {
    // 0.55 × 100 = 55.00000000000001 in floating point; the flip must still be at ms 55.
    const t = p1({ respondBy: T0 + 100, resolveBy: T0 + 10 * H });
    const policy = { ...DEFAULT_SLA_POLICY, atRiskFraction: 0.55 };
    expect(evaluateSla(t, T0 + 54, policy)).toEqual({});
    expect(evaluateSla(t, T0 + 55, policy)).toEqual({ slaStatus: 'at_risk' });
  });

  it('stops counting a deadline that was met at the deadline itself', () => {
    const t = p1({ status: 'on_site', arrivedAt: T0 + 30 * MIN });
    expect(evaluateSla(t, T0 + 30 * MIN + 1)).toEqual({});
    // Only the resolve clock runs now: 80% of 4 h = 3 h 12 min.
    expect(evaluateSla(t, T0 + 192 * MIN - 1)).toEqual({});
    expect(evaluateSla(t, T0 + 192 * MIN)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(t, T0 + 4 * H)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(t, T0 + 4 * H + 1)).toEqual({ slaStatus: 'breached', slaBreaches: ['resolve'] });
    const done = p1({ status: 'resolved', arrivedAt: T0 + 30 * MIN, resolvedAt: T0 + 4 * H });
    expect(evaluateSla(done, T0 + 100 * H)).toEqual({});
  });

  it('breaches a step that happened one millisecond late, even if nobody looked in between', () => {
    const t = p1({ status: 'on_site', arrivedAt: T0 + 30 * MIN + 1 });
    expect(evaluateSla(t, T0 + 30 * MIN + 1)).toEqual({ slaStatus: 'breached', slaBreaches: ['respond'] });
  });

  it('records two deadlines missed at once in the order they fell', () => {
    expect(evaluateSla(p1(), T0 + 5 * H)).toEqual({
      slaStatus: 'breached',
      slaBreaches: ['respond', 'resolve'],
    });
  });

  it('keeps breaches sticky, in their order, and appends new ones', () => {
    const recorded = p1({ slaBreaches: ['respond'] });
    // Respond was missed earlier; the van then arrived; nothing can unmiss it.
    const arrived = { ...recorded, status: 'on_site' as const, arrivedAt: T0 + 10 * MIN };
    expect(evaluateSla(arrived, T0 + 11 * MIN)).toEqual({ slaStatus: 'breached', slaBreaches: ['respond'] });
    expect(evaluateSla(arrived, T0 + 4 * H + 1)).toEqual({
      slaStatus: 'breached',
      slaBreaches: ['respond', 'resolve'],
    });
    // An order recorded earlier is kept even if it is not the deadline order.
    const odd = p1({ slaBreaches: ['callback', 'resolve'] });
    expect(evaluateSla(odd, T0 + 30 * MIN + 1).slaBreaches).toEqual(['callback', 'resolve', 'respond']);
    // Being at risk never hides a breach.
    expect(evaluateSla(p1({ slaBreaches: ['callback'] }), T0 + 25 * MIN).slaStatus).toBe('breached');
  });

  it('opens the windows of a reopened ticket at the reopen, not at createdAt', () => {
    const reopenAt = T0 + 10 * H;
    const t = p1({ ...slaDeadlines('P1', reopenAt), slaBreaches: ['respond', 'resolve'] });
    const fresh = { ...t, slaBreaches: undefined };
    expect(evaluateSla(fresh, reopenAt + 24 * MIN - 1)).toEqual({});
    expect(evaluateSla(fresh, reopenAt + 24 * MIN)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(t, reopenAt + 24 * MIN)).toEqual({
      slaStatus: 'breached',
      slaBreaches: ['respond', 'resolve'],
    });
  });

  it('returns only the keys that are set', () => {
    expect(Object.keys(evaluateSla(p1(), T0))).toEqual([]);
    expect(Object.keys(evaluateSla(p1(), T0 + 25 * MIN))).toEqual(['slaStatus']);
  });
});

describe('callback', () => {
  const resolvedAt = T0 + 2 * H;
  const callbackBy = callbackDue(resolvedAt); // resolvedAt + 24 h
  const resolved = p1({
    status: 'resolved',
    reporter: { name: 'Kong', phone: '13800000000' },
    arrivedAt: T0 + 20 * MIN,
    resolvedAt,
    callbackBy,
  });

  it('runs from resolve to callbackBy: at risk at 80% (19.2 h), breached after', () => {
    expect(evaluateSla(resolved, resolvedAt + 69_120_000 - 1)).toEqual({});
    expect(evaluateSla(resolved, resolvedAt + 69_120_000)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(resolved, callbackBy)).toEqual({ slaStatus: 'at_risk' });
    expect(evaluateSla(resolved, callbackBy + 1)).toEqual({
      slaStatus: 'breached',
      slaBreaches: ['callback'],
    });
  });

  it('is met by a callback at the deadline, breached by one a millisecond after', () => {
    const onTime = { ...resolved, status: 'closed' as const, closedAt: callbackBy };
    expect(evaluateSla({ ...onTime, callback: { satisfaction: 'satisfied' } }, callbackBy + H)).toEqual({});
    const late = { ...onTime, closedAt: callbackBy + 1, callback: { satisfaction: 'neutral' as const } };
    expect(evaluateSla(late, callbackBy + H)).toEqual({ slaStatus: 'breached', slaBreaches: ['callback'] });
  });

  it('does not run without callbackBy, nor on a reopened ticket with a stale callbackBy', () => {
    const noReporter = { ...resolved, callbackBy: undefined };
    expect(evaluateSla(noReporter, callbackBy + 1)).toEqual({});
    const reopened = p1({ status: 'new', callbackBy, slaBreaches: [] });
    expect(evaluateSla(reopened, T0 + 5 * MIN)).toEqual({});
  });
});

describe('cancelled and closed tickets', () => {
  it('have no running deadlines', () => {
    const cancelled = p1({ status: 'cancelled', closedAt: T0 + 10 * MIN });
    expect(evaluateSla(cancelled, T0 + 25 * MIN)).toEqual({});
    expect(evaluateSla(cancelled, T0 + 100 * H)).toEqual({});
    const closed = { ...cancelled, status: 'closed' as const, callbackBy: T0 + H, resolvedAt: T0 };
    expect(evaluateSla(closed, T0 + 100 * H)).toEqual({});
  });

  it('keep the breaches they already have, and add no new ones', () => {
    const t = p1({ status: 'cancelled', closedAt: T0 + H, slaBreaches: ['respond'] });
    expect(evaluateSla(t, T0 + 100 * H)).toEqual({ slaStatus: 'breached', slaBreaches: ['respond'] });
  });

  it('still record a deadline that passed while the ticket was open (closedAt after it)', () => {
    const t = p1({ status: 'cancelled', closedAt: T0 + 30 * MIN + 1 });
    expect(evaluateSla(t, T0 + 100 * H)).toEqual({ slaStatus: 'breached', slaBreaches: ['respond'] });
    expect(evaluateSla({ ...t, closedAt: T0 + 30 * MIN }, T0 + 100 * H)).toEqual({});
  });
});
