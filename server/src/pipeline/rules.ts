// Pure rule engine: (rule definitions, device input, previous timers, now) → (new timers, transitions).
// No I/O, no clock of its own. Whether a condition holds is the condition language's evaluator
// (devices/lib/evaluate.ts); this adds the hold timers. Contract: device-protocol.md "Default fault rules".
import { holds, metricOf, type RuleInput } from '../../../devices/lib/evaluate';
import { conditionMetrics } from '../../../devices/lib/rules';
import type { Condition, MetricValue, RuleDef, Severity } from '../../../devices/lib/types';

// The engine's input, and the evaluator its spec exercises, as the engine's callers know them.
export { holds, type RuleInput };

/** Timer state of one rule on one device. */
export interface RuleState {
  active: boolean;
  /** While inactive: the condition has been true since this time. */
  since?: number;
  /** While active: the condition has been false since this time (seen by at least one reading). */
  clearSince?: number;
}
export type RuleStates = Record<string, RuleState>;

// Shared, frozen timer states for the common cases: a reading that changes no timer allocates nothing.
const INACTIVE: RuleState = Object.freeze({ active: false });
const ACTIVE: RuleState = Object.freeze({ active: true });

export type RuleTransition =
  | { rule: string; kind: 'raise'; severity: Severity; value: Record<string, MetricValue> }
  | { rule: string; kind: 'repeat'; severity: Severity; value: Record<string, MetricValue> }
  | { rule: string; kind: 'clear'; severity: Severity; value: Record<string, MetricValue> };

export interface RuleResult {
  states: RuleStates;
  transitions: RuleTransition[];
}

// Metrics each condition reads, computed once per condition object (rules are long-lived data).
const readsCache = new WeakMap<Condition, readonly string[]>();
function reads(c: Condition): readonly string[] {
  let r = readsCache.get(c);
  if (r === undefined) readsCache.set(c, (r = conditionMetrics(c)));
  return r;
}

/** The current values of the metrics a rule reads (those present), recorded on its transitions. */
function valueOf(rule: RuleDef, input: RuleInput): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const m of reads(rule.when)) {
    const v = metricOf(input, m);
    if (v !== undefined) out[m] = v;
  }
  return out;
}

/**
 * Evaluate a device's rules after a reading (`reading` true) or on a timer tick (false).
 * Contract ("Default fault rules"): a rule raises once its condition has held for `forS`; while
 * active, each reading that still matches is a repeat; it clears once the condition has been false
 * for `forS` — and the clear timer is only started by a reading, never by a tick alone.
 * Pure: never mutates `prev`; returns `prev` itself when no timer changed (so callers can skip work),
 * else new states for exactly `rules`; transitions follow `rules`.
 */
export function evaluateRules(
  rules: readonly RuleDef[],
  input: RuleInput,
  prev: RuleStates,
  now: number,
  reading: boolean,
): RuleResult {
  const states: RuleStates = {};
  const transitions: RuleTransition[] = [];
  let changed = false;
  for (const rule of rules) {
    const p = Object.hasOwn(prev, rule.id) ? prev[rule.id] : undefined;
    const hold = rule.forS * 1000;
    const on = holds(rule.when, input);
    const { id, severity } = rule;
    let next: RuleState;
    if (p === undefined || !p.active) {
      if (!on) next = INACTIVE;
      else {
        const since = p?.since ?? now;
        if (now - since >= hold) {
          next = ACTIVE;
          transitions.push({ rule: id, kind: 'raise', severity, value: valueOf(rule, input) });
        } else next = p?.since === since ? p : { active: false, since };
      }
    } else if (on) {
      next = ACTIVE;
      if (reading) transitions.push({ rule: id, kind: 'repeat', severity, value: valueOf(rule, input) });
    } else {
      const clearSince = p.clearSince ?? (reading ? now : undefined);
      if (clearSince !== undefined && now - clearSince >= hold) {
        next = INACTIVE;
        transitions.push({ rule: id, kind: 'clear', severity, value: valueOf(rule, input) });
      } else if (clearSince === undefined) next = ACTIVE;
      else next = p.clearSince === clearSince ? p : { active: true, clearSince };
    }
    states[id] = next;
    if (next !== p && (p === undefined || !sameState(next, p))) changed = true;
  }
  // Unchanged: every rule kept its state, and `prev` holds no state of a rule the type no longer has.
  if (!changed && countKeys(prev) === rules.length) return { states: prev, transitions };
  return { states, transitions };
}

function sameState(a: RuleState, b: RuleState): boolean {
  return a.active === b.active && a.since === b.since && a.clearSince === b.clearSince;
}

function countKeys(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}
