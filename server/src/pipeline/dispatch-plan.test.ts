// The dispatch pass: queue order, nearest idle van, one ticket per van, declined vans, tickets with no
// place; whether a van may take a ticket; arrival; which changes move the queue.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { Priority, TicketRecord, TicketStatus } from '../store/store';
import {
  checkDispatch,
  hasArrived,
  needsDispatchPass,
  planDispatch,
  vansTouched,
  type DispatchInput,
} from './dispatch-plan';
import type { VanPoint } from './dispatch';

const C = { lat: 35.597, lng: 116.99 };
const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const ticket = (
  id: string,
  priority: Priority,
  createdAt: number,
  at: { lat: number; lng: number } | undefined = C,
  status: TicketStatus = 'new',
): TicketRecord => ({
  id,
  status,
  priority,
  source: 'hotline',
  category: 'other',
  description: id,
  createdAt,
  updatedAt: createdAt,
  respondBy: createdAt,
  resolveBy: createdAt,
  ...at,
});
const near: VanPoint = { id: 'near', lat: C.lat + 0.001, lng: C.lng };
const far: VanPoint = { id: 'far', lat: C.lat + 0.05, lng: C.lng };
const input = (
  idle: VanPoint[],
  tickets: TicketRecord[],
  extra: Partial<DispatchInput> = {},
): DispatchInput => ({
  idle,
  tickets,
  locate: (t) => (t.lat !== undefined && t.lng !== undefined ? { lat: t.lat, lng: t.lng } : undefined),
  declined: () => undefined,
  ...extra,
});
const plan = (i: DispatchInput) => planDispatch(i).map((a) => [a.ticket.id, a.vanId]);

describe('planDispatch', () => {
  it('takes the van with the shortest road time, P1 first, and carries its etaS', () => {
    // By road "far" is quicker (the near one is across a river); "near" only for whom far is taken.
    const roadS: Record<string, number> = { near: 400, far: 90 };
    const fastest: DispatchInput['fastest'] = (vans) =>
      vans.reduce<{ id: string; etaS: number } | undefined>((best, v) => {
        const etaS = roadS[v.id]!;
        return best && best.etaS <= etaS ? best : { id: v.id, etaS };
      }, undefined);
    const p3 = ticket('old-p3', 'P3', T0);
    const p1 = ticket('new-p1', 'P1', T0 + 60_000);
    expect(planDispatch(input([near, far], [p3, p1], { fastest }))).toEqual([
      { ticket: p1, vanId: 'far', etaS: 90 },
      { ticket: p3, vanId: 'near', etaS: 400 },
    ]);
  });

  it('falls back to the straight line where no road joins (fastest says undefined)', () => {
    const [a] = planDispatch(input([far, near], [ticket('t', 'P2', T0)], { fastest: () => undefined }));
    expect(a).toMatchObject({ vanId: 'near', distanceM: expect.any(Number) as unknown });
    expect(a?.etaS).toBeUndefined();
  });

  it('gives the P1 ticket the nearest van before an older P3, and the next one the next van', () => {
    const p3 = ticket('old-p3', 'P3', T0);
    const p1 = ticket('new-p1', 'P1', T0 + 60_000);
    expect(plan(input([far, near], [p3, p1]))).toEqual([
      ['new-p1', 'near'],
      ['old-p3', 'far'],
    ]);
  });

  it('takes the oldest first among equal priorities, and stops when the vans run out', () => {
    const a = ticket('a', 'P2', T0 + 1);
    const b = ticket('b', 'P2', T0);
    expect(plan(input([near], [a, b]))).toEqual([['b', 'near']]);
  });

  it('considers only queued tickets, and leaves those with no place to a dispatcher', () => {
    const busy = ticket('busy', 'P1', T0, C, 'dispatched');
    const nowhere = ticket('nowhere', 'P1', T0, undefined);
    delete nowhere.lat;
    delete nowhere.lng;
    const waiting = ticket('waiting', 'P2', T0);
    expect(plan(input([near], [busy, nowhere, waiting]))).toEqual([['waiting', 'near']]);
  });

  it('never offers a ticket again to a van that declined it', () => {
    const t = ticket('t', 'P1', T0);
    const declined = (id: string) => (id === 't' ? new Set(['near']) : undefined);
    expect(plan(input([near, far], [t], { declined }))).toEqual([['t', 'far']]);
    expect(plan(input([near], [t], { declined }))).toEqual([]);
  });

  it('plans nothing without idle vans or waiting tickets', () => {
    expect(plan(input([], [ticket('t', 'P1', T0)]))).toEqual([]);
    expect(plan(input([near], []))).toEqual([]);
  });
});

describe('checkDispatch', () => {
  const t = ticket('t', 'P1', T0);
  const err = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return e instanceof DomainError ? [e.kind, e.code] : ['other'];
    }
    return [];
  };
  it('refuses an unknown van as bad input and a van busy with another ticket as a conflict', () => {
    expect(err(() => checkDispatch(t, 'ghost', false))).toEqual(['invalid', 'bad_request']);
    expect(err(() => checkDispatch(t, 'near', true, ticket('other', 'P2', T0, C, 'on_site')))).toEqual([
      'conflict',
      'van_busy',
    ]);
    expect(err(() => checkDispatch(t, 'near', true, { ...t, status: 'dispatched' }))).toEqual([]);
    expect(err(() => checkDispatch(t, 'near', true))).toEqual([]);
  });
});

describe('hasArrived', () => {
  it('counts a van on its way within the radius as arrived', () => {
    const t = ticket('t', 'P1', T0, C, 'en_route');
    expect(hasArrived(t, { lat: C.lat + 0.0003, lng: C.lng }, C, 50)).toBe(true);
    expect(hasArrived(t, { lat: C.lat + 0.001, lng: C.lng }, C, 50)).toBe(false);
    expect(hasArrived({ ...t, status: 'dispatched' }, C, C, 50)).toBe(false);
    expect(hasArrived(t, C, undefined, 50)).toBe(false);
  });
});

describe('needsDispatchPass and vansTouched', () => {
  const t = ticket('t', 'P1', T0);
  it('moves the queue when a ticket enters it or a van is freed, not on other changes', () => {
    expect(needsDispatchPass(undefined, t)).toBe(true);
    expect(needsDispatchPass({ ...t, status: 'dispatched', vanId: 'v' }, t)).toBe(true); // declined
    expect(
      needsDispatchPass({ ...t, status: 'on_site', vanId: 'v' }, { ...t, status: 'resolved', vanId: 'v' }),
    ).toBe(true);
    expect(
      needsDispatchPass({ ...t, status: 'accepted', vanId: 'v' }, { ...t, status: 'dispatched', vanId: 'w' }),
    ).toBe(true);
    expect(needsDispatchPass(t, { ...t, updatedAt: T0 + 1 })).toBe(false); // a note on a waiting ticket
    expect(needsDispatchPass(t, { ...t, status: 'dispatched', vanId: 'v' })).toBe(false);
  });

  it('names the vans a change gave or took a ticket, or whose ticket changed status', () => {
    expect(vansTouched(undefined, t)).toEqual([]);
    expect(vansTouched(t, { ...t, status: 'dispatched', vanId: 'v' })).toEqual(['v']);
    expect(
      vansTouched({ ...t, status: 'accepted', vanId: 'v' }, { ...t, status: 'dispatched', vanId: 'w' }),
    ).toEqual(['v', 'w']);
    expect(
      vansTouched({ ...t, status: 'accepted', vanId: 'v' }, { ...t, status: 'en_route', vanId: 'v' }),
    ).toEqual(['v']);
    expect(vansTouched({ ...t, vanId: 'v' }, { ...t, vanId: 'v', updatedAt: T0 + 1 })).toEqual([]);
  });
});
