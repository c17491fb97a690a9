// Alarm decisions: one active alarm per device and rule; raise, repeat, clear, acknowledge, orphans.
import { describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../store/store';
import { ackAlarm, decideAlarms, retireOrphans, type ActiveAlarms } from './alarm-decisions';
import type { RuleTransition } from './rules';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const ids = (now: number) => `A-${now}`;
const none: ActiveAlarms = { active: () => undefined };
const of = (...alarms: AlarmRecord[]): ActiveAlarms => ({
  active: (d, r) => alarms.find((a) => a.deviceId === d && a.rule === r),
});
const t = (kind: RuleTransition['kind'], rule = 'leakage', value = { leakage_ma: 45 }): RuleTransition => ({
  kind,
  rule,
  severity: 'critical',
  value,
});
const active: AlarmRecord = {
  id: 'A-1',
  deviceId: 'box-1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 2,
  raisedAt: T0 - 60_000,
  lastSeenAt: T0 - 10_000,
  lastValue: { leakage_ma: 40 },
  ticketId: 'T-1',
};

describe('decideAlarms', () => {
  it('raises a new alarm with the id, time and value of the transition', () => {
    expect(decideAlarms(none, 'box-1', [t('raise')], T0, ids)).toEqual([
      {
        kind: 'raised',
        alarm: {
          id: `A-${T0}`,
          deviceId: 'box-1',
          rule: 'leakage',
          severity: 'critical',
          active: true,
          count: 1,
          raisedAt: T0,
          lastSeenAt: T0,
          lastValue: { leakage_ma: 45 },
        },
      },
    ]);
  });

  it('counts a repeat on the active alarm, keeping its id and ticket', () => {
    const [c] = decideAlarms(of(active), 'box-1', [t('repeat', 'leakage', { leakage_ma: 50 })], T0, ids);
    expect(c).toEqual({
      kind: 'repeated',
      alarm: { ...active, count: 3, lastSeenAt: T0, lastValue: { leakage_ma: 50 } },
    });
  });

  it('treats a raise while the rule is already active as a repeat (one active alarm per device and rule)', () => {
    const [c] = decideAlarms(of(active), 'box-1', [t('raise')], T0, ids);
    expect(c?.kind).toBe('repeated');
    expect(c?.alarm.id).toBe('A-1');
  });

  it('clears the active alarm; a clear with none active changes nothing', () => {
    expect(decideAlarms(of(active), 'box-1', [t('clear')], T0, ids)).toEqual([
      { kind: 'cleared', alarm: { ...active, active: false, clearedAt: T0 } },
    ]);
    expect(decideAlarms(none, 'box-1', [t('clear')], T0, ids)).toEqual([]);
  });

  it('decides each rule of the device on its own', () => {
    const got = decideAlarms(of(active), 'box-1', [t('clear'), t('raise', 'over_temp')], T0, ids);
    expect(got.map((c) => [c.kind, c.alarm.rule])).toEqual([
      ['cleared', 'leakage'],
      ['raised', 'over_temp'],
    ]);
    // The same rule on another device is another alarm.
    expect(decideAlarms(of(active), 'box-2', [t('raise')], T0, ids)[0]?.kind).toBe('raised');
  });
});

describe('ackAlarm', () => {
  it('records who acknowledged and when, once', () => {
    const c = ackAlarm(active, 'disp', T0);
    expect(c).toEqual({ kind: 'acked', alarm: { ...active, ackedAt: T0, ackedBy: 'disp' } });
    expect(ackAlarm({ ...active, ackedAt: T0, ackedBy: 'disp' }, 'other', T0 + 1)).toBeUndefined();
  });
});

describe('retireOrphans', () => {
  it('clears the alarms whose rule is no longer configured, and only those', () => {
    const other = { ...active, id: 'A-2', rule: 'removed_rule' };
    const got = retireOrphans([active, other], (a) => a.rule === 'leakage', T0);
    expect(got).toEqual([{ kind: 'cleared', alarm: { ...other, active: false, clearedAt: T0 } }]);
  });
});
