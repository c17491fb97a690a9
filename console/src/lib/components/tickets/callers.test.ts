// The detail's view of a ticket's callers: pending ones, the round's progress, how each call came in.
import { describe, expect, it } from 'vitest';
import type { CallerDto } from '../../api/types';
import { callbackProgress, hasCallers, pendingCallers, viaKind } from './callers';

const caller = (phone: string, over: Partial<CallerDto> = {}): CallerDto => ({
  name: `住户${phone.slice(-2)}`,
  phone,
  at: '2026-05-01T08:00:00.000Z',
  via: 'hotline',
  ...over,
});
const done = { satisfaction: 'satisfied', at: '2026-05-01T12:00:00.000Z', by: 'dispatcher' } as const;

describe('callers in the ticket detail', () => {
  const callers = [caller('13800000001', { callback: done }), caller('13800000002'), caller('13800000003')];

  it('lists the callers still to call back, first first', () => {
    expect(pendingCallers({ callers }).map((c) => c.phone)).toEqual(['13800000002', '13800000003']);
    expect(pendingCallers({})).toEqual([]);
  });

  it('counts the round: called back of all callers', () => {
    expect(callbackProgress({ callers })).toEqual({ done: 1, total: 3 });
    expect(callbackProgress({})).toEqual({ done: 0, total: 0 });
  });

  it('says a ticket has callers when it lists any or has a reporter', () => {
    expect(hasCallers({ callers })).toBe(true);
    expect(hasCallers({ reporter: { name: '王阿姨', phone: '13812345678' } })).toBe(true);
    expect(hasCallers({})).toBe(false);
    expect(hasCallers({ callers: [] })).toBe(false);
  });

  it('names how the call came in; an integration by its kind', () => {
    expect(viaKind('hotline')).toBe('hotline');
    expect(viaKind('grid')).toBe('grid');
    expect(viaKind('inspection')).toBe('inspection');
    expect(viaKind('integration:city-12345')).toBe('integration');
    expect(viaKind(undefined)).toBeUndefined();
    expect(viaKind('fax')).toBeUndefined();
  });
});
