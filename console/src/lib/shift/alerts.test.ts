import { describe, expect, it } from 'vitest';
import { alertTitle, decideAlerts, NOTHING_SEEN } from './alerts';

const p1 = (id: string, status = 'new') => ({ id, priority: 'P1', status });
const p2 = (id: string) => ({ id, priority: 'P2', status: 'new' });
const crit = (id: string, active = true) => ({ id, severity: 'critical', active });
const major = (id: string) => ({ id, severity: 'major', active: true });

describe('decideAlerts', () => {
  it('takes the first snapshot as the baseline: nothing in it is new', () => {
    const d = decideAlerts(NOTHING_SEEN, [p1('t1')], [crit('a1')]);
    expect(d.tickets).toEqual([]);
    expect(d.alarms).toEqual([]);
    expect(d.seen.ready).toBe(true);
  });

  it('calls out a P1 ticket and a critical alarm that came after the baseline, once', () => {
    const base = decideAlerts(NOTHING_SEEN, [p1('t1')], [crit('a1')]).seen;
    const d = decideAlerts(base, [p1('t1'), p1('t2'), p2('t3')], [crit('a1'), crit('a2'), major('a3')]);
    expect(d.tickets).toEqual(['t2']);
    expect(d.alarms).toEqual(['a2']);
    const again = decideAlerts(d.seen, [p1('t1'), p1('t2')], [crit('a1'), crit('a2')]);
    expect(again.tickets).toEqual([]);
    expect(again.alarms).toEqual([]);
  });

  it('calls out a ticket raised to P1 after it was first seen as P2', () => {
    const base = decideAlerts(NOTHING_SEEN, [p2('t1')], []).seen;
    expect(decideAlerts(base, [p1('t1')], []).tickets).toEqual(['t1']);
  });

  it('ignores resolved P1s and cleared critical alarms', () => {
    const base = decideAlerts(NOTHING_SEEN, [], []).seen;
    const d = decideAlerts(base, [p1('t1', 'resolved'), p1('t2', 'closed')], [crit('a1', false)]);
    expect(d.tickets).toEqual([]);
    expect(d.alarms).toEqual([]);
  });
});

describe('alertTitle', () => {
  it('prefixes the count while some wait, and is the plain title otherwise', () => {
    expect(alertTitle('红帆调度', 1, '新P1')).toBe('(1) 新P1 · 红帆调度');
    expect(alertTitle('红帆调度', 0, '新P1')).toBe('红帆调度');
  });
});
