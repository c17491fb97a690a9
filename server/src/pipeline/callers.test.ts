// Per-caller callbacks (api.md v1.1 "Duplicates"): one callback per caller, the last closes the ticket
// with the worst satisfaction, refusals change nothing, reopen starts a new round; legacy tickets.
import { describe, expect, it } from 'vitest';
import type { TicketEventBody } from '../contracts/dto';
import type { CallerRecord, TicketRecord } from '../store/store';
import { callersOf, withCaller } from './callers';
import { applyTicketEvent } from './lifecycle';
import { linkReport, manualTicket, transition } from './ticket-decisions';
import { DEFAULT_SLA_POLICY } from './sla';

const WANG: CallerRecord = { name: '王大爷', phone: '13800000001', at: 10, via: 'hotline' };
const LI: CallerRecord = { name: '李阿姨', phone: '13800000002', at: 20, via: 'grid' };
const ZHAO: CallerRecord = { name: '赵师傅', phone: '13800000003', at: 30, via: 'integration:12345' };

const resolved = (extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T1',
  status: 'resolved',
  priority: 'P2',
  source: 'hotline',
  category: 'power',
  description: '楼道没电',
  createdAt: 10,
  updatedAt: 100,
  respondBy: 1_000,
  resolveBy: 2_000,
  resolvedAt: 100,
  reporter: { name: WANG.name, phone: WANG.phone },
  callers: [WANG, LI, ZHAO],
  ...extra,
});

type Callback = Extract<TicketEventBody, { type: 'callback' }>;
const cb = (satisfaction: Callback['satisfaction'], phone?: string, note?: string): Callback => ({
  type: 'callback',
  satisfaction,
  ...(phone !== undefined && { phone }),
  ...(note !== undefined && { note }),
});

function step(t: TicketRecord, ev: TicketEventBody, at: number): TicketRecord {
  const r = applyTicketEvent(t, ev, 'disp', at);
  if (!r.ok) throw new Error(r.message);
  return r.ticket;
}

describe('callbacks per caller', () => {
  it('a partial callback keeps the ticket resolved and records the caller’s callback', () => {
    const r = applyTicketEvent(resolved(), cb('satisfied', LI.phone), 'disp', 200);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ticket.status).toBe('resolved');
    expect(r.ticket.closedAt).toBeUndefined();
    expect(r.ticket.callback).toBeUndefined();
    expect(r.ticket.callers?.[1]?.callback).toEqual({ satisfaction: 'satisfied', at: 200, by: 'disp' });
    expect(r.entry).toMatchObject({
      type: 'callback',
      data: { satisfaction: 'satisfied', phone: LI.phone, name: LI.name, remaining: 2 },
    });
  });

  it('the last callback closes the ticket with the worst satisfaction of the round and its note', () => {
    let t = step(resolved(), cb('satisfied', WANG.phone), 200);
    t = step(t, cb('unsatisfied', LI.phone, '还是闪'), 300);
    const r = applyTicketEvent(t, cb('neutral', undefined, '还行'), 'disp', 400); // one left: phone may be left out
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ticket).toMatchObject({
      status: 'closed',
      closedAt: 400,
      callback: { satisfaction: 'unsatisfied', note: '还是闪' },
    });
    expect(r.entry.data).toEqual({
      satisfaction: 'neutral',
      note: '还行',
      phone: ZHAO.phone,
      name: ZHAO.name,
      remaining: 0,
    });
  });

  it('refuses a callback without phone while two callers are left (400, naming them), and changes nothing', () => {
    const t = step(resolved(), cb('satisfied', WANG.phone), 200);
    const before = structuredClone(t);
    const r = applyTicketEvent(t, cb('satisfied'), 'disp', 300);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.invalid).toBe(true);
    expect(r.message).toContain(LI.phone);
    expect(r.message).toContain(ZHAO.phone);
    expect(r.message).not.toContain(WANG.phone);
    expect(t).toEqual(before);
    expect(() => transition(t, cb('satisfied'), 'disp', 300, DEFAULT_SLA_POLICY)).toThrow(
      expect.objectContaining({ kind: 'invalid' }),
    );
  });

  it('refuses a phone that is not a caller (400)', () => {
    const r = applyTicketEvent(resolved(), cb('satisfied', '13900000009'), 'disp', 200);
    expect(r.ok === false && r.invalid).toBe(true);
    if (!r.ok) expect(r.message).toContain('not a caller');
  });

  it('refuses a second callback to the same caller in the round (409)', () => {
    const t = step(resolved(), cb('satisfied', LI.phone), 200);
    const r = applyTicketEvent(t, cb('neutral', LI.phone), 'disp', 300);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.invalid).toBeUndefined();
    expect(r.message).toContain('already been called back');
    expect(() => transition(t, cb('neutral', LI.phone), 'disp', 300, DEFAULT_SLA_POLICY)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });

  it('reopen clears every caller’s callback: a new round after the next repair', () => {
    let t = step(resolved(), cb('unsatisfied', LI.phone), 200);
    t = step(t, { type: 'reopen', reason: '还是没电' }, 300);
    expect(t.status).toBe('new');
    expect(t.callers?.map((c) => c.callback)).toEqual([undefined, undefined, undefined]);
    expect(t.callers?.map((c) => c.phone)).toEqual([WANG.phone, LI.phone, ZHAO.phone]);
  });

  it('a ticket with callers does not take close; one without callers closes with close as before', () => {
    expect(applyTicketEvent(resolved(), { type: 'close', reason: 'x' }, 'disp', 200).ok).toBe(false);
    const { reporter: _r, callers: _c, ...alarmOnly } = resolved({ source: 'alarm' });
    expect(applyTicketEvent(alarmOnly, { type: 'close', reason: 'x' }, 'disp', 200)).toMatchObject({
      ok: true,
      ticket: { status: 'closed' },
    });
  });

  it('a legacy ticket (reporter, no callers) has its reporter as its one caller and closes on one callback', () => {
    const { callers: _c, ...legacy } = resolved();
    expect(callersOf(legacy)).toEqual([{ name: WANG.name, phone: WANG.phone, at: legacy.createdAt }]);
    const r = applyTicketEvent(legacy, cb('neutral'), 'disp', 200);
    expect(r.ok && r.ticket).toMatchObject({ status: 'closed', callback: { satisfaction: 'neutral' } });
    expect(r.ok && r.ticket.callers?.[0]?.callback).toEqual({ satisfaction: 'neutral', at: 200, by: 'disp' });
    expect(r.ok && r.entry.data).toMatchObject({ phone: WANG.phone, remaining: 0 });
  });

  it('the callback deadline is met only when the closing callback is made', () => {
    const t = transition(
      resolved({ callbackBy: 500 }),
      cb('satisfied', WANG.phone),
      'disp',
      600,
      DEFAULT_SLA_POLICY,
    );
    // A partial callback after the deadline does not meet it: the clock runs until the ticket closes.
    expect(t.next.slaBreaches).toContain('callback');
    let u = step(resolved({ callbackBy: 500 }), cb('satisfied', WANG.phone), 200);
    u = step(u, cb('satisfied', LI.phone), 300);
    const last = transition(u, cb('satisfied', ZHAO.phone), 'disp', 400, DEFAULT_SLA_POLICY);
    expect(last.next.status).toBe('closed');
    expect(last.next.slaBreaches ?? []).not.toContain('callback');
  });
});

describe('who is a caller', () => {
  const dispatcher = { username: 'disp', role: 'dispatcher' };
  const body = {
    category: 'electrical' as const,
    description: '楼道没电',
    source: 'hotline' as const,
    reporter: { name: WANG.name, phone: WANG.phone },
  };

  it('a hand-made ticket with a reporter starts with that caller', () => {
    const c = manualTicket(body, 'P2', dispatcher, 50, DEFAULT_SLA_POLICY, () => 'T9');
    expect(c.next.callers).toEqual([{ name: WANG.name, phone: WANG.phone, at: 50, via: 'hotline' }]);
  });

  it('a linked report adds its caller once per phone; the link entry still records each call', () => {
    const open = { ...resolved({ status: 'new', callers: [WANG] }) };
    const again = linkReport(
      open,
      { description: '又打来', source: 'hotline', reporter: { name: '王', phone: WANG.phone } },
      dispatcher,
      60,
    );
    expect(again.next.callers).toEqual([WANG]);
    expect(again.entry?.type).toBe('link');
    const other = linkReport(
      open,
      { description: '也没电', source: 'grid', reporter: { name: LI.name, phone: LI.phone } },
      dispatcher,
      70,
    );
    expect(other.next.callers).toEqual([WANG, { name: LI.name, phone: LI.phone, at: 70, via: 'grid' }]);
  });

  it('an alarm ticket gains its first caller and reporter from a linked hotline report', () => {
    const { reporter: _r, callers: _c, ...alarm } = resolved({ status: 'dispatched', source: 'alarm' });
    const c = linkReport(
      alarm,
      { description: '灯不亮', source: 'hotline', reporter: { name: LI.name, phone: LI.phone } },
      dispatcher,
      80,
    );
    expect(c.next.reporter).toEqual({ name: LI.name, phone: LI.phone });
    expect(c.next.callers).toEqual([{ name: LI.name, phone: LI.phone, at: 80, via: 'hotline' }]);
  });

  it('an integration files as integration:<id>', () => {
    expect(withCaller([], { name: 'a', phone: '1' }, 1, 'integration:12345')[0]?.via).toBe(
      'integration:12345',
    );
    const c = linkReport(
      resolved({ status: 'new', callers: [] }),
      { description: 'x', source: 'hotline', reporter: { name: 'a', phone: '13800000009' } },
      { username: 'integration:12345', role: 'integration' },
      5,
    );
    expect(c.next.callers?.[0]?.via).toBe('integration:12345');
  });
});
