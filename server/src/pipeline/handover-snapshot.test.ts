import { describe, expect, it } from 'vitest';
import type { DutyRosterRecord, TicketRecord } from '../store/store';
import { DEFAULT_SHIFTS } from './duty';
import { buildHandoverSnapshot, shiftsAround, type SnapshotInput } from './handover-snapshot';

// 2026-03-10 19:30 in Qufu (UTC+8): half an hour before the day shift ends.
const NOW = Date.parse('2026-03-10T11:30:00Z');
const MIN = 60_000;

function ticket(id: string, extra: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id,
    status: 'new',
    priority: 'P3',
    source: 'hotline',
    category: 'street_light',
    description: '路灯不亮',
    createdAt: NOW - 60 * MIN,
    updatedAt: NOW - 60 * MIN,
    respondBy: NOW + 60 * MIN,
    resolveBy: NOW + 600 * MIN,
    ...extra,
  };
}

const roster: DutyRosterRecord[] = [
  { date: '2026-03-10', shiftId: 'day', members: ['zhang'], updatedAt: 0, updatedBy: 'admin' },
  {
    date: '2026-03-10',
    shiftId: 'night',
    members: ['li', 'wang'],
    supervisor: 'zhao',
    updatedAt: 0,
    updatedBy: 'admin',
  },
];

function input(extra: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    now: NOW,
    timeZone: 'Asia/Shanghai',
    tickets: [
      ticket('T-old-p3', { createdAt: NOW - 300 * MIN, compoundId: 'xingtan', address: '3号楼' }),
      ticket('T-p1-new', { priority: 'P1', category: 'elevator' }),
      ticket('T-breached', { priority: 'P4', slaStatus: 'breached', vanId: 'van-1', status: 'dispatched' }),
      ticket('T-risk', { priority: 'P2', slaStatus: 'at_risk', status: 'on_site', vanId: 'van-2' }),
      ticket('T-callback', { status: 'resolved', callbackBy: NOW + 120 * MIN, vanId: 'van-2' }),
      ticket('T-closed', { status: 'closed' }),
      ticket('T-cancelled', { status: 'cancelled', priority: 'P1' }),
    ],
    compoundNames: new Map([['xingtan', '杏坛小区']]),
    incidents: [
      { alarmId: 'A-2', deviceId: 'feeder-2', since: NOW - 5 * MIN, affected: 3 },
      { alarmId: 'A-1', deviceId: 'feeder-1', compoundId: 'xingtan', since: NOW - 50 * MIN, affected: 12 },
    ],
    vans: [
      { id: 'van-2', name: '二号车', status: 'on_site', ticketId: 'T-risk' },
      { id: 'van-1', name: '一号车', status: 'assigned', ticketId: 'T-breached' },
    ],
    shifts: DEFAULT_SHIFTS,
    roster,
    ...extra,
  };
}

describe('buildHandoverSnapshot', () => {
  it('counts the open tickets only, by status and priority, SLA, callbacks and urgent unassigned', () => {
    const s = buildHandoverSnapshot(input());
    expect(s.counts).toEqual({
      open: 5,
      byStatus: { new: 2, dispatched: 1, on_site: 1, resolved: 1 },
      byPriority: { P1: 1, P2: 1, P3: 2, P4: 1 },
      slaAtRisk: 1,
      slaBreached: 1,
      awaitingCallback: 1,
      unassignedUrgent: 1,
      activeIncidents: 2,
    });
    expect(s.takenAt).toBe('2026-03-10T11:30:00.000Z');
    expect(s.timeZone).toBe('Asia/Shanghai');
  });

  it('lists tickets most urgent first (breached, at risk, priority, oldest) in the compact form', () => {
    const s = buildHandoverSnapshot(input());
    expect(s.tickets.map((t) => t.id)).toEqual([
      'T-breached',
      'T-risk',
      'T-p1-new',
      'T-old-p3',
      'T-callback',
    ]);
    expect(s.tickets[3]).toStrictEqual({
      id: 'T-old-p3',
      priority: 'P3',
      status: 'new',
      category: 'street_light',
      compoundId: 'xingtan',
      compoundName: '杏坛小区',
      address: '3号楼',
      createdAt: new Date(NOW - 300 * MIN).toISOString(),
      respondBy: new Date(NOW + 60 * MIN).toISOString(),
      resolveBy: new Date(NOW + 600 * MIN).toISOString(),
    });
    expect(s.tickets[4]?.callbackBy).toBe(new Date(NOW + 120 * MIN).toISOString());
    expect(s.truncated).toBe(0);
  });

  it('caps the list and counts the rest as truncated, the counts still over all of them', () => {
    const many = Array.from({ length: 7 }, (_, i) => ticket(`T-${i}`, { createdAt: NOW - i * MIN }));
    const s = buildHandoverSnapshot(input({ tickets: many, maxTickets: 3 }));
    expect(s.tickets.map((t) => t.id)).toEqual(['T-6', 'T-5', 'T-4']);
    expect(s.truncated).toBe(4);
    expect(s.counts.open).toBe(7);
  });

  it('lists incidents oldest first with compound names, and vans by id', () => {
    const s = buildHandoverSnapshot(input());
    expect(s.incidents).toEqual([
      {
        alarmId: 'A-1',
        deviceId: 'feeder-1',
        compoundId: 'xingtan',
        compoundName: '杏坛小区',
        since: new Date(NOW - 50 * MIN).toISOString(),
        affected: 12,
      },
      { alarmId: 'A-2', deviceId: 'feeder-2', since: new Date(NOW - 5 * MIN).toISOString(), affected: 3 },
    ]);
    expect(s.vans.map((v) => v.id)).toEqual(['van-1', 'van-2']);
  });

  it('names the shift that ends and who is on the next, from the roster', () => {
    const s = buildHandoverSnapshot(input());
    expect(s.ending).toMatchObject({ date: '2026-03-10', shiftId: 'day', members: ['zhang'] });
    expect(s.next).toStrictEqual({
      date: '2026-03-10',
      shiftId: 'night',
      label: { zh: '夜班', en: 'Night' },
      start: '20:00',
      end: '08:00',
      members: ['li', 'wang'],
      supervisor: 'zhao',
    });
  });
});

describe('shiftsAround', () => {
  it('at 03:00 the night shift of the day before ends and the next day shift follows (empty roster)', () => {
    const at = Date.parse('2026-03-10T19:00:00Z'); // 03:00 on the 11th
    const s = shiftsAround(at, 'Asia/Shanghai', DEFAULT_SHIFTS, roster);
    expect(s.ending).toMatchObject({ date: '2026-03-10', shiftId: 'night', members: ['li', 'wang'] });
    expect(s.next).toMatchObject({ date: '2026-03-11', shiftId: 'day', members: [] });
  });

  it('naming the shift that just ended hands that one over, the shift on duty now being the next', () => {
    const at = Date.parse('2026-03-10T12:10:00Z'); // 20:10: the night shift has begun
    const s = shiftsAround(at, 'Asia/Shanghai', DEFAULT_SHIFTS, roster, 'day');
    expect(s.ending).toMatchObject({ date: '2026-03-10', shiftId: 'day' });
    expect(s.next).toMatchObject({ date: '2026-03-10', shiftId: 'night' });
  });
});
