// The alarm feed's pure rules: which ticket a row opens (its own or its cause's), which alarms a
// filter keeps, and a stored filter read back defensively.
import { describe, expect, it } from 'vitest';
import type { AlarmDto, DeviceDto, IncidentDto } from '../../api/types';
import { isFiltering, matchesFilter, NO_FILTER, parseFilter, toggleSeverity } from './feed-filter';
import { alarmTicket } from './links';

const alarm = (over: Partial<AlarmDto>): AlarmDto => ({
  id: 'A1',
  deviceId: 'box-1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 1,
  raisedAt: '2026-12-07T06:00:00.000Z',
  lastSeenAt: '2026-12-07T06:00:00.000Z',
  lastValue: {},
  ...over,
});
const device = (over: Partial<DeviceDto>): DeviceDto =>
  ({ id: 'box-1', type: 'distribution_box', ...over }) as DeviceDto;

describe('alarmTicket', () => {
  it('an alarm with a ticket opens it', () => {
    expect(alarmTicket(alarm({ ticketId: 'T1' }), new Map())).toEqual({ ticketId: 'T1', viaCause: false });
  });

  it('a grouped alarm opens its cause’s ticket: from the cause alarm, else from the incident', () => {
    const cause = alarm({ id: 'A0', ticketId: 'T0' });
    const grouped = alarm({ id: 'A2', causeAlarmId: 'A0' });
    expect(alarmTicket(grouped, new Map([['A0', cause]]))).toEqual({ ticketId: 'T0', viaCause: true });
    const incident = { id: 'A0', ticketId: 'T9' } as IncidentDto;
    expect(alarmTicket(grouped, new Map(), [incident])).toEqual({ ticketId: 'T9', viaCause: true });
    expect(alarmTicket(grouped, new Map())).toBeUndefined();
  });

  it('an alarm without a ticket or cause opens none', () => {
    expect(alarmTicket(alarm({}), new Map())).toBeUndefined();
  });
});

describe('the feed filter', () => {
  const box = device({ compoundId: 'c1' });
  it('keeps what matches severity, compound and type; no filter keeps all', () => {
    const a = alarm({ severity: 'major' });
    expect(matchesFilter(NO_FILTER, a, box)).toBe(true);
    expect(matchesFilter({ severities: ['critical'] }, a, box)).toBe(false);
    expect(matchesFilter({ severities: ['critical', 'major'] }, a, box)).toBe(true);
    expect(matchesFilter({ severities: [], compoundId: 'c2' }, a, box)).toBe(false);
    expect(matchesFilter({ severities: [], compoundId: 'c1', deviceType: 'distribution_box' }, a, box)).toBe(
      true,
    );
    expect(matchesFilter({ severities: [], deviceType: 'camera' }, a, box)).toBe(false);
    expect(matchesFilter({ severities: [], compoundId: 'c1' }, a, undefined)).toBe(false);
  });

  it('toggles severities in their order of weight and says when it filters', () => {
    const f = toggleSeverity(toggleSeverity(NO_FILTER, 'minor'), 'critical');
    expect(f.severities).toEqual(['critical', 'minor']);
    expect(isFiltering(f)).toBe(true);
    expect(toggleSeverity(toggleSeverity(f, 'minor'), 'critical').severities).toEqual([]);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it('reads a stored filter back, dropping what it does not know', () => {
    expect(
      parseFilter(JSON.stringify({ severities: ['major', 'bogus'], compoundId: 'c1', deviceType: 3 })),
    ).toEqual({
      severities: ['major'],
      compoundId: 'c1',
      deviceType: undefined,
    });
    expect(parseFilter('not json')).toEqual(NO_FILTER);
    expect(parseFilter(null)).toEqual(NO_FILTER);
    expect(parseFilter('null')).toEqual(NO_FILTER);
  });
});
