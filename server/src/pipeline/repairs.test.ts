// Verified repairs: no close while the alarm is active; a returning fault reopens its closed ticket,
// and those reopens are what the stats count.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { AlarmRecord, TicketRecord } from '../store/store';
import type { ActiveAlarms } from './alarm-decisions';
import { reopenForRepeat, repeatReopens, requireRepairVerified } from './repairs';
import { DEFAULT_SLA_POLICY as SLA } from './sla';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const HOUR = 3600_000;
const WINDOW = 72 * HOUR;
const alarm: AlarmRecord = {
  id: 'A-2',
  deviceId: 'box-1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 1,
  raisedAt: T0,
  lastSeenAt: T0,
  lastValue: { leakage_ma: 45 },
};
const ticket = (extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T-1',
  status: 'resolved',
  priority: 'P1',
  source: 'alarm',
  category: 'electrical',
  description: 'x',
  deviceId: 'box-1',
  alarmRule: 'leakage',
  vanId: 'van-1',
  createdAt: T0 - 10 * HOUR,
  updatedAt: T0 - 9 * HOUR,
  resolvedAt: T0 - 9 * HOUR,
  respondBy: T0 - 9 * HOUR,
  resolveBy: T0 - 6 * HOUR,
  ...extra,
});
const none: ActiveAlarms = { active: () => undefined };
const active: ActiveAlarms = { active: (d, r) => (d === 'box-1' && r === 'leakage' ? alarm : undefined) };

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
  }
  throw new Error('expected a DomainError');
};

describe('requireRepairVerified', () => {
  it('refuses close and callback while the alarm is active, naming it', () => {
    for (const ev of [
      { type: 'close', reason: 'done' },
      { type: 'callback', satisfaction: 'satisfied' },
    ] as const) {
      const err = errorOf(() => requireRepairVerified(ticket(), ev, active));
      expect(err).toMatchObject({ kind: 'conflict', code: 'alarm_active' });
      expect(err.message).toContain('A-2');
      expect(err.message).toContain('leakage');
    }
  });

  it('allows them once the alarm cleared, and every other event meanwhile', () => {
    expect(() => requireRepairVerified(ticket(), { type: 'close', reason: 'done' }, none)).not.toThrow();
    expect(() => requireRepairVerified(ticket(), { type: 'note', text: 'x' }, active)).not.toThrow();
    const hotline = ticket({ source: 'hotline', deviceId: undefined, alarmRule: undefined });
    expect(() => requireRepairVerified(hotline, { type: 'close', reason: 'x' }, active)).not.toThrow();
  });
});

describe('reopenForRepeat', () => {
  const closed = ticket({ status: 'closed', closedAt: T0 - 2 * HOUR, rev: 7 });

  it('reopens the ticket closed within the window: reopen by system, then alarm_raised', () => {
    const c = reopenForRepeat(closed, alarm, WINDOW, SLA);
    expect(c?.prev).toBe(closed);
    expect(c?.next).toMatchObject({ id: 'T-1', status: 'new', repeatCount: 1, updatedAt: T0 });
    expect(c?.next.vanId).toBeUndefined();
    expect(c?.next.closedAt).toBeUndefined();
    expect(c?.next.respondBy).toBe(T0 + 30 * 60_000);
    expect(c?.before).toEqual({
      ticketId: 'T-1',
      at: T0,
      type: 'reopen',
      by: 'system',
      data: { reason: 'repeat_fault' },
    });
    expect(c?.entry).toMatchObject({ type: 'alarm_raised', by: 'device:box-1', data: { alarmId: 'A-2' } });
  });

  it('counts every return', () => {
    expect(reopenForRepeat({ ...closed, repeatCount: 2 }, alarm, WINDOW, SLA)?.next.repeatCount).toBe(3);
  });

  it('not after the window, not a cancelled ticket, not without one', () => {
    expect(reopenForRepeat({ ...closed, closedAt: T0 - WINDOW - 1 }, alarm, WINDOW, SLA)).toBeUndefined();
    expect(reopenForRepeat({ ...closed, status: 'cancelled' }, alarm, WINDOW, SLA)).toBeUndefined();
    expect(reopenForRepeat(undefined, alarm, WINDOW, SLA)).toBeUndefined();
  });
});

describe('repeatReopens', () => {
  it("reads the system's repeat-fault reopens off a timeline, not a person's reopen", () => {
    const t = ticket({ compoundId: 'c1', repeatCount: 2 });
    const e = (at: number, by: string, reason: string) => ({
      ticketId: 'T-1',
      at,
      type: 'reopen',
      by,
      data: { reason },
    });
    const timeline = [
      e(T0, 'system', 'repeat_fault'),
      e(T0 + HOUR, 'disp', 'repeat_fault'),
      e(T0 + 2 * HOUR, 'disp', '住户不满意'),
      { ...e(T0 + 3 * HOUR, 'system', 'repeat_fault'), type: 'note' },
      e(T0 + 4 * HOUR, 'system', 'repeat_fault'),
    ];
    expect(repeatReopens(t, timeline)).toEqual([
      { ticketId: 'T-1', compoundId: 'c1', at: T0 },
      { ticketId: 'T-1', compoundId: 'c1', at: T0 + 4 * HOUR },
    ]);
  });
});
