// Ticket decisions: one open ticket per fault, hotline tickets, linked reports, who may do what,
// lifecycle steps with callback and SLA bookkeeping, and the periodic SLA check.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { AlarmRecord, TicketRecord } from '../store/store';
import { DEFAULT_SLA_POLICY as SLA } from './sla';
import {
  authorizeEvent,
  linkReport,
  manualTicket,
  slaCheck,
  ticketForAlarm,
  ticketOnAlarmCleared,
  transition,
  type FaultSource,
} from './ticket-decisions';

const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const MIN = 60_000;
const ids = () => 'T-NEW';
const alarm: AlarmRecord = {
  id: 'A-1',
  deviceId: 'box-1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 1,
  raisedAt: T0,
  lastSeenAt: T0,
  lastValue: { leakage_ma: 45 },
};
const source: FaultSource = {
  deviceId: 'box-1',
  deviceName: '工保小区 1号配电箱',
  compoundId: 'gongbao',
  lat: 35.6,
  lng: 116.99,
  category: 'electrical',
  typeLabelZh: '配电箱',
  ruleLabelZh: '漏电',
};
const open = (extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'T-1',
  status: 'new',
  priority: 'P1',
  source: 'alarm',
  category: 'electrical',
  description: 'x',
  deviceId: 'box-1',
  alarmRule: 'leakage',
  createdAt: T0 - 10 * MIN,
  updatedAt: T0 - 10 * MIN,
  respondBy: T0 + 20 * MIN,
  resolveBy: T0 + 230 * MIN,
  ...extra,
});
const dispatcher = { username: 'disp', role: 'dispatcher' };

const conflictOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
  }
  throw new Error('expected a DomainError');
};

describe('ticketForAlarm', () => {
  it('opens a ticket for a new fault, described in Chinese, located at the device, with SLA deadlines', () => {
    const c = ticketForAlarm(undefined, alarm, source, 'P1', SLA, ids);
    expect(c.prev).toBeUndefined();
    expect(c.next).toMatchObject({
      id: 'T-NEW',
      status: 'new',
      priority: 'P1',
      source: 'alarm',
      category: 'electrical',
      description: '配电箱 工保小区 1号配电箱：漏电',
      deviceId: 'box-1',
      alarmRule: 'leakage',
      compoundId: 'gongbao',
      lat: 35.6,
      respondBy: T0 + 30 * MIN,
      resolveBy: T0 + 240 * MIN,
    });
    expect(c.entry).toMatchObject({ ticketId: 'T-NEW', type: 'created', by: 'device:box-1' });
  });

  it('puts a repeated fault on the timeline of its open ticket instead of opening another', () => {
    const t = open();
    const c = ticketForAlarm(t, alarm, source, 'P1', SLA, ids);
    expect(c.next.id).toBe('T-1');
    expect(c.next.updatedAt).toBe(T0);
    expect(c.entry).toMatchObject({ ticketId: 'T-1', type: 'alarm_raised', data: { alarmId: 'A-1' } });
  });

  it('falls back to the device id and the rule id when names are unknown', () => {
    const c = ticketForAlarm(
      undefined,
      alarm,
      { deviceId: 'box-1', category: 'electrical', typeLabelZh: '配电箱' },
      'P1',
      SLA,
      ids,
    );
    expect(c.next.description).toBe('配电箱 box-1：leakage');
  });
});

describe('ticketOnAlarmCleared', () => {
  it('notes the clearing on the open ticket; nothing once the ticket is gone', () => {
    const cleared = { ...alarm, active: false, clearedAt: T0 + MIN, ticketId: 'T-1' };
    expect(ticketOnAlarmCleared(open(), cleared)?.entry).toMatchObject({
      type: 'alarm_cleared',
      at: T0 + MIN,
    });
    expect(ticketOnAlarmCleared(undefined, cleared)).toBeUndefined();
  });

  it('while the crew is on site or the ticket is resolved, the clearing is the device verifying the repair', () => {
    const cleared = { ...alarm, active: false, clearedAt: T0 + MIN, ticketId: 'T-1' };
    for (const status of ['on_site', 'resolved'] as const) {
      expect(ticketOnAlarmCleared(open({ status }), cleared)?.entry).toEqual({
        ticketId: 'T-1',
        at: T0 + MIN,
        type: 'device_verified',
        by: 'device:box-1',
        data: { alarmId: 'A-1', rule: 'leakage', at: new Date(T0 + MIN).toISOString() },
      });
    }
    expect(ticketOnAlarmCleared(open({ status: 'en_route' }), cleared)?.entry?.type).toBe('alarm_cleared');
  });
});

describe('manualTicket and linkReport', () => {
  it('opens a hotline ticket and says whether its priority was suggested', () => {
    const body = { category: 'water' as const, description: '楼道漏水', source: 'hotline' as const };
    const c = manualTicket(body, 'P3', dispatcher, T0, SLA, ids);
    expect(c.next).toMatchObject({ id: 'T-NEW', status: 'new', priority: 'P3', source: 'hotline' });
    expect(c.entry?.data).toEqual({ priority: 'P3', suggested: true });
    expect(manualTicket({ ...body, priority: 'P2' }, 'P2', dispatcher, T0, SLA, ids).entry?.data).toEqual({
      priority: 'P2',
      suggested: false,
    });
  });

  it('links a further report, taking its reporter only when the ticket has none', () => {
    const report = {
      description: '又打来了',
      reporter: { name: '王', phone: '13800000000' },
      source: 'hotline' as const,
    };
    expect(linkReport(open(), report, dispatcher, T0).next.reporter).toEqual(report.reporter);
    const known = { name: '李', phone: '13900000000' };
    expect(linkReport(open({ reporter: known }), report, dispatcher, T0).next.reporter).toEqual(known);
  });
});

describe('authorizeEvent', () => {
  const tech = { username: 'tech', role: 'technician', vanId: 'van-1' };
  it('lets a technician advance only their own van’s ticket, and only their own steps', () => {
    expect(() =>
      authorizeEvent(open({ vanId: 'van-1', status: 'dispatched' }), { type: 'accept' }, tech),
    ).not.toThrow();
    expect(conflictOf(() => authorizeEvent(open({ vanId: 'van-2' }), { type: 'accept' }, tech)).kind).toBe(
      'forbidden',
    );
    const e = conflictOf(() =>
      authorizeEvent(open({ vanId: 'van-1' }), { type: 'cancel', reason: 'x' }, tech),
    );
    expect(e.kind).toBe('forbidden');
    expect(e.message).toContain('ask the dispatcher');
    expect(() => authorizeEvent(open(), { type: 'cancel', reason: 'x' }, dispatcher)).not.toThrow();
  });
});

describe('transition', () => {
  it('applies the lifecycle step and keeps its timeline entry', () => {
    const c = transition(open(), { type: 'dispatch', vanId: 'van-1' }, 'system', T0, SLA);
    expect(c.next).toMatchObject({ status: 'dispatched', vanId: 'van-1', dispatchedAt: T0 });
    expect(c.entry).toMatchObject({ type: 'dispatch', by: 'system', data: { vanId: 'van-1' } });
  });

  it('refuses a step the status does not allow, naming the allowed ones', () => {
    const e = conflictOf(() => transition(open(), { type: 'resolve', note: 'done' }, 'disp', T0, SLA));
    expect(e.kind).toBe('conflict');
    expect(e.details?.allowed).toEqual(['dispatch', 'cancel', 'note']);
  });

  it('sets the callback deadline when a resident’s ticket is resolved', () => {
    const t = open({ status: 'on_site', reporter: { name: '王', phone: '13800000000' } });
    const c = transition(t, { type: 'resolve', note: '换了断路器' }, 'tech', T0, SLA);
    expect(c.next.callbackBy).toBe(T0 + 24 * 3600_000);
    expect(
      transition(open({ status: 'on_site' }), { type: 'resolve', note: 'x' }, 'tech', T0, SLA).next
        .callbackBy,
    ).toBeUndefined();
  });

  it('gives a reopened ticket fresh deadlines and keeps the breaches on record', () => {
    const t = open({ status: 'closed', slaStatus: 'breached', slaBreaches: ['respond'], callbackBy: T0 });
    const c = transition(t, { type: 'reopen', reason: '又坏了' }, 'disp', T0, SLA);
    expect(c.next).toMatchObject({ status: 'new', respondBy: T0 + 30 * MIN, resolveBy: T0 + 240 * MIN });
    expect(c.next.callbackBy).toBeUndefined();
    expect(c.next.slaBreaches).toEqual(['respond']);
  });
});

describe('slaCheck', () => {
  it('changes nothing while the deadlines are far', () => {
    expect(
      slaCheck(open({ createdAt: T0, respondBy: T0 + 30 * MIN, resolveBy: T0 + 240 * MIN }), T0 + MIN, SLA),
    ).toBeUndefined();
  });

  it('flags a ticket at risk without a timeline entry, and a missed deadline with one', () => {
    const t = open({ createdAt: T0, respondBy: T0 + 30 * MIN, resolveBy: T0 + 240 * MIN });
    const risk = slaCheck(t, T0 + 25 * MIN, SLA);
    expect(risk?.next.slaStatus).toBe('at_risk');
    expect(risk?.entry).toBeUndefined();
    const missed = slaCheck(t, T0 + 31 * MIN, SLA);
    expect(missed?.next).toMatchObject({
      slaStatus: 'breached',
      slaBreaches: ['respond'],
      updatedAt: T0 + 31 * MIN,
    });
    expect(missed?.entry).toMatchObject({
      type: 'sla_breached',
      by: 'system',
      data: { deadlines: ['respond'] },
    });
    // Recorded once: checking again changes nothing.
    expect(missed && slaCheck(missed.next, T0 + 32 * MIN, SLA)).toBeUndefined();
  });
});
