// What injecting a rule on a device does, decided from the type's data and the effective rules:
// the metrics laid over the normal reading, the other rules that reading raises too, and the
// longest hold among them.
import { OFFLINE_METRIC, OFFLINE_RULE, type CompiledDeviceType } from '../../devices/index';
import { holds } from '../../devices/lib/evaluate';
import type { RuleDef } from '../../devices/lib/types';
import type { Step } from './scenario';
import type { Reading } from './types';

export interface DeviceRef {
  id: string;
  type: string;
  rating_a?: number;
}

/** What injecting a rule on a device does: the overlay, the rules it raises besides, the longest hold. */
export interface Effect {
  reading?: Reading;
  /** Other rules the fault reading satisfies (an overheat is also an over-temperature). */
  also: string[];
  /** The longest `forS` among the rules raised: the hold that lets all of them raise. */
  forS: number;
}

/**
 * Undefined when the rule is disabled, or the reading does not raise it on this device (a breaker
 * rated above the overcurrent reading); throws if it cannot raise it even with the attributes'
 * defaults — the scenario or the rules file needs fixing.
 */
export function faultEffect(
  registry: ReadonlyMap<string, CompiledDeviceType>,
  step: Step,
  d: DeviceRef,
  rule: string,
): Effect | undefined {
  const t = registry.get(d.type);
  const r = t?.rules.find((x) => x.id === rule);
  if (!t || !r) return undefined;
  if (rule === OFFLINE_RULE) return { also: [], forS: r.forS };
  const overlay: Reading = { ...t.def.simulator.faults[rule], ...step.reading };
  const state = { ...t.def.simulator.normal, ...overlay, [OFFLINE_METRIC]: false };
  const raisedWith = (attrs: Record<string, number>): RuleDef[] =>
    t.rules.filter((x) => holds(x.when, { state, attrs }));
  if (!raisedWith({}).includes(r)) {
    throw new Error(
      `Scenario step ${step.name ?? `at ${step.atS} s`}: the fault reading ${JSON.stringify(overlay)} ` +
        `does not raise "${rule}" on a ${d.type} with the effective rules; give the step a "reading" that does`,
    );
  }
  const raised = raisedWith(d.rating_a === undefined ? {} : { rating_a: d.rating_a });
  if (!raised.includes(r)) return undefined;
  return {
    reading: overlay,
    also: raised.filter((x) => x !== r).map((x) => x.id),
    forS: Math.max(...raised.map((x) => x.forS)),
  };
}
