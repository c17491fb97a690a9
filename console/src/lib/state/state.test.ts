// Pure rules of the live picture: device health, storm detection, the running SLA deadline.
import { describe, expect, it } from 'vitest';
import type { AlarmDto, TicketDto } from '../api/types';
import { alarmFlags, deviceHealth } from './health';
import { slaView } from './sla';
import { detectStorm, pruneRaises, STORM } from './storm';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function alarm(id: string, deviceId: string, over: Partial<AlarmDto> = {}): AlarmDto {
  return {
    id,
    deviceId,
    rule: 'leakage',
    severity: 'critical',
    active: true,
    count: 1,
    raisedAt: iso(T0),
    lastSeenAt: iso(T0),
    lastValue: {},
    ...over,
  };
}

function ticket(over: Partial<TicketDto> = {}): TicketDto {
  return {
    id: 'T1',
    status: 'new',
    repeatCount: 0,
    priority: 'P1',
    source: 'alarm',
    category: 'electrical',
    description: 'leak',
    createdAt: iso(T0),
    updatedAt: iso(T0),
    respondBy: iso(T0 + 30 * 60_000),
    resolveBy: iso(T0 + 4 * 3600_000),
    ...over,
  };
}

describe('device health', () => {
  it('alarm beats offline beats warning beats ok', () => {
    const flags = alarmFlags([
      alarm('a1', 'd1'),
      alarm('a2', 'd2', { severity: 'warning' }),
      alarm('a3', 'd3', { severity: 'minor' }),
    ]);
    expect(deviceHealth('offline', flags.get('d1'))).toBe('alarm');
    expect(deviceHealth('offline', flags.get('d2'))).toBe('offline');
    expect(deviceHealth('online', flags.get('d2'))).toBe('warning');
    expect(deviceHealth('online', flags.get('d3'))).toBe('alarm');
    expect(deviceHealth('online', undefined)).toBe('ok');
  });

  it('shows the synthetic offline alarm as offline, and ignores cleared alarms', () => {
    const flags = alarmFlags([
      alarm('a1', 'd1', { rule: 'offline', severity: 'major' }),
      alarm('a2', 'd2', { active: false }),
    ]);
    expect(deviceHealth('offline', flags.get('d1'))).toBe('offline');
    expect(deviceHealth('online', flags.get('d2'))).toBe('ok');
  });
});

describe('alarm storm', () => {
  const compoundOf = (deviceId: string) => deviceId.split('/')[0];
  const raises = (n: number, compounds: number, at = T0) =>
    Array.from({ length: n }, (_, i) => ({ id: `a${i}`, deviceId: `c${i % compounds}/d${i}`, at }));

  it('needs at least 10 alarms from at least 3 compounds', () => {
    expect(detectStorm(raises(10, 3), compoundOf, T0)).toEqual({ count: 10, compounds: 3 });
    expect(detectStorm(raises(9, 3), compoundOf, T0)).toBeNull();
    expect(detectStorm(raises(30, 2), compoundOf, T0)).toBeNull();
  });

  it('counts only the last 5 minutes, and the banner ends by itself', () => {
    const list = raises(12, 4);
    expect(detectStorm(list, compoundOf, T0 + STORM.windowMs)).not.toBeNull();
    expect(detectStorm(list, compoundOf, T0 + STORM.windowMs + 1)).toBeNull();
    expect(pruneRaises(list, T0 + STORM.windowMs + 1)).toEqual([]);
  });
});

describe('SLA countdown', () => {
  it('runs respondBy until on site, then resolveBy, then callbackBy', () => {
    expect(slaView(ticket(), T0)).toMatchObject({
      deadline: 'respond',
      remainingMs: 30 * 60_000,
      state: 'ok',
    });
    expect(slaView(ticket({ status: 'on_site' }), T0)).toMatchObject({ deadline: 'resolve' });
    expect(slaView(ticket({ status: 'resolved' }), T0)).toBeUndefined();
    const cb = ticket({ status: 'resolved', callbackBy: iso(T0 + 60_000) });
    expect(slaView(cb, T0)).toMatchObject({ deadline: 'callback', remainingMs: 60_000 });
    expect(slaView(ticket({ status: 'closed' }), T0)).toBeUndefined();
  });

  it('is breached when the server says so or the deadline has passed; at risk from the server', () => {
    expect(slaView(ticket({ slaStatus: 'breached' }), T0)?.state).toBe('breached');
    expect(slaView(ticket(), T0 + 31 * 60_000)).toMatchObject({ state: 'breached' });
    expect(slaView(ticket({ slaStatus: 'at_risk' }), T0)?.state).toBe('at_risk');
  });
});
