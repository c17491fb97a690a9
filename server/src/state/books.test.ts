// The in-memory books: what the decisions read after each applied change.
import { describe, expect, it } from 'vitest';
import type { AlarmRecord, TicketRecord } from '../store/store';
import { AlarmBook } from './alarm-book';
import { TicketBook } from './ticket-book';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const alarm: AlarmRecord = {
  id: 'A-1',
  deviceId: 'box-1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 1,
  raisedAt: T0,
  lastSeenAt: T0,
  lastValue: {},
};
const ticket = (extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T-1',
  status: 'new',
  priority: 'P1',
  source: 'alarm',
  category: 'electrical',
  description: 'x',
  deviceId: 'box-1',
  alarmRule: 'leakage',
  createdAt: T0,
  updatedAt: T0,
  respondBy: T0,
  resolveBy: T0,
  ...extra,
});

describe('AlarmBook', () => {
  it('holds one active alarm per device and rule, by key and by id, until it clears', () => {
    const book = new AlarmBook();
    book.apply({ kind: 'raised', alarm });
    expect(book.active('box-1', 'leakage')).toBe(alarm);
    expect(book.get('A-1')).toBe(alarm);
    expect(book.forDevice('box-1')).toEqual([alarm]);
    const acked = { ...alarm, ackedAt: T0, ackedBy: 'disp' };
    book.apply({ kind: 'acked', alarm: acked });
    expect(book.active('box-1', 'leakage')).toBe(acked);
    book.apply({ kind: 'cleared', alarm: { ...acked, active: false, clearedAt: T0 } });
    expect(book.active('box-1', 'leakage')).toBeUndefined();
    expect(book.get('A-1')).toBeUndefined();
    expect([...book.all()]).toEqual([]);
    // Acknowledging an alarm that has already cleared does not bring it back.
    book.apply({ kind: 'acked', alarm: { ...acked, active: false } });
    expect([...book.all()]).toEqual([]);
  });

  it('counts the raises of a fault within a window: applied, loaded and read back, each alarm once', () => {
    const book = new AlarmBook();
    book.loadRaises([{ ...alarm, id: 'A-0', raisedAt: T0 - 20_000, active: false }]);
    book.apply({ kind: 'raised', alarm });
    book.apply({ kind: 'repeated', alarm: { ...alarm, count: 2 } });
    book.reload('box-1', [alarm]); // the same alarm read back from the store
    book.reload('box-1', [{ ...alarm, id: 'A-2', raisedAt: T0 + 5_000 }]); // raised on another node
    expect(book.raises.raisesSince('box-1', 'leakage', T0 - 30_000)).toBe(3);
    expect(book.raises.raisesSince('box-1', 'leakage', T0)).toBe(2);
    expect(book.raises.raisesSince('box-1', 'overheat', T0 - 30_000)).toBe(0);
  });
});

describe('TicketBook', () => {
  it('finds an open ticket by its fault and by the van it holds, and forgets it once closed', () => {
    const book = new TicketBook();
    const t = ticket();
    book.apply({ next: t });
    expect(book.forFault('box-1', 'leakage')).toBe(t);
    const dispatched = { ...t, status: 'dispatched' as const, vanId: 'van-1' };
    book.apply({ prev: t, next: dispatched });
    expect(book.ofVan('van-1')).toBe(dispatched);
    const resolved = { ...dispatched, status: 'resolved' as const };
    book.apply({ prev: dispatched, next: resolved });
    expect(book.ofVan('van-1')).toBeUndefined(); // a resolved ticket frees its van
    expect(book.forFault('box-1', 'leakage')).toBe(resolved); // but is still the fault's open ticket
    book.apply({ prev: resolved, next: { ...resolved, status: 'closed' } });
    expect(book.get('T-1')).toBeUndefined();
    expect(book.forFault('box-1', 'leakage')).toBeUndefined();
  });

  it('remembers which vans declined a ticket while it is open', () => {
    const book = new TicketBook();
    const t = ticket({ status: 'dispatched', vanId: 'van-1' });
    book.load([t]);
    const declined = { ...t, status: 'new' as const };
    delete declined.vanId;
    const entry = { ticketId: 'T-1', at: T0, type: 'decline', by: 'tech', data: {} };
    book.apply({ prev: t, next: declined, entry });
    expect([...(book.declinedBy('T-1') ?? [])]).toEqual(['van-1']);
    expect(book.ofVan('van-1')).toBeUndefined();
    book.apply({ prev: declined, next: { ...declined, status: 'cancelled' } });
    expect(book.declinedBy('T-1')).toBeUndefined();
  });

  it("keeps each fault's last closed ticket until it reopens; a cancelled one is never offered", () => {
    const book = new TicketBook();
    const resolved = ticket({ status: 'resolved' });
    book.load([resolved]);
    expect(book.closed.recent('box-1', 'leakage', 0)).toBeUndefined();
    const closed = { ...resolved, status: 'closed' as const, closedAt: T0 + 1_000 };
    book.apply({ prev: resolved, next: closed });
    expect(book.closed.recent('box-1', 'leakage', T0)).toBe(closed);
    book.apply({ prev: closed, next: { ...closed, status: 'new' } });
    expect(book.closed.recent('box-1', 'leakage', T0)).toBeUndefined();
    // Another node closed it: read back from the store.
    book.restore('T-1', closed);
    expect(book.get('T-1')).toBeUndefined();
    expect(book.closed.recent('box-1', 'leakage', T0)).toEqual(closed);
    // Outside the window it is forgotten.
    expect(book.closed.recent('box-1', 'leakage', T0 + 2_000)).toBeUndefined();
    const t2 = ticket({ id: 'T-2', status: 'cancelled', closedAt: T0 + 3_000 });
    book.loadClosed([{ ...closed, closedAt: T0 + 2_500 }]);
    book.apply({ next: t2 });
    expect(book.closed.recent('box-1', 'leakage', T0)).toBeUndefined();
  });
});
