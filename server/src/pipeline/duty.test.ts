// The duty roster's arithmetic: shifts in the site's time zone, overnight shifts, whom to notify.
import { describe, expect, it } from 'vitest';
import type { DutyRosterRecord } from '../store/duty';
import {
  addDays,
  DEFAULT_SHIFTS,
  isCalendarDay,
  localTime,
  notifyOnCall,
  onDutyAt,
  overlappingShifts,
  shiftAt,
} from './duty';

const TZ = 'Asia/Shanghai'; // UTC+8, no daylight saving
/** Site time `hh:mm` on `date` as epoch ms. */
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

const roster: DutyRosterRecord[] = [
  {
    date: '2026-12-07',
    shiftId: 'day',
    members: ['d1', 'd2'],
    supervisor: 'sup-day',
    updatedAt: 0,
    updatedBy: 'admin',
  },
  {
    date: '2026-12-07',
    shiftId: 'night',
    members: ['n1'],
    supervisor: 'sup-night',
    manager: 'boss',
    updatedAt: 0,
    updatedBy: 'admin',
  },
];

describe('duty roster', () => {
  it('reads the local day and minute in the site time zone', () => {
    expect(localTime(Date.parse('2026-12-07T17:30:00Z'), TZ)).toEqual({ date: '2026-12-08', minute: 90 });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2028-02-29')).toBe(true);
  });

  it('finds the day shift from 08:00 to before 20:00, the night shift after, into the next morning', () => {
    expect(shiftAt(at('2026-12-07', '07:59'), TZ, DEFAULT_SHIFTS)).toMatchObject({
      shift: { id: 'night' },
      date: '2026-12-06',
    });
    expect(shiftAt(at('2026-12-07', '08:00'), TZ, DEFAULT_SHIFTS)).toMatchObject({
      shift: { id: 'day' },
      date: '2026-12-07',
    });
    expect(shiftAt(at('2026-12-07', '19:59'), TZ, DEFAULT_SHIFTS)?.shift.id).toBe('day');
    expect(shiftAt(at('2026-12-07', '20:00'), TZ, DEFAULT_SHIFTS)).toMatchObject({
      shift: { id: 'night' },
      date: '2026-12-07',
    });
    expect(shiftAt(at('2026-12-08', '03:00'), TZ, DEFAULT_SHIFTS)).toMatchObject({
      shift: { id: 'night' },
      date: '2026-12-07',
    });
  });

  it('says who is on duty and on call, and nobody where no roster was made', () => {
    expect(onDutyAt(at('2026-12-07', '10:00'), TZ, DEFAULT_SHIFTS, roster)).toMatchObject({
      members: ['d1', 'd2'],
      supervisor: 'sup-day',
    });
    const night = onDutyAt(at('2026-12-08', '02:00'), TZ, DEFAULT_SHIFTS, roster);
    expect(night).toMatchObject({
      date: '2026-12-07',
      members: ['n1'],
      supervisor: 'sup-night',
      manager: 'boss',
    });
    const none = onDutyAt(at('2026-12-08', '10:00'), TZ, DEFAULT_SHIFTS, roster);
    expect(none).toEqual({ date: '2026-12-08', shift: DEFAULT_SHIFTS[0], members: [] });
    const gap = [{ id: 'am', label: { zh: '早', en: 'AM' }, start: '08:00', end: '12:00' }];
    expect(onDutyAt(at('2026-12-07', '13:00'), TZ, gap, roster)).toBeUndefined();
  });

  it('notifies the supervisor at level 1 and the manager too at level 2', () => {
    const night = onDutyAt(at('2026-12-07', '21:00'), TZ, DEFAULT_SHIFTS, roster);
    expect(notifyOnCall(night, 1)).toEqual(['sup-night']);
    expect(notifyOnCall(night, 2)).toEqual(['sup-night', 'boss']);
    expect(notifyOnCall({ ...night!, manager: 'sup-night' }, 2)).toEqual(['sup-night']);
    expect(notifyOnCall(undefined, 2)).toEqual([]);
  });

  it('finds overlapping shifts', () => {
    expect(overlappingShifts(DEFAULT_SHIFTS)).toBeUndefined();
    const late = { id: 'late', label: { zh: '晚', en: 'Late' }, start: '18:00', end: '22:00' };
    expect(overlappingShifts([...DEFAULT_SHIFTS, late])).toEqual(['day', 'late']);
    const early = { id: 'early', label: { zh: '早', en: 'Early' }, start: '06:00', end: '07:00' };
    expect(overlappingShifts([DEFAULT_SHIFTS[1]!, early])).toEqual(['night', 'early']);
  });
});
