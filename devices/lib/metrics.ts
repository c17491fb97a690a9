// Small factories for metric definitions: numeric('ua', {...}) rather than hand-written objects.
import type { BooleanMetric, EnumMetric, Label, NumericMetric } from './types';

export function numeric(
  key: string,
  opts: { label: Label; unit: string; min: number; max: number },
): NumericMetric {
  return { kind: 'numeric', key, ...opts };
}

export function enumeration<const V extends readonly [string, ...string[]]>(
  key: string,
  values: V,
  opts: { label: Label; valueLabels?: Record<V[number], Label> },
): EnumMetric {
  return { kind: 'enum', key, values, ...opts };
}

export function boolean(key: string, opts: { label: Label }): BooleanMetric {
  return { kind: 'boolean', key, ...opts };
}

/** Three phase metrics (`ua`, `ub`, `uc`) from one template. */
export function phases(prefix: string, make: (key: string, phase: string) => NumericMetric): NumericMetric[] {
  return ['a', 'b', 'c'].map((p) => make(`${prefix}${p}`, p.toUpperCase()));
}
