// Small factories for fault rules: above('temp_c', 70, { for: '60s', severity: 'major', label }).
import type { Condition, Label, RuleDef, Severity, Threshold } from './types';

export interface RuleOpts {
  severity: Severity;
  /** Hold time, e.g. '0s', '30s', '10m'. */
  for?: `${number}${'s' | 'm' | 'h'}`;
  label: Label;
}

export function seconds(d: `${number}${'s' | 'm' | 'h'}` | undefined): number {
  if (d === undefined) return 0;
  const n = Number(d.slice(0, -1));
  const unit = d.slice(-1);
  return unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : n;
}

export function rule(id: string, when: Condition, opts: RuleOpts): RuleDef {
  return { id, severity: opts.severity, forS: seconds(opts.for), when, label: opts.label };
}

export const gt = (metric: string, value: Threshold): Condition => ({ op: 'gt', metric, value });
export const gte = (metric: string, value: Threshold): Condition => ({ op: 'gte', metric, value });
export const lt = (metric: string, value: Threshold): Condition => ({ op: 'lt', metric, value });
export const lte = (metric: string, value: Threshold): Condition => ({ op: 'lte', metric, value });
export const eq = (metric: string, value: string | boolean | number): Condition => ({
  op: 'eq',
  metric,
  value,
});
export const neq = (metric: string, value: string | boolean | number): Condition => ({
  op: 'neq',
  metric,
  value,
});
export const outside = (metric: string, min: number, max: number): Condition => ({
  op: 'outside',
  metric,
  min,
  max,
});
export const any = (...of: Condition[]): Condition => ({ op: 'any', of });
export const all = (...of: Condition[]): Condition => ({ op: 'all', of });

/** The sun above or below `deg` degrees at the device's position (false without a position). */
export const sun = (is: 'above' | 'below', deg: number): Condition => ({ op: 'sun', is, deg });
/** Civil dusk to civil dawn: the sun more than 6° below the horizon. */
export const CIVIL_TWILIGHT_DEG = -6;
/** Where the sun counts as well up: 6° above the horizon, the mirror of civil twilight. */
export const SUN_WELL_UP_DEG = 6;
/** Night: after civil dusk and before civil dawn, when every streetlight should burn. */
export const night = (): Condition => sun('below', CIVIL_TWILIGHT_DEG);
/** Day: the sun well up, when no streetlight needs to burn. */
export const day = (): Condition => sun('above', SUN_WELL_UP_DEG);
/** The device has no position: the sun cannot be judged (a fallback's guard). */
export const unplaced = (): Condition => ({ op: 'unplaced' });

/** `metric > value` held for `for`. */
export function above(metric: string, value: Threshold, id: string, opts: RuleOpts): RuleDef {
  return rule(id, gt(metric, value), opts);
}

/** Every metric a condition reads (for registry checks and simulator profiles). */
export function conditionMetrics(c: Condition): string[] {
  switch (c.op) {
    case 'any':
    case 'all':
      return [...new Set(c.of.flatMap(conditionMetrics))];
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'eq':
    case 'neq':
    case 'outside':
      return [c.metric];
    case 'sun':
    case 'unplaced':
      return [];
  }
}

/** Whether a condition reads the sun (or whether it can be judged): it changes with the time alone. */
export function readsSun(c: Condition): boolean {
  if (c.op === 'any' || c.op === 'all') return c.of.some(readsSun);
  return c.op === 'sun' || c.op === 'unplaced';
}
