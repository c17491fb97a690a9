// Unit spec of the dusk sweep's decisions: when a night's sweep is due (after sunset at the depot,
// until sunrise, nights named in SITE_TZ), which lamps count as dark, and the night-patrol ticket.
import { describe, expect, it } from 'vitest';
import type { AlarmRecord, DeviceRecord, DeviceStateRecord } from '../store/store';
import { darkLamps, nightPatrolTicket, sweepDue, sweepTicketId, type LampView } from './dusk-sweep';
import { DEFAULT_SLA_POLICY } from './sla';

const QUFU = { lat: 35.6, lng: 117.0 };
const TZ = 'Asia/Shanghai';
const local = (iso: string) => Date.parse(`${iso}+08:00`);

describe('sweepDue', () => {
  // 2026-12-21 in Qufu: sunset 17:03; 2026-06-21: sunset 19:32.
  it('is due 30 minutes after sunset and names the night by its local date', () => {
    expect(sweepDue(local('2026-12-21T17:30'), TZ, QUFU, 30)).toBeUndefined();
    const due = sweepDue(local('2026-12-21T17:34'), TZ, QUFU, 30);
    expect(due?.night).toBe('2026-12-21');
    expect(due?.dueAt).toBeGreaterThan(local('2026-12-21T17:32'));
    expect(due?.dueAt).toBeLessThan(local('2026-12-21T17:34'));
    expect(sweepDue(local('2026-06-21T19:50'), TZ, QUFU, 30)).toBeUndefined();
    expect(sweepDue(local('2026-06-21T20:05'), TZ, QUFU, 30)?.night).toBe('2026-06-21');
  });

  it('stays due through the night (after midnight it is still the evening’s night), not by day', () => {
    expect(sweepDue(local('2026-12-22T03:00'), TZ, QUFU, 30)?.night).toBe('2026-12-21');
    expect(sweepDue(local('2026-12-22T08:00'), TZ, QUFU, 30)).toBeUndefined();
    expect(sweepDue(local('2026-12-22T12:00'), TZ, QUFU, 30)).toBeUndefined();
  });

  it('is never due when DUSK_SWEEP_AFTER_MIN is 0, nor where the sun does not set', () => {
    expect(sweepDue(local('2026-12-21T22:00'), TZ, QUFU, 0)).toBeUndefined();
    expect(sweepDue(Date.UTC(2026, 5, 21, 22), 'UTC', { lat: 78.2, lng: 15.6 }, 30)).toBeUndefined();
  });

  it('one ticket id per night', () => {
    expect(sweepTicketId('2026-12-21')).toBe('T261221-DSWEEP');
  });
});

const rec = (id: string, extra: Partial<DeviceRecord> = {}): DeviceRecord => ({
  id,
  type: 'streetlight',
  name: `路灯 ${id}`,
  lat: 35.6,
  lng: 117.0,
  attrs: {},
  secretHash: 'x',
  createdAt: 0,
  ...extra,
});
const st = (
  id: string,
  status: 'online' | 'offline',
  state: DeviceStateRecord['state'],
): DeviceStateRecord => ({
  deviceId: id,
  status,
  state,
  rules: {},
});
const alarm = (deviceId: string, rule: string, extra: Partial<AlarmRecord> = {}): AlarmRecord => ({
  id: `A-${deviceId}-${rule}`,
  deviceId,
  rule,
  severity: 'minor',
  active: true,
  count: 1,
  raisedAt: 0,
  lastSeenAt: 0,
  lastValue: {},
  ...extra,
});

describe('darkLamps', () => {
  it('online lamps off or without current, and lamps with an active dark_at_night or lamp_failure alarm', () => {
    const lamps: LampView[] = [
      { rec: rec('l-1'), st: st('l-1', 'online', { lamp: 'off', i: 0 }), alarms: [] },
      { rec: rec('l-2'), st: st('l-2', 'online', { lamp: 'on', i: 0.01 }), alarms: [] },
      { rec: rec('l-3'), st: st('l-3', 'online', { lamp: 'on', i: 0.45 }), alarms: [] },
      // Offline: its last reading says nothing of now — only an alarm puts it on the patrol.
      { rec: rec('l-4'), st: st('l-4', 'offline', { lamp: 'off', i: 0 }), alarms: [] },
      { rec: rec('l-5'), st: st('l-5', 'offline', {}), alarms: [alarm('l-5', 'lamp_failure')] },
      {
        rec: rec('l-6'),
        st: st('l-6', 'online', { lamp: 'on', i: 0.4 }),
        alarms: [alarm('l-6', 'dark_at_night')],
      },
      // Grouped under a power cut: the feeder's ticket is that work.
      { rec: rec('l-7'), alarms: [alarm('l-7', 'lamp_failure', { causeAlarmId: 'A-box' })] },
      { rec: rec('l-8'), alarms: [alarm('l-8', 'day_burning'), alarm('l-8', 'offline')] },
      { rec: rec('l-9', { decommissionedAt: 1 }), st: st('l-9', 'online', { lamp: 'off' }), alarms: [] },
      { rec: rec('l-10', { lat: undefined }), st: st('l-10', 'online', { lamp: 'off' }), alarms: [] },
      {
        rec: rec('l-0'),
        st: st('l-0', 'online', { lamp: 'off', i: 0 }),
        alarms: [alarm('l-0', 'dark_at_night'), alarm('l-0', 'lamp_failure')],
      },
    ];
    const dark = darkLamps(lamps);
    expect(dark.map((d) => [d.id, d.reasons])).toEqual([
      ['l-0', ['dark', 'dark_at_night', 'lamp_failure']],
      ['l-1', ['dark']],
      ['l-2', ['dark']],
      ['l-5', ['lamp_failure']],
      ['l-6', ['dark_at_night']],
    ]);
  });
});

describe('nightPatrolTicket', () => {
  it('one P3 lighting inspection ticket listing the stops in order, its route on the timeline', () => {
    const stops = [
      { deviceId: 'l-2', name: '路灯 二', lat: 35.601, lng: 117.0, legS: 60, reasons: ['dark' as const] },
      { deviceId: 'l-1', lat: 35.602, lng: 117.0, legS: 45, reasons: ['lamp_failure' as const] },
    ];
    const start = { lat: 35.6, lng: 117.0, name: '车队' };
    const now = local('2026-12-21T17:34');
    const c = nightPatrolTicket(
      { night: '2026-12-21', start, stops, basis: 'road' },
      now,
      DEFAULT_SLA_POLICY,
    );
    expect(c.prev).toBeUndefined();
    expect(c.next).toMatchObject({
      id: 'T261221-DSWEEP',
      status: 'new',
      source: 'inspection',
      category: 'lighting',
      priority: 'P3',
      lat: 35.601,
      createdAt: now,
    });
    expect(c.next.description).toContain('2 盏路灯不亮');
    expect(c.next.description.indexOf('l-2')).toBeLessThan(c.next.description.indexOf('l-1'));
    expect(c.before).toMatchObject({ type: 'created', by: 'system' });
    expect(c.entry).toMatchObject({
      type: 'patrol_route',
      by: 'system',
      data: { night: '2026-12-21', basis: 'road', start, stops, totalS: 105 },
    });
  });
});
