// Unit spec of the rule engine: the generic timer semantics on small synthetic rules, then every
// default rule of device-protocol.md "Default fault rules" through the real compiled registry.
import { describe, expect, it } from 'vitest';
import { getDeviceType } from '../../../devices/index';
import { all, any, eq, gt, gte, lt, neq, outside, rule } from '../../../devices/lib/rules';
import type { MetricValue } from '../../../devices/lib/types';
import { evaluateRules, holds, type RuleStates, type RuleTransition } from './rules';

const label = { zh: '测试', en: 'Test' };
const s = (n: number) => n * 1000;
const brief = (ts: RuleTransition[]) => ts.map((t) => `${t.kind} ${t.rule} ${t.severity}`);

type Step = [t: number, patch: Record<string, MetricValue> | 'tick', expected: string[], on?: 'tick'];
type Device = { type: string; attrs?: Record<string, number>; from?: 'normal' | 'empty' };
/**
 * Drive one device of a real type through readings and ticks (t in seconds) and assert each step's
 * transitions. A patch with `on: 'tick'` changes only what the server recomputes itself ($offline).
 */
function scenario(device: string | Device, steps: Step[]) {
  const { type, attrs = {}, from = 'normal' } = typeof device === 'string' ? { type: device } : device;
  const compiled = getDeviceType(type);
  if (!compiled) throw new Error(`no type ${type}`);
  let state: Record<string, MetricValue> = from === 'empty' ? {} : { ...compiled.def.simulator.normal };
  let states: RuleStates = {};
  const seen: RuleTransition[] = [];
  for (const [t, patch, expected, on] of steps) {
    if (patch !== 'tick') state = { ...state, ...patch };
    const reading = patch !== 'tick' && on !== 'tick';
    const r = evaluateRules(compiled.rules, { state, attrs }, states, s(t), reading);
    expect(brief(r.transitions), `at t=${t}s`).toEqual(expected);
    states = r.states;
    seen.push(...r.transitions);
  }
  return seen;
}

describe('evaluateRules (engine semantics)', () => {
  const hot = rule('hot', gt('t', 10), { severity: 'major', for: '10s', label });
  const input = (state: Record<string, MetricValue>) => ({ state, attrs: {} });
  it('conditions: missing metrics are false, thresholds read attrs with a default', () => {
    const i = { state: { a: 5, e: 'x', b: true }, attrs: { cap: 4 } };
    const missing = [gt('missing', 0), eq('missing', 'x'), neq('missing', 'x'), outside('missing', 0, 1)];
    const unset = gt('a', { attr: 'x', default: 9 });
    const no = [gt('e', 0), unset, outside('a', 5, 6), all(lt('a', 0), gte('a', 5))];
    const yes = [neq('e', 'y'), eq('b', true), gt('a', { attr: 'cap', default: 9 }), outside('a', 6, 7)];
    for (const c of [...missing, ...no]) expect(holds(c, i), JSON.stringify(c)).toBe(false);
    for (const c of [...yes, any(lt('a', 0), gte('a', 5))]) expect(holds(c, i), JSON.stringify(c)).toBe(true);
  });
  it('hands back prev itself when no timer changed, and new states when one did', () => {
    const idle = evaluateRules([hot], input({ t: 5 }), {}, 0, true).states;
    expect(idle).toEqual({ hot: { active: false } });
    expect(evaluateRules([hot], input({ t: 6 }), idle, s(1), true).states).toBe(idle);
    const loaded: RuleStates = { hot: { active: false } }; // as read back from the store
    expect(evaluateRules([hot], input({ t: 6 }), loaded, s(1), true).states).toBe(loaded);
    const stale: RuleStates = { hot: { active: false }, gone: { active: true } }; // a rule since removed
    expect(evaluateRules([hot], input({ t: 6 }), stale, s(1), true).states).toEqual({
      hot: { active: false },
    });
    const warming = evaluateRules([hot], input({ t: 11 }), idle, s(2), true).states;
    expect(warming).not.toBe(idle);
    expect(evaluateRules([hot], input({ t: 12 }), warming, s(3), true).states).toBe(warming);
  });
  it('reads $offline from input.offline when given, over the state', () => {
    const off = rule('off', eq('$offline', true), { severity: 'major', label });
    const i = { state: { $offline: false }, attrs: {} };
    expect(holds(off.when, i)).toBe(false);
    expect(holds(off.when, { ...i, offline: true })).toBe(true);
    const r = evaluateRules([off], { state: {}, attrs: {}, offline: true }, {}, 0, false);
    expect(r.transitions).toEqual([
      { rule: 'off', kind: 'raise', severity: 'major', value: { $offline: true } },
    ]);
  });
  it('raises after forS, resets the timer when the condition breaks, never mutates prev', () => {
    const r1 = evaluateRules([hot], input({ t: 11 }), {}, 0, true);
    expect(r1).toEqual({ states: { hot: { active: false, since: 0 } }, transitions: [] });
    const frozen = Object.freeze({ hot: Object.freeze({ ...r1.states.hot }) }) as RuleStates;
    const r2 = evaluateRules([hot], input({ t: 5 }), frozen, s(5), true);
    expect(r2.states).toEqual({ hot: { active: false } });
    const r3 = evaluateRules([hot], input({ t: 12 }), r2.states, s(6), true);
    expect(r3.states.hot).toEqual({ active: false, since: s(6) });
    expect(evaluateRules([hot], input({ t: 12 }), r3.states, s(15), false).transitions).toEqual([]);
    const r4 = evaluateRules([hot], input({ t: 12, x: 1 }), r3.states, s(16), false);
    expect(r4.transitions).toEqual([{ rule: 'hot', kind: 'raise', severity: 'major', value: { t: 12 } }]);
    expect(r4.states.hot).toEqual({ active: true });
    expect(r4.states.hot).not.toBe(r3.states.hot);
  });
  it('repeats on readings only; a tick never starts the clear timer; flapping does not clear', () => {
    const active: RuleStates = { hot: { active: true } };
    const repeat = evaluateRules([hot], input({ t: 20 }), active, 0, true);
    expect(brief(repeat.transitions)).toEqual(['repeat hot major']);
    expect(evaluateRules([hot], input({ t: 20 }), active, 0, false).transitions).toEqual([]);
    const tick = evaluateRules([hot], input({ t: 1 }), active, s(100), false);
    expect(tick).toEqual({ states: { hot: { active: true } }, transitions: [] });
    const read = evaluateRules([hot], input({ t: 1 }), active, s(100), true);
    expect(read.states.hot).toEqual({ active: true, clearSince: s(100) });
    const back = evaluateRules([hot], input({ t: 20 }), read.states, s(105), true);
    expect(back.states.hot).toEqual({ active: true });
    const again = evaluateRules([hot], input({ t: 1 }), back.states, s(106), true);
    expect(evaluateRules([hot], input({ t: 1 }), again.states, s(115), false).transitions).toEqual([]);
    const clear = evaluateRules([hot], input({ t: 1 }), again.states, s(116), false);
    expect(clear.states).toEqual({ hot: { active: false } });
    expect(clear.transitions).toEqual([{ rule: 'hot', kind: 'clear', severity: 'major', value: { t: 1 } }]);
  });
  it('drops states of removed rules and orders transitions like the rules', () => {
    const a = rule('a', eq('x', 1), { severity: 'minor', label });
    const b = rule('b', gte('x', 1), { severity: 'critical', label });
    const r = evaluateRules([b, a], input({ x: 1 }), { gone: { active: true } }, 0, true);
    expect(brief(r.transitions)).toEqual(['raise b critical', 'raise a minor']);
    expect(Object.keys(r.states)).toEqual(['b', 'a']);
  });
});

describe('default rules (device-protocol.md)', () => {
  it('leakage: critical at 30 mA, not at 29.9; repeats; clears at once', () => {
    scenario('distribution_box', [
      [0, { leakage_ma: 29.9 }, []],
      [1, { leakage_ma: 30 }, ['raise leakage critical']],
      [2, { leakage_ma: 300 }, ['repeat leakage critical']],
      [3, 'tick', []],
      [4, { leakage_ma: 3 }, ['clear leakage critical']],
    ]);
  });
  it('phase_loss: a reported phase below 50 V (50 is fine, unreported phases do not count)', () => {
    const seen = scenario({ type: 'distribution_box', from: 'empty' }, [
      [0, { ua: 230 }, []],
      [1, { ub: 50 }, []],
      [2, { ub: 49.9 }, ['raise phase_loss critical']],
      [100, { uc: 0 }, ['repeat phase_loss critical']],
      [101, { ub: 231, uc: 229 }, ['clear phase_loss critical']],
    ]);
    expect(seen[0]?.value).toEqual({ ua: 230, ub: 49.9 });
  });
  it('overheat: critical above 85 °C, exactly 85 does not raise', () => {
    scenario('distribution_box', [
      [0, { temp_c: 85 }, []],
      [1, { temp_c: 85.5 }, ['raise overheat critical']],
      [2, { temp_c: 40 }, ['clear overheat critical']],
    ]);
  });
  const overTemp: Step[] = [
    [0, { temp_c: 71 }, []],
    [59, { temp_c: 71 }, []],
    [60, { temp_c: 71 }, ['raise over_temperature major']],
    [80, { temp_c: 72 }, ['repeat over_temperature major']],
    [100, { temp_c: 65 }, []],
    [159, 'tick', []],
  ];
  it('over_temperature: major after 60 s above 70 °C; clears 60 s later (reading or tick)', () => {
    const cooled: Step = [160, { temp_c: 64 }, ['clear over_temperature major']];
    expect(scenario('distribution_box', [...overTemp, cooled])[0]?.value).toEqual({ temp_c: 71 });
    scenario('distribution_box', [...overTemp, [160, 'tick', ['clear over_temperature major']]]);
  });
  it('breaker_tripped: major at once; clears when closed again', () => {
    scenario('distribution_box', [
      [0, { breaker: 'open' }, []],
      [1, { breaker: 'tripped' }, ['raise breaker_tripped major']],
      [2, { breaker: 'closed' }, ['clear breaker_tripped major']],
    ]);
  });
  it('overcurrent: a phase above rating_a (default 63 A) for 30 s', () => {
    scenario('distribution_box', [
      [0, { ia: 63 }, []],
      [40, { ia: 63.5 }, []],
      [69, { ia: 70 }, []],
      [70, { ia: 70 }, ['raise overcurrent major']],
    ]);
  });
  it('overcurrent: honours a custom rating_a attribute', () => {
    scenario({ type: 'distribution_box', attrs: { rating_a: 100 } }, [
      [0, { ic: 99 }, []],
      [31, { ic: 100 }, []],
      [32, { ic: 101 }, []],
      [62, { ic: 101 }, ['raise overcurrent major']],
    ]);
  });
  it('voltage_abnormal: a phase outside 198–242 V (and ≥ 50) for 60 s', () => {
    scenario('distribution_box', [
      [0, { ua: 198, ub: 242 }, []],
      [100, { ua: 197 }, []],
      [160, { ua: 197 }, ['raise voltage_abnormal minor']],
      [170, { ua: 220 }, []],
      [230, { ua: 220 }, ['clear voltage_abnormal minor']],
      [240, { uc: 243 }, []],
      [300, { uc: 243 }, ['raise voltage_abnormal minor']],
    ]);
    scenario('distribution_box', [
      [0, { ua: 50 }, []],
      [60, { ua: 50 }, ['raise voltage_abnormal minor']],
    ]);
    scenario('distribution_box', [
      [0, { ua: 49.9 }, ['raise phase_loss critical']],
      [600, { ua: 49.9 }, ['repeat phase_loss critical']],
    ]);
  });
  it('door_open: minor after 600 s; clears 600 s after it closes', () => {
    scenario('distribution_box', [
      [0, { door: 'open' }, []],
      [599, 'tick', []],
      [600, 'tick', ['raise door_open minor']],
      [700, { door: 'closed' }, []],
      [1299, 'tick', []],
      [1300, 'tick', ['clear door_open minor']],
    ]);
  });
  it('lamp_failure: commanded on but lamp off or i < 0.05 A, for 300 s', () => {
    scenario('streetlight', [
      [0, { commanded: 'off', lamp: 'off' }, []],
      [400, { commanded: 'on' }, []],
      [699, 'tick', []],
      [700, 'tick', ['raise lamp_failure minor']],
    ]);
    // ...or the lamp reports on but draws < 0.05 A
    scenario('streetlight', [
      [0, { i: 0.05 }, []],
      [300, { i: 0.05 }, []],
      [400, { i: 0.04 }, []],
      [700, { i: 0.04 }, ['raise lamp_failure minor']],
    ]);
  });
  it('day_burning: lamp on with more than 200 lx for 1800 s', () => {
    scenario('streetlight', [
      [0, { lux: 200 }, []],
      [2000, { lux: 201 }, []],
      [3799, 'tick', []],
      [3800, 'tick', ['raise day_burning warning']],
      [3900, { lamp: 'off', commanded: 'off' }, []],
      [5700, { lux: 30000 }, ['clear day_burning warning']],
    ]);
  });
  it('video_lost: major after 30 s; clears 30 s after video returns', () => {
    scenario('camera', [
      [0, { video: 'lost' }, []],
      [29, 'tick', []],
      [30, 'tick', ['raise video_lost major']],
      [40, { video: 'ok' }, []],
      [70, 'tick', ['clear video_lost major']],
    ]);
  });
  it('tamper: major at once', () => {
    scenario('camera', [
      [0, { tamper: true }, ['raise tamper major']],
      [1, { tamper: false }, ['clear tamper major']],
    ]);
  });
  it('storage_fault: minor when storage is full or fault', () => {
    scenario('camera', [
      [0, { storage: 'full' }, ['raise storage_fault minor']],
      [1, { storage: 'fault' }, ['repeat storage_fault minor']],
      [2, { storage: 'ok' }, ['clear storage_fault minor']],
      [3, { storage: 'fault' }, ['raise storage_fault minor']],
    ]);
  });
  it('offline: via $offline, major for boxes and cameras, minor for streetlights, none for vans', () => {
    const cases = [
      ['distribution_box', 'major'],
      ['camera', 'major'],
      ['streetlight', 'minor'],
    ] as const;
    for (const [type, severity] of cases) {
      scenario(type, [
        [0, { $offline: false }, []],
        [180, { $offline: true }, [`raise offline ${severity}`], 'tick'],
        [181, 'tick', []],
        [200, { $offline: false }, [`clear offline ${severity}`]],
      ]);
    }
    expect(getDeviceType('van')?.rules).toEqual([]);
  });
});
