import { describe, expect, it } from 'vitest';
import type { AlarmRecord, SilenceRecord, TicketRecord } from '../store/store';
import { gate, groupedOnTicket, type GateInput } from './incidents';
import { coveringSilence, matchCovers } from './silence-match';

const T0 = 1_000_000;
const times = { holdMs: 30_000, graceMs: 300_000 };

function alarm(over: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    id: 'A-lamp',
    deviceId: 'lamp-1',
    rule: 'offline',
    severity: 'minor',
    active: true,
    count: 1,
    raisedAt: T0,
    lastSeenAt: T0,
    lastValue: {},
    ...over,
  };
}
const cut = (over: Partial<AlarmRecord> = {}) =>
  alarm({ id: 'A-box', deviceId: 'box-1', rule: 'breaker_tripped', severity: 'major', ...over });

function silence(over: Partial<SilenceRecord> = {}): SilenceRecord {
  return {
    id: 'S1',
    match: { deviceId: 'lamp-1' },
    startsAt: T0 - 1000,
    endsAt: T0 + 3_600_000,
    reason: 'maintenance',
    createdBy: 'disp',
    createdAt: T0 - 1000,
    ...over,
  };
}

function input(over: Partial<GateInput> = {}): GateInput {
  return {
    alarm: alarm(),
    device: {
      id: 'lamp-1',
      type: 'streetlight',
      compoundId: 'c1',
      dark: ['offline', 'lamp_failure'],
      feeder: { id: 'box-1', cuts: ['breaker_tripped', 'phase_loss', 'offline'] },
    },
    opensTicket: true,
    feederAlarms: [],
    silences: [],
    now: T0,
    times,
    ...over,
  };
}

describe('incident gate', () => {
  it('groups a dark alarm under the active power alarm of its feeder', () => {
    const d = gate(input({ feederAlarms: [cut({ raisedAt: T0 - 5000 })] }));
    expect(d).toMatchObject({ kind: 'grouped', causeAlarmId: 'A-box', why: { code: 'power_cut' } });
  });

  it('groups an alarm raised up to the hold before the cause, not one raised earlier', () => {
    const within = gate(input({ feederAlarms: [cut({ raisedAt: T0 + 30_000 })], now: T0 + 30_000 }));
    expect(within.kind).toBe('grouped');
    const before = gate(input({ feederAlarms: [cut({ raisedAt: T0 + 30_001 })], now: T0 + 30_001 }));
    expect(before.kind).toBe('open');
  });

  it('takes the earliest of several power alarms, and ignores the feeder’s other alarms', () => {
    const feederAlarms = [
      cut({ id: 'A-late', rule: 'phase_loss', raisedAt: T0 - 10 }),
      cut({ id: 'A-early', raisedAt: T0 - 20 }),
      cut({ id: 'A-door', rule: 'door_open', raisedAt: T0 - 30 }),
    ];
    expect(gate(input({ feederAlarms }))).toMatchObject({ causeAlarmId: 'A-early' });
  });

  it('holds a dark alarm of a fed device with no cause yet, then opens it with no_cause', () => {
    expect(gate(input({ now: T0 + 29_999 }))).toMatchObject({ kind: 'held', until: T0 + 30_000 });
    expect(gate(input({ now: T0 + 30_000 }))).toEqual({
      kind: 'open',
      why: { code: 'no_cause', feederId: 'box-1' },
    });
  });

  it('opens at once an alarm whose rule a power cut does not explain, or of an unfed device', () => {
    const failure = gate(input({ alarm: alarm({ rule: 'day_burning' }) }));
    expect(failure).toEqual({ kind: 'open', why: { code: 'own_fault' } });
    const base = input();
    const unfed = gate({ ...base, device: { ...base.device, feeder: undefined } });
    expect(unfed.kind).toBe('open');
  });

  it('silences an alarm a silence in force covers; one that ended no longer does', () => {
    const d = gate(input({ alarm: alarm({ rule: 'day_burning' }), silences: [silence()] }));
    expect(d).toMatchObject({ kind: 'silenced', silenceId: 'S1', until: T0 + 3_600_000 });
    const ended = gate(
      input({ alarm: alarm({ rule: 'day_burning', silenceId: 'S1' }), silences: [silence({ endedAt: T0 })] }),
    );
    expect(ended).toEqual({ kind: 'open', why: { code: 'silence_ended', silenceId: 'S1' } });
  });

  it('a power cut groups before a silence holds', () => {
    const d = gate(input({ feederAlarms: [cut()], silences: [silence()] }));
    expect(d.kind).toBe('grouped');
  });

  it('restores: waits out the grace after its cause cleared, then opens with still_dark', () => {
    const cleared = cut({ active: false, clearedAt: T0 + 60_000 });
    const a = alarm({ causeAlarmId: 'A-box' });
    expect(gate(input({ alarm: a, cause: cleared, now: T0 + 100_000 }))).toMatchObject({
      kind: 'restoring',
      until: T0 + 360_000,
    });
    expect(gate(input({ alarm: a, cause: cleared, now: T0 + 360_000 }))).toEqual({
      kind: 'open',
      why: { code: 'still_dark', feederId: 'box-1', causeAlarmId: 'A-box' },
    });
    expect(gate(input({ alarm: a, now: T0 + 360_000 }))).toMatchObject({ kind: 'restoring' });
  });

  it('a new power cut during the grace groups the alarm again', () => {
    const a = alarm({ causeAlarmId: 'A-box' });
    const again = cut({ id: 'A-box-2', raisedAt: T0 + 90_000 });
    const d = gate(input({ alarm: a, feederAlarms: [again], now: T0 + 90_000 }));
    expect(d).toMatchObject({ kind: 'grouped', causeAlarmId: 'A-box-2' });
  });

  it('decides nothing for a severity that opens no ticket', () => {
    expect(gate(input({ opensTicket: false, feederAlarms: [cut()] }))).toEqual({ kind: 'none' });
  });
});

describe('silence match', () => {
  const t = { deviceId: 'lamp-1', compoundId: 'c1', type: 'streetlight', rule: 'offline' };
  it('every field given must match', () => {
    expect(matchCovers({ compoundId: 'c1', type: 'streetlight' }, t)).toBe(true);
    expect(matchCovers({ compoundId: 'c1', type: 'camera' }, t)).toBe(false);
    expect(matchCovers({ rule: 'lamp_failure' }, t)).toBe(false);
    expect(matchCovers({ rule: 'lamp_failure' }, { ...t, rule: undefined })).toBe(true);
  });
  it('the covering silence in force that runs longest', () => {
    const a = silence({ id: 'a', endsAt: T0 + 10 });
    const b = silence({ id: 'b', endsAt: T0 + 20 });
    const later = silence({ id: 'later', startsAt: T0 + 5, endsAt: T0 + 99 });
    expect(coveringSilence([a, b, later], t, T0)?.id).toBe('b');
    expect(coveringSilence([a, b, later], t, T0 + 20)?.id).toBe('later');
    expect(coveringSilence([a], t, T0 + 10)).toBeUndefined();
  });
});

describe('alarm_grouped on the cause’s ticket', () => {
  const ticket = { id: 'T1', status: 'new', updatedAt: T0 - 5 } as TicketRecord;
  it('notes the grouped alarm on the open ticket; nothing without one', () => {
    const c = groupedOnTicket(ticket, alarm(), T0);
    expect(c?.next.updatedAt).toBe(T0);
    expect(c?.entry).toEqual({
      ticketId: 'T1',
      at: T0,
      type: 'alarm_grouped',
      by: 'device:lamp-1',
      data: { alarmId: 'A-lamp', deviceId: 'lamp-1', rule: 'offline' },
    });
    expect(groupedOnTicket(undefined, alarm(), T0)).toBeUndefined();
  });
});
