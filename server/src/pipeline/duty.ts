// The duty roster's arithmetic (api.md v1.1 "Escalation": the supervisor on call): which shift covers a
// moment in the site's time zone, who is on it, and whom an escalation notifies. Pure: the time, the
// zone, the shifts and the roster are parameters.
//
// A shift is a daily window `start`–`end` (HH:MM, site time). One that ends at or before it starts runs
// overnight: a night shift 20:00–08:00 belongs to the day it starts, so at 03:00 on the 8th the shift
// on duty is the night shift of the 7th.
import type { DutyRosterRecord } from '../store/duty';

export interface ShiftDef {
  id: string;
  label: { zh: string; en: string };
  /** HH:MM, site time. */
  start: string;
  end: string;
}

export const DEFAULT_SHIFTS: readonly ShiftDef[] = [
  { id: 'day', label: { zh: '白班', en: 'Day' }, start: '08:00', end: '20:00' },
  { id: 'night', label: { zh: '夜班', en: 'Night' }, start: '20:00', end: '08:00' },
];

export const DEFAULT_SITE_TZ = 'Asia/Shanghai';

const DAY_MIN = 24 * 60;

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The minutes of the day [from, to) a shift covers, split at midnight for an overnight one. */
function windows(s: ShiftDef): [number, number][] {
  const a = minutesOf(s.start);
  const b = minutesOf(s.end);
  if (a < b) return [[a, b]];
  const overnight: [number, number][] = [[a, DAY_MIN]];
  if (b > 0) overnight.push([0, b]);
  return overnight;
}

/** The first pair of shifts that cover the same minute of the day, if any. */
export function overlappingShifts(shifts: readonly ShiftDef[]): [string, string] | undefined {
  for (const [i, s] of shifts.entries())
    for (const t of shifts.slice(i + 1))
      for (const [a, b] of windows(s))
        for (const [c, d] of windows(t)) if (a < d && c < b) return [s.id, t.id];
  return undefined;
}

/** The local calendar day (YYYY-MM-DD) and minute of the day of `now` in `timeZone`. */
export function localTime(now: number, timeZone: string): { date: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** A calendar day `n` days after `date` (YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether `date` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && addDays(date, 0) === date;
}

/** The shift covering `now` and the day it started, if one does. */
export function shiftAt(
  now: number,
  timeZone: string,
  shifts: readonly ShiftDef[],
): { shift: ShiftDef; date: string } | undefined {
  const { date, minute } = localTime(now, timeZone);
  for (const shift of shifts) {
    const a = minutesOf(shift.start);
    const b = minutesOf(shift.end);
    if (a < b ? a <= minute && minute < b : minute >= a) return { shift, date };
    if (a >= b && minute < b) return { shift, date: addDays(date, -1) };
  }
  return undefined;
}

export interface OnDuty {
  /** The day the shift started. */
  date: string;
  shift: ShiftDef;
  members: string[];
  supervisor?: string;
  manager?: string;
}

/** Who is on duty at `now`: the shift covering it and its roster (empty when none was made). */
export function onDutyAt(
  now: number,
  timeZone: string,
  shifts: readonly ShiftDef[],
  roster: readonly DutyRosterRecord[],
): OnDuty | undefined {
  const at = shiftAt(now, timeZone, shifts);
  if (!at) return undefined;
  const entry = roster.find((r) => r.date === at.date && r.shiftId === at.shift.id);
  return {
    date: at.date,
    shift: at.shift,
    members: entry?.members ?? [],
    ...(entry?.supervisor !== undefined && { supervisor: entry.supervisor }),
    ...(entry?.manager !== undefined && { manager: entry.manager }),
  };
}

/** Whom an escalation to `level` notifies: the supervisor on call, and at level 2 the manager too. */
export function notifyOnCall(duty: OnDuty | undefined, level: number): string[] {
  const who = [duty?.supervisor, level >= 2 ? duty?.manager : undefined];
  return [...new Set(who.filter((u): u is string => u !== undefined))];
}
