// The escalation and duty settings: defaults, P3/P4 only when set, and clear errors naming the variable.
import { describe, expect, it } from 'vitest';
import { escalationPolicy, loadConfig } from './config';

describe('escalation and duty settings', () => {
  it('defaults to P1 300 s, P2 900 s, no P3/P4, Asia/Shanghai, day and night shifts', () => {
    const c = loadConfig({});
    expect(escalationPolicy(c)).toEqual({ P1: 300, P2: 900 });
    expect(c.SITE_TZ).toBe('Asia/Shanghai');
    expect(c.DUTY_SHIFTS.map((s) => `${s.id} ${s.start}-${s.end}`)).toEqual([
      'day 08:00-20:00',
      'night 20:00-08:00',
    ]);
  });

  it('takes ESCALATE_P3_S and P4; 0 turns a priority off', () => {
    const c = loadConfig({ ESCALATE_P1_S: '0', ESCALATE_P3_S: '3600', ESCALATE_P4_S: '7200' });
    expect(escalationPolicy(c)).toEqual({ P2: 900, P3: 3600, P4: 7200 });
  });

  it('takes three shifts in another zone', () => {
    const shifts = [
      { id: 'a', label: { zh: '早班', en: 'Early' }, start: '06:00', end: '14:00' },
      { id: 'b', label: { zh: '中班', en: 'Middle' }, start: '14:00', end: '22:00' },
      { id: 'c', label: { zh: '夜班', en: 'Night' }, start: '22:00', end: '06:00' },
    ];
    const c = loadConfig({ DUTY_SHIFTS: JSON.stringify(shifts), SITE_TZ: 'Asia/Urumqi' });
    expect(c.DUTY_SHIFTS).toEqual(shifts);
  });

  it.each([
    ['ESCALATE_P1_S', { ESCALATE_P1_S: 'soon' }],
    ['ESCALATE_P2_S', { ESCALATE_P2_S: '-5' }],
    ['ESCALATE_P3_S', { ESCALATE_P3_S: '1.5' }],
    ['SITE_TZ', { SITE_TZ: 'Mars/Olympus' }],
    ['DUTY_SHIFTS', { DUTY_SHIFTS: 'day and night' }],
    ['DUTY_SHIFTS', { DUTY_SHIFTS: '[]' }],
    [
      'DUTY_SHIFTS',
      { DUTY_SHIFTS: '[{"id":"x","label":{"zh":"班","en":"X"},"start":"8:00","end":"20:00"}]' },
    ],
  ])('names %s when its value is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('says which shifts overlap, and which id repeats', () => {
    const a = { id: 'a', label: { zh: '甲', en: 'A' }, start: '08:00', end: '20:00' };
    const b = { id: 'b', label: { zh: '乙', en: 'B' }, start: '19:00', end: '09:00' };
    expect(() => loadConfig({ DUTY_SHIFTS: JSON.stringify([a, b]) })).toThrow('shifts a and b overlap');
    expect(() => loadConfig({ DUTY_SHIFTS: JSON.stringify([a, a]) })).toThrow('shift id a is given twice');
  });
});
