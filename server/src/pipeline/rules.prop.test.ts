// Properties of the rule engine and the alarm decisions (fast-check, seeded): hold timers, raise/clear
// consistency, idempotence of a repeated reading. Contract: device-protocol.md "Default fault rules".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../store/store';
import { decideAlarms } from './alarm-decisions';
import { evaluateRules, type RuleStates } from './rules';
import type { RuleDef } from '../../../devices/lib/types';

const SEED = 16_016;
const RUNS = 200;
/** A leakage rule with a hold time: raises when `v > 30` has held for forS, clears after forS below. */
const ruleOf = (forS: number): RuleDef => ({
  id: 'leak',
  severity: 'major',
  forS,
  when: { op: 'gt', metric: 'v', value: 30 },
  label: { zh: '漏电', en: 'Leakage' },
});

/** A stream of readings, each some ms after the previous one. */
const readings = fc.array(
  fc.record({ dt: fc.integer({ min: 0, max: 20_000 }), v: fc.integer({ min: 0, max: 60 }) }),
  {
    maxLength: 40,
  },
);

describe('evaluateRules over any stream of readings', () => {
  it('alternates raise and clear, raises only on a true condition held for forS, clears only on a false one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), readings, (forS, stream) => {
        const rules = [ruleOf(forS)];
        let states: RuleStates = {};
        let now = 1_000_000;
        let active = false;
        let trueSince: number | undefined;
        let falseSince: number | undefined;
        for (const { dt, v } of stream) {
          now += dt;
          const on = v > 30;
          const r = evaluateRules(rules, { state: { v }, attrs: {} }, states, now, true);
          const kinds = r.transitions.map((t) => t.kind);
          expect(kinds.length).toBeLessThanOrEqual(1); // never raise and clear at once
          if (on) {
            trueSince ??= now;
            falseSince = undefined;
          } else {
            falseSince ??= now;
            trueSince = undefined;
          }
          if (kinds[0] === 'raise') {
            expect(active).toBe(false);
            expect(on).toBe(true);
            expect(now - trueSince!).toBeGreaterThanOrEqual(forS * 1000);
            active = true;
          } else if (kinds[0] === 'clear') {
            expect(active).toBe(true);
            expect(on).toBe(false);
            expect(now - falseSince!).toBeGreaterThanOrEqual(forS * 1000);
            active = false;
          } else if (kinds[0] === 'repeat') {
            expect(active && on).toBe(true);
          }
          expect(r.states.leak?.active).toBe(active);
          states = r.states;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a reading repeated at the same instant changes no timer and raises or clears nothing more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        readings,
        fc.integer({ min: 0, max: 60 }),
        (forS, stream, v) => {
          const rules = [ruleOf(forS)];
          let states: RuleStates = {};
          let now = 1_000_000;
          for (const r of stream) {
            now += r.dt;
            states = evaluateRules(rules, { state: { v: r.v }, attrs: {} }, states, now, true).states;
          }
          const once = evaluateRules(rules, { state: { v }, attrs: {} }, states, now, true);
          const twice = evaluateRules(rules, { state: { v }, attrs: {} }, once.states, now, true);
          expect(twice.states).toEqual(once.states);
          expect(twice.transitions.filter((t) => t.kind !== 'repeat')).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a tick alone never starts a clear timer, so never clears', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 600_000 }), (forS, later) => {
        const rules = [ruleOf(forS)];
        const raised = evaluateRules(
          rules,
          { state: { v: 50 }, attrs: {} },
          { leak: { active: true } },
          0,
          true,
        );
        const tick = evaluateRules(rules, { state: { v: 10 }, attrs: {} }, raised.states, later, false);
        expect(tick.transitions).toEqual([]);
        expect(tick.states.leak?.active).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('decideAlarms', () => {
  it('keeps at most one active alarm per device and rule, and a clear closes only an active one', () => {
    const kinds = fc.array(fc.constantFrom<'raise' | 'repeat' | 'clear'>('raise', 'repeat', 'clear'), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(kinds, (seq) => {
        let current: AlarmRecord | undefined;
        let n = 0;
        for (const [i, kind] of seq.entries()) {
          const changes = decideAlarms(
            { active: () => current },
            'box-1',
            [{ rule: 'leak', kind, severity: 'major', value: { v: i } }],
            i,
            () => `A${++n}`,
          );
          expect(changes.length).toBeLessThanOrEqual(1);
          const c = changes[0];
          if (kind === 'clear') {
            expect(c === undefined).toBe(current === undefined);
            if (c) expect(c).toMatchObject({ kind: 'cleared', alarm: { id: current!.id, active: false } });
            current = undefined;
          } else if (current) {
            expect(c).toMatchObject({
              kind: 'repeated',
              alarm: { id: current.id, count: current.count + 1 },
            });
            current = c!.alarm;
          } else {
            expect(c).toMatchObject({ kind: 'raised', alarm: { active: true, count: 1 } });
            current = c!.alarm;
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
