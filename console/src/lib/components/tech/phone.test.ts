// The phone as a tool (issue 20 point 4), pure pieces: today's jobs, the next step first, the
// confirmation after a step, the far-away arrival guard, and the need-help note and its predicate.
import { describe, expect, it } from 'vitest';
import type { TicketDto, TimelineEntry } from '../../api/types';
import { AssignmentAlerter, type AlertPorts } from './alert';
import { ARRIVAL_GUARD_M, arrivalDistance } from './arrival';
import { HELP_PREFIX, helpRequest, helpText, isHelpText } from './help';
import { ageParts, confirmation, dayOf, nextStep, orderedSteps, todayJobs } from './jobs';

// 2026-05-01 22:00 in Qufu (UTC+8) = 14:00 UTC.
const NOW = Date.parse('2026-05-01T14:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const H = 3_600_000;

function ticket(id: string, over: Partial<TicketDto> = {}): TicketDto {
  return {
    id,
    status: 'dispatched',
    repeatCount: 0,
    priority: 'P2',
    source: 'hotline',
    category: 'electrical',
    description: '楼道灯不亮',
    createdAt: iso(NOW - 5 * H),
    updatedAt: iso(NOW - 4 * H),
    respondBy: iso(NOW),
    resolveBy: iso(NOW + H),
    ...over,
  };
}

describe('todayJobs', () => {
  it('the day is the day in Qufu, not in UTC', () => {
    expect(dayOf(Date.parse('2026-05-01T16:30:00Z'))).toBe('2026-05-02');
    expect(dayOf(Date.parse('2026-05-01T15:59:59Z'))).toBe('2026-05-01');
  });

  it('open first in working order, then done today latest first; yesterday and cancelled left out', () => {
    const list = [
      ticket('done-early', { status: 'closed', resolvedAt: iso(NOW - 10 * H), closedAt: iso(NOW - 9 * H) }),
      ticket('waiting-p3', { status: 'dispatched', priority: 'P3' }),
      ticket('yesterday', { status: 'resolved', resolvedAt: iso(NOW - 23 * H) }),
      ticket('on-site', { status: 'on_site', priority: 'P3' }),
      ticket('done-late', { status: 'resolved', resolvedAt: iso(NOW - H) }),
      ticket('cancelled', { status: 'cancelled', closedAt: iso(NOW - H) }),
      ticket('waiting-p1', { status: 'dispatched', priority: 'P1' }),
    ];
    expect(todayJobs(list, NOW).map((t) => t.id)).toEqual([
      'on-site',
      'waiting-p1',
      'waiting-p3',
      'done-late',
      'done-early',
    ]);
  });
});

describe('steps', () => {
  it('the next step is first (the big button): depart before arrive once accepted', () => {
    expect(orderedSteps(['depart', 'arrive'], 'accepted')).toEqual(['depart', 'arrive']);
    expect(orderedSteps(['accept', 'decline'], 'dispatched')).toEqual(['accept', 'decline']);
    expect(orderedSteps(['arrive'], 'en_route')).toEqual(['arrive']);
    expect(nextStep('on_site')).toBe('resolve');
    expect(nextStep('closed')).toBeUndefined();
  });

  it("confirms the last step: the page's own time, else the ticket's timestamp", () => {
    const arrived = ticket('a', { status: 'on_site', arrivedAt: iso(NOW - H) });
    expect(confirmation(arrived, { status: 'on_site', at: NOW })).toEqual({ status: 'on_site', at: NOW });
    expect(confirmation(arrived, { status: 'en_route', at: NOW })).toEqual({
      status: 'on_site',
      at: NOW - H,
    });
    expect(confirmation(ticket('b', { status: 'en_route' }), undefined)).toEqual({ status: 'en_route' });
    const closed = ticket('c', { status: 'closed', resolvedAt: iso(NOW - 2 * H) });
    expect(confirmation(closed, undefined)).toEqual({ status: 'resolved', at: NOW - 2 * H });
    expect(confirmation(ticket('d'), undefined)).toBeUndefined();
  });
});

describe('arrival guard', () => {
  const site = { lat: 35.6, lng: 116.99 };
  const north = (m: number) => ({ lat: site.lat + m / 111_195, lng: site.lng });

  it('asks when the phone is more than 300 m away; the phone wins over the van', () => {
    expect(arrivalDistance(site, north(1200), undefined)).toBeCloseTo(1200, -1);
    expect(arrivalDistance(site, north(ARRIVAL_GUARD_M - 20), north(5000))).toBeUndefined();
    expect(arrivalDistance(site, undefined, north(800))).toBeCloseTo(800, -1);
  });

  it('no position, or no site: no guard', () => {
    expect(arrivalDistance(site, undefined, undefined)).toBeUndefined();
    expect(arrivalDistance(undefined, north(5000), north(5000))).toBeUndefined();
  });
});

describe('need help', () => {
  const note = (text: string, at = iso(NOW)): TimelineEntry => ({
    at,
    type: 'note',
    by: 'tech',
    data: { text },
  });

  it('the note starts with the prefix, then what is needed and the own words', () => {
    expect(helpText(['第二辆车', '主管'], ' 水管爆裂 ')).toBe(`${HELP_PREFIX}第二辆车、主管：水管爆裂`);
    expect(helpText(['材料'], '')).toBe(`${HELP_PREFIX}材料`);
    expect(isHelpText(helpText(['材料'], ''))).toBe(true);
    expect(isHelpText('需要材料')).toBe(false);
  });

  it('the latest request stands until the ticket is resolved, cancelled or dispatched again', () => {
    const asked = note(helpText(['主管'], ''), iso(NOW - H));
    expect(helpRequest([note('到了'), asked])).toEqual({ at: iso(NOW - H), what: '主管' });
    expect(helpRequest([note('到了')])).toBeUndefined();
    const resolved: TimelineEntry = { at: iso(NOW), type: 'resolve', by: 'tech', data: { note: 'ok' } };
    expect(helpRequest([asked, resolved])).toBeUndefined();
  });
});

describe('alerts after a reload', () => {
  const ports = (audioLocked?: () => boolean): AlertPorts => ({
    permission: () => 'granted',
    requestPermission: () => Promise.resolve('granted'),
    notify: () => {},
    canVibrate: () => true,
    vibrate: () => {},
    chime: () => {},
    unlockAudio: () => {},
    focus: () => {},
    ...(audioLocked && { audioLocked }),
  });

  it('says the sound needs a tap only when the browser says so; unknown or failing: no prompt', () => {
    expect(new AssignmentAlerter(ports(() => true)).audioLocked()).toBe(true);
    expect(new AssignmentAlerter(ports(() => false)).audioLocked()).toBe(false);
    expect(new AssignmentAlerter(ports()).audioLocked()).toBe(false);
    const throwing = () => {
      throw new Error('no userActivation');
    };
    expect(new AssignmentAlerter(ports(throwing)).audioLocked()).toBe(false);
  });
});

describe('last report age', () => {
  it('in the units people say: just now, minutes, hours and minutes, days', () => {
    expect(ageParts(20_000)).toEqual({ unit: 'now' });
    expect(ageParts(5 * 60_000)).toEqual({ unit: 'min', n: 5 });
    expect(ageParts(H + 7 * 60_000)).toEqual({ unit: 'h', h: 1, m: 7 });
    expect(ageParts(50 * H)).toEqual({ unit: 'd', d: 2 });
    expect(ageParts(-5000)).toEqual({ unit: 'now' }); // a device clock a little ahead
  });
});
