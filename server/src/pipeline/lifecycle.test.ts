// Every (status, event) pair of the lifecycle table in api.md: allowed ones move, the rest are refused.
import { describe, expect, it } from 'vitest';
import { TicketStatusSchema, type TicketEventBody } from '../contracts/dto';
import type { TicketRecord, TicketStatus } from '../store/store';
import { allowedEvents, applyTicketEvent } from './lifecycle';

const STATUSES = TicketStatusSchema.options;
const EVENTS: TicketEventBody[] = [
  { type: 'dispatch', vanId: 'van-1' },
  { type: 'accept' },
  { type: 'decline', reason: 'busy' },
  { type: 'depart' },
  { type: 'arrive' },
  { type: 'resolve', note: 'replaced the breaker' },
  { type: 'callback', satisfaction: 'satisfied' },
  { type: 'close', reason: 'alarm only' },
  { type: 'reopen', reason: 'again' },
  { type: 'cancel', reason: 'duplicate' },
  { type: 'note', text: 'called the resident' },
];

// api.md "Ticket lifecycle": event → [from statuses, to].
const TABLE: Record<string, [TicketStatus[] | 'any', TicketStatus | 'same']> = {
  dispatch: [['new', 'dispatched', 'accepted', 'en_route', 'on_site'], 'dispatched'],
  accept: [['dispatched'], 'accepted'],
  decline: [['dispatched'], 'new'],
  depart: [['accepted'], 'en_route'],
  arrive: [['en_route', 'accepted'], 'on_site'],
  resolve: [['on_site'], 'resolved'],
  callback: [['resolved'], 'closed'],
  close: [['resolved'], 'closed'],
  reopen: [['resolved', 'closed'], 'new'],
  cancel: [['new', 'dispatched', 'accepted', 'en_route', 'on_site'], 'cancelled'],
  note: ['any', 'same'],
};

const ticket = (status: TicketStatus, extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T1',
  status,
  priority: 'P2',
  source: 'alarm',
  category: 'electrical',
  description: 'd',
  createdAt: 0,
  updatedAt: 0,
  respondBy: 1,
  resolveBy: 2,
  vanId: 'van-0',
  ...extra,
});

describe('ticket lifecycle table', () => {
  for (const status of STATUSES) {
    for (const ev of EVENTS) {
      const [from, to] = TABLE[ev.type] ?? ['any', 'same'];
      const allowed = from === 'any' || from.includes(status);
      it(`${status} + ${ev.type} → ${allowed ? (to === 'same' ? status : to) : '409'}`, () => {
        const t = ticket(status);
        const r = applyTicketEvent(t, ev, 'disp', 100);
        if (!allowed) {
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.allowed).toEqual(allowedEvents(t));
            expect(r.message).toContain(`allowed now: ${allowedEvents(t).join(', ')}`);
          }
          return;
        }
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.ticket.status).toBe(to === 'same' ? status : to);
        expect(r.entry).toMatchObject({ ticketId: 'T1', at: 100, type: ev.type, by: 'disp' });
        expect(t.status).toBe(status); // the input is never rewritten
      });
    }
  }

  it('a ticket with a resident reporter closes only through the callback', () => {
    const t = ticket('resolved', { reporter: { name: '赵', phone: '13812345678' } });
    const r = applyTicketEvent(t, { type: 'close', reason: 'done' }, 'disp', 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('callback');
    const cb = applyTicketEvent(
      t,
      { type: 'callback', satisfaction: 'unsatisfied', note: '灯还不亮' },
      'disp',
      2,
    );
    expect(cb.ok && cb.ticket).toMatchObject({
      status: 'closed',
      callback: { satisfaction: 'unsatisfied', note: '灯还不亮' },
      closedAt: 2,
    });
  });

  it('records the times of each step and clears them on reopen', () => {
    let t = ticket('new');
    const step = (ev: TicketEventBody, at: number) => {
      const r = applyTicketEvent(t, ev, 'x', at);
      if (!r.ok) throw new Error(r.message);
      t = r.ticket;
    };
    step({ type: 'dispatch', vanId: 'van-2' }, 1);
    step({ type: 'accept' }, 2);
    step({ type: 'arrive' }, 3);
    step({ type: 'resolve', note: 'ok' }, 4);
    expect(t).toMatchObject({ vanId: 'van-2', dispatchedAt: 1, acceptedAt: 2, arrivedAt: 3, resolvedAt: 4 });
    step({ type: 'reopen', reason: 'came back' }, 5);
    expect(t.status).toBe('new');
    for (const k of ['vanId', 'dispatchedAt', 'acceptedAt', 'arrivedAt', 'resolvedAt', 'closedAt'] as const)
      expect(t[k]).toBeUndefined();
  });
});

describe('re-dispatch and cancel once a van is on its way or on site', () => {
  const at = (status: TicketStatus) =>
    ticket(status, { dispatchedAt: 1, acceptedAt: 2, ...(status === 'on_site' && { arrivedAt: 3 }) });

  it.each(['en_route', 'on_site'] as const)('a %s ticket goes to another van, dispatched anew', (status) => {
    const r = applyTicketEvent(at(status), { type: 'dispatch', vanId: 'van-9' }, 'disp', 10);
    if (!r.ok) throw new Error(r.message);
    expect(r.ticket).toMatchObject({ status: 'dispatched', vanId: 'van-9', dispatchedAt: 10 });
    expect(r.ticket.acceptedAt).toBeUndefined();
  });

  it('keeps the first arrival as the response: the next van arriving does not move it', () => {
    const moved = applyTicketEvent(at('on_site'), { type: 'dispatch', vanId: 'van-9' }, 'disp', 10);
    if (!moved.ok) throw new Error(moved.message);
    expect(moved.ticket.arrivedAt).toBe(3);
    const accepted = applyTicketEvent(moved.ticket, { type: 'accept' }, 'tech', 11);
    if (!accepted.ok) throw new Error(accepted.message);
    const arrived = applyTicketEvent(accepted.ticket, { type: 'arrive' }, 'tech', 20);
    if (!arrived.ok) throw new Error(arrived.message);
    expect(arrived.ticket).toMatchObject({ status: 'on_site', arrivedAt: 3 });
  });

  it.each(['en_route', 'on_site'] as const)('a %s ticket is cancelled with its reason', (status) => {
    const r = applyTicketEvent(at(status), { type: 'cancel', reason: 'resident fixed it' }, 'disp', 10);
    if (!r.ok) throw new Error(r.message);
    expect(r.ticket).toMatchObject({ status: 'cancelled', closedAt: 10 });
    expect(r.entry.data).toEqual({ reason: 'resident fixed it' });
  });
});
