// The evaluator of the condition language (types.ts `Condition`): whether a condition holds for a
// device's merged state, and — for the sun conditions — its position and the reading's time. Pure, no
// clock: the server's rule engine (server/src/pipeline/rules.ts) adds the hold timers on top; the
// simulators use it to check that a fault reading raises its rule.
// Contract: device-protocol.md "Default fault rules"; the sun conditions: docs/devices.md.
import { sunAltitudeAt, type Place } from './sun';
import type { Condition, MetricValue, Threshold } from './types';

/** Pseudo-metric the server feeds into the rule input: true while the device is offline. */
export const OFFLINE_METRIC = '$offline';

export interface RuleInput {
  state: Record<string, MetricValue>;
  attrs: Record<string, number>;
  /** The server's own `$offline` metric; when given, it wins over `state.$offline` (no copy of state). */
  offline?: boolean;
  /** Where the device is (its record); without coordinates the sun conditions are false. */
  place?: Place;
  /** The reading's time (epoch ms), for the sun conditions; without it they are false. */
  ts?: number;
}

/** Whether the sun can be judged for this input: a position with both coordinates, and a time. */
function placed(input: RuleInput): boolean {
  const p = input.place;
  return p !== undefined && p.lat !== undefined && p.lng !== undefined && input.ts !== undefined;
}

/** The value a condition sees for `name`: the state's, or the server's own `$offline`. */
export function metricOf(input: RuleInput, name: string): MetricValue | undefined {
  return name === OFFLINE_METRIC && input.offline !== undefined ? input.offline : input.state[name];
}

function threshold(t: Threshold, attrs: Record<string, number>): number {
  return typeof t === 'number' ? t : (attrs[t.attr] ?? t.default);
}

/**
 * Whether a condition holds for the device's merged state. A comparison with a metric the device
 * has not reported (or of the wrong kind) is false — so is `neq` with a missing metric.
 */
export function holds(c: Condition, input: RuleInput): boolean {
  switch (c.op) {
    case 'any':
      for (const s of c.of) if (holds(s, input)) return true;
      return false;
    case 'all':
      for (const s of c.of) if (!holds(s, input)) return false;
      return true;
    case 'eq':
    case 'neq': {
      const v = metricOf(input, c.metric);
      return v !== undefined && (c.op === 'eq' ? v === c.value : v !== c.value);
    }
    case 'outside': {
      const v = metricOf(input, c.metric);
      return typeof v === 'number' && (v < c.min || v > c.max);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = metricOf(input, c.metric);
      if (typeof v !== 'number') return false;
      const t = threshold(c.value, input.attrs);
      return c.op === 'gt' ? v > t : c.op === 'gte' ? v >= t : c.op === 'lt' ? v < t : v <= t;
    }
    case 'sun': {
      if (input.place === undefined || input.ts === undefined) return false;
      const alt = sunAltitudeAt(input.place, input.ts);
      return alt !== undefined && (c.is === 'above' ? alt > c.deg : alt < c.deg);
    }
    case 'unplaced':
      return !placed(input);
  }
}
