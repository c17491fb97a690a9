// Escalation (api.md v1.1): times per priority, the two levels, acceptance, re-dispatch, P3 configured.
import { describe, expect, it } from 'vitest';
import type { TicketEventBody } from '../contracts/dto';
import type { Priority, TicketRecord } from '../store/store';
import {
  DEFAULT_ESCALATION,
  escalatedLevel,
  escalationAfterStep,
  escalationCheck,
  escalationLevelAt,
  type EscalationPolicy,
} from './escalation';
import { slaDeadlines, DEFAULT_SLA_POLICY } from './sla';
import { transition } from './ticket-decisions';

const S = 1000;
const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const notify = (level: number) => (level >= 2 ? ['sup', 'boss'] : ['sup']);

function ticket(priority: Priority, extra: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: 'T1',
    status: 'dispatched',
    priority,
    source: 'hotline',
    category: 'electrical',
    description: 'sparking wires',
    vanId: 'van-1',
    createdAt: T0,
    updatedAt: T0,
    dispatchedAt: T0 + 5 * S,
    ...slaDeadlines(priority, T0),
    ...extra,
  };
}

/** Runs the periodic check at `at`, applying the change as the service would. */
function tickAt(t: TicketRecord, at: number, policy: EscalationPolicy = DEFAULT_ESCALATION) {
  const c = escalationCheck(t, at, policy, notify);
  return { ticket: c?.next ?? t, entry: c?.entry };
}

describe('escalation', () => {
  it('has the api.md defaults: P1 300 s, P2 900 s, P3 and P4 never', () => {
    expect(DEFAULT_ESCALATION).toEqual({ P1: 300, P2: 900 });
  });

  it('escalates a P1 not accepted to level 1 at 300 s and level 2 at 600 s, each once', () => {
    let t = ticket('P1');
    expect(tickAt(t, T0 + 299_999).entry).toBeUndefined();
    const one = tickAt(t, T0 + 300 * S);
    expect(one.entry).toMatchObject({ type: 'escalated', by: 'system', data: { level: 1, notify: ['sup'] } });
    expect(one.ticket.escalationLevel).toBe(1);
    t = one.ticket;
    expect(tickAt(t, T0 + 301 * S).entry).toBeUndefined(); // never twice to the same level
    expect(tickAt(t, T0 + 599_999).entry).toBeUndefined();
    const two = tickAt(t, T0 + 600 * S);
    expect(escalatedLevel(two.entry)).toBe(2);
    expect(two.entry?.data.notify).toEqual(['sup', 'boss']);
    t = two.ticket;
    expect(tickAt(t, T0 + 3600 * S).entry).toBeUndefined(); // there is no level 3
  });

  it('gives a P2 900 s and 1800 s', () => {
    const t = ticket('P2');
    expect(tickAt(t, T0 + 899 * S).entry).toBeUndefined();
    expect(escalatedLevel(tickAt(t, T0 + 900 * S).entry)).toBe(1);
    expect(escalationLevelAt(t, T0 + 1800 * S, DEFAULT_ESCALATION)).toBe(2);
  });

  it('escalates a ticket still in the queue (new, no van)', () => {
    const { vanId: _v, dispatchedAt: _d, ...queued } = ticket('P1');
    expect(escalatedLevel(tickAt({ ...queued, status: 'new' }, T0 + 300 * S).entry)).toBe(1);
  });

  it('goes straight to level 2 with one entry when the tick comes late', () => {
    const late = tickAt(ticket('P1'), T0 + 700 * S);
    expect(late.entry?.data).toEqual({ level: 2, notify: ['sup', 'boss'] });
  });

  it('stops once the ticket is accepted, and for every status past it', () => {
    const accepted = ticket('P1', { status: 'accepted', acceptedAt: T0 + 100 * S });
    expect(tickAt(accepted, T0 + 900 * S).entry).toBeUndefined();
    for (const status of ['en_route', 'on_site', 'resolved', 'closed', 'cancelled'] as const)
      expect(escalationLevelAt(ticket('P1', { status }), T0 + 900 * S, DEFAULT_ESCALATION)).toBe(0);
  });

  it('never escalates P3 and P4 unless configured; ESCALATE_P3_S makes P3 escalate', () => {
    expect(tickAt(ticket('P3'), T0 + 86_400 * S).entry).toBeUndefined();
    expect(tickAt(ticket('P4'), T0 + 86_400 * S).entry).toBeUndefined();
    const policy = { ...DEFAULT_ESCALATION, P3: 3600 };
    expect(tickAt(ticket('P3'), T0 + 3599 * S, policy).entry).toBeUndefined();
    expect(escalatedLevel(tickAt(ticket('P3'), T0 + 3600 * S, policy).entry)).toBe(1);
  });

  it('a re-dispatch to another van restarts the clock at level 0', () => {
    const escalated = tickAt(ticket('P1'), T0 + 300 * S).ticket;
    const at = T0 + 400 * S;
    const ev: TicketEventBody = { type: 'dispatch', vanId: 'van-2' };
    const moved = transition(escalated, ev, 'disp', at, DEFAULT_SLA_POLICY).next;
    expect(moved.escalationLevel).toBeUndefined();
    expect(moved.escalationFrom).toBe(at);
    expect(tickAt(moved, at + 299 * S).entry).toBeUndefined();
    expect(escalatedLevel(tickAt(moved, at + 300 * S).entry)).toBe(1);
  });

  it('a decline and the dispatch after it keep the clock: the resident is still waiting', () => {
    let t = tickAt(ticket('P1'), T0 + 300 * S).ticket;
    t = transition(
      t,
      { type: 'decline', reason: 'van broke down' },
      'tech',
      T0 + 350 * S,
      DEFAULT_SLA_POLICY,
    ).next;
    t = transition(t, { type: 'dispatch', vanId: 'van-2' }, 'system', T0 + 360 * S, DEFAULT_SLA_POLICY).next;
    expect(t.escalationLevel).toBe(1);
    expect(t.escalationFrom).toBeUndefined();
    expect(escalatedLevel(tickAt(t, T0 + 600 * S).entry)).toBe(2);
  });

  it('a reopen restarts the clock; other steps leave it alone', () => {
    const base = ticket('P1', { status: 'closed', escalationLevel: 2 });
    const reopen: TicketEventBody = { type: 'reopen', reason: 'again' };
    const reopened = escalationAfterStep(base, { ...base, status: 'new' }, reopen, T0 + 5000 * S);
    expect(reopened).toMatchObject({ escalationFrom: T0 + 5000 * S });
    expect(reopened.escalationLevel).toBeUndefined();
    const note: TicketEventBody = { type: 'note', text: 'called' };
    expect(escalationAfterStep(base, base, note, T0)).toBe(base);
  });
});
