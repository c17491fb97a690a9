// Unit spec of the condition evaluator: every operator, thresholds from attributes, missing and
// wrong-kind metrics, and the server's own $offline.
import { describe, expect, it } from 'vitest';
import { holds, metricOf, OFFLINE_METRIC, type RuleInput } from './evaluate';
import { all, any, eq, gt, gte, lt, lte, neq, outside } from './rules';
import type { Condition } from './types';

const input: RuleInput = { state: { a: 5, e: 'x', b: true }, attrs: { cap: 4 } };
const check = (c: Condition, i: RuleInput = input) => holds(c, i);

describe('holds', () => {
  it.each<[string, Condition, boolean]>([
    ['gt', gt('a', 4), true],
    ['gt at the threshold', gt('a', 5), false],
    ['gte at the threshold', gte('a', 5), true],
    ['lt', lt('a', 6), true],
    ['lte at the threshold', lte('a', 5), true],
    ['lte below', lte('a', 4), false],
    ['eq of a string', eq('e', 'x'), true],
    ['eq of a boolean', eq('b', true), true],
    ['eq of another value', eq('e', 'y'), false],
    ['neq', neq('e', 'y'), true],
    ['outside above', outside('a', 1, 4), true],
    ['outside at the bounds', outside('a', 5, 6), false],
    ['any: one holds', any(lt('a', 0), gte('a', 5)), true],
    ['any: none holds', any(lt('a', 0), gt('a', 9)), false],
    ['all: both hold', all(gt('a', 0), eq('b', true)), true],
    ['all: one fails', all(lt('a', 0), gte('a', 5)), false],
  ])('%s', (_name, c, expected) => {
    expect(check(c)).toBe(expected);
  });

  it('a missing metric makes every comparison false, neq included', () => {
    for (const c of [gt('m', 0), lt('m', 0), eq('m', 'x'), neq('m', 'x'), outside('m', 0, 1)])
      expect(check(c), JSON.stringify(c)).toBe(false);
  });

  it('a number comparison with a string or boolean metric is false', () => {
    for (const c of [gt('e', 0), lt('b', 9), outside('e', 0, 1)])
      expect(check(c), JSON.stringify(c)).toBe(false);
  });

  it('a threshold from an attribute uses the registered value, else its default', () => {
    expect(check(gt('a', { attr: 'cap', default: 9 }))).toBe(true);
    expect(check(gt('a', { attr: 'unset', default: 9 }))).toBe(false);
  });

  it('$offline: the server’s own value wins over the state', () => {
    const off = eq(OFFLINE_METRIC, true);
    const i: RuleInput = { state: { [OFFLINE_METRIC]: false }, attrs: {} };
    expect(check(off, i)).toBe(false);
    expect(check(off, { ...i, offline: true })).toBe(true);
    expect(metricOf({ state: {}, attrs: {}, offline: false }, OFFLINE_METRIC)).toBe(false);
    expect(metricOf(i, 'a')).toBeUndefined();
  });
});
