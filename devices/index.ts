// The device type registry — adding a type is one module in devices/ plus one line below.
// compileDeviceType turns a definition (and configured rule overrides) into what the pipeline
// needs per message: the wire schema, precomputed metric checks and the effective rules.
// Contract: device-protocol.md "Payloads", "Device types and metrics", "Default fault rules".
import { z } from 'zod';
import { definition as camera } from './camera';
import { definition as distributionBox } from './distribution_box';
import { definition as ebikeCharger } from './ebike_charger';
import { OFFLINE_METRIC } from './lib/evaluate';
import { conditionMetrics, eq, readsSun } from './lib/rules';
import { ConditionSchema, LabelSchema, RuleDefSchema, SeveritySchema } from './lib/types';
import type { Condition, DeviceTypeDef, MetricDef, MetricValue, RuleDef } from './lib/types';
import { definition as smokeDetector } from './smoke_detector';
import { definition as streetlight } from './streetlight';
import { definition as van } from './van';
import { definition as waterLeak } from './water_leak';

export const deviceTypes: readonly DeviceTypeDef[] = [
  distributionBox, // one line per type
  streetlight,
  camera,
  van,
  smokeDetector,
  waterLeak,
  ebikeCharger,
];

/** Id of the synthetic rule every type gets unless its `offline` is false. */
export const OFFLINE_RULE = 'offline';
/** Pseudo-metric the server feeds into the rule input: true while the device is offline. */
export { OFFLINE_METRIC };

// Rules are data: configuration may change, disable or add rules per type without code changes.
const RuleOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  severity: SeveritySchema.optional(),
  forS: z.number().int().min(0).optional(),
  when: ConditionSchema.optional(),
  label: LabelSchema.optional(),
});
export const RuleOverridesSchema = z.record(z.string(), z.record(z.string(), RuleOverrideSchema));
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;
export type RuleOverrides = z.infer<typeof RuleOverridesSchema>;

/** Parse overrides from configuration (e.g. a JSON file); throws a readable error. */
export function parseRuleOverrides(input: unknown): RuleOverrides {
  const r = RuleOverridesSchema.safeParse(input);
  if (!r.success) throw new Error(`Invalid rule overrides:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** Precomputed per-metric check for the hot path (see validateTelemetry). */
export type MetricCheck =
  | { kind: 'numeric'; min: number; max: number }
  | { kind: 'enum'; values: ReadonlySet<string>; list: string }
  | { kind: 'boolean' };

export type TelemetrySchema = z.ZodObject<Record<string, z.ZodOptional<z.ZodType<MetricValue>>>>;

export interface CompiledDeviceType {
  def: DeviceTypeDef;
  /** The documented wire format: every metric optional, optional `ts`; unknown keys stripped. */
  telemetrySchema: TelemetrySchema;
  metricKeys: ReadonlySet<string>;
  /** Effective rules: the type's rules after overrides, plus the synthetic offline rule. */
  rules: readonly RuleDef[];
  /** Per-metric checks precomputed from the defs, used by validateTelemetry on the hot path. */
  checks: ReadonlyMap<string, MetricCheck>;
  /** Some rule reads the sun: the rules are judged again each minute without a reading. */
  followsSun: boolean;
}

function metricSchema(m: MetricDef): z.ZodType<MetricValue> {
  switch (m.kind) {
    case 'numeric':
      return z.number().min(m.min).max(m.max); // zod 4 numbers are finite
    case 'enum':
      return z.enum(m.values);
    case 'boolean':
      return z.boolean();
  }
}

function metricCheck(m: MetricDef): MetricCheck {
  switch (m.kind) {
    case 'numeric':
      return { kind: 'numeric', min: m.min, max: m.max };
    case 'enum':
      return { kind: 'enum', values: new Set(m.values), list: m.values.join('|') };
    case 'boolean':
      return { kind: 'boolean' };
  }
}

function conditionAttrs(c: Condition, out: string[] = []): string[] {
  if (c.op === 'any' || c.op === 'all') for (const s of c.of) conditionAttrs(s, out);
  else if ('value' in c && typeof c.value === 'object') out.push(c.value.attr);
  return out;
}

function offlineRule(def: DeviceTypeDef): RuleDef | undefined {
  if (def.offline === false) return undefined;
  const label = def.offline.label ?? { zh: '设备离线', en: 'Device offline' };
  return { id: OFFLINE_RULE, severity: def.offline.severity, forS: 0, when: eq(OFFLINE_METRIC, true), label };
}

function effectiveRules(def: DeviceTypeDef, overrides: RuleOverrides | undefined): RuleDef[] {
  const offline = offlineRule(def);
  const base = offline ? [...def.rules, offline] : [...def.rules];
  const own = overrides && Object.hasOwn(overrides, def.type) ? overrides[def.type] : undefined;
  if (!own) return base;
  const out: RuleDef[] = [];
  for (const r of base) {
    const o = Object.hasOwn(own, r.id) ? own[r.id] : undefined;
    if (!o) out.push(r);
    else if (o.enabled !== false)
      out.push({
        id: r.id,
        severity: o.severity ?? r.severity,
        forS: o.forS ?? r.forS,
        when: o.when ?? r.when,
        label: o.label ?? r.label,
      });
  }
  for (const [id, o] of Object.entries(own)) {
    if (base.some((r) => r.id === id)) continue;
    if (o.enabled === false) {
      if (id === OFFLINE_RULE) continue; // a type without the offline rule: nothing to disable
      throw new Error(
        `Rule override ${def.type}.${id}: there is no such rule to disable; rules: ${base.map((r) => r.id).join(', ')}`,
      );
    }
    if (!o.when || !o.severity || !o.label)
      throw new Error(`Rule override ${def.type}.${id}: a new rule needs "when", "severity" and "label"`);
    out.push({ id, severity: o.severity, forS: o.forS ?? 0, when: o.when, label: o.label });
  }
  return out;
}

function checkRule(def: DeviceTypeDef, r: RuleDef, metricKeys: ReadonlySet<string>): void {
  const where = `Device type "${def.type}", rule "${r.id}"`;
  const parsed = RuleDefSchema.safeParse(r);
  if (!parsed.success) throw new Error(`${where}: ${z.prettifyError(parsed.error)}`);
  for (const m of conditionMetrics(r.when))
    if (!metricKeys.has(m) && m !== OFFLINE_METRIC)
      throw new Error(`${where}: condition reads metric "${m}" which the type does not declare`);
  for (const a of conditionAttrs(r.when))
    if (!def.attributes || !Object.hasOwn(def.attributes, a))
      throw new Error(`${where}: threshold reads attribute "${a}" which the type does not declare`);
}

export function compileDeviceType(def: DeviceTypeDef, overrides?: RuleOverrides): CompiledDeviceType {
  const shape: Record<string, z.ZodOptional<z.ZodType<MetricValue>>> = {};
  const checks = new Map<string, MetricCheck>();
  for (const m of def.metrics) {
    if (m.key === 'ts' || checks.has(m.key))
      throw new Error(`Device type "${def.type}": metric key "${m.key}" is reserved or duplicated`);
    shape[m.key] = metricSchema(m).optional();
    checks.set(m.key, metricCheck(m));
  }
  shape.ts = z.number().int().min(0).optional();
  const metricKeys: ReadonlySet<string> = new Set(checks.keys());
  const rules = effectiveRules(def, overrides);
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) throw new Error(`Device type "${def.type}", rule "${r.id}": duplicate rule id`);
    ids.add(r.id);
    checkRule(def, r, metricKeys);
  }
  const followsSun = rules.some((r) => readsSun(r.when));
  return { def, telemetrySchema: z.object(shape), metricKeys, rules, checks, followsSun };
}

/** Compile every registered type; throws naming the type and rule on a bad definition or override. */
export function compileRegistry(overrides?: RuleOverrides): Map<string, CompiledDeviceType> {
  const parsed = overrides === undefined ? undefined : parseRuleOverrides(overrides);
  const known = new Set<string>();
  for (const d of deviceTypes) {
    if (known.has(d.type)) throw new Error(`Device type "${d.type}" is registered twice`);
    known.add(d.type);
  }
  for (const type of Object.keys(parsed ?? {}))
    if (!known.has(type))
      throw new Error(`Rule overrides name unknown device type "${type}" (known: ${[...known].join(', ')})`);
  return new Map(deviceTypes.map((d) => [d.type, compileDeviceType(d, parsed)]));
}

let defaults: Map<string, CompiledDeviceType> | undefined;
/** A type compiled without overrides (the server compiles its own registry with configured overrides). */
export function getDeviceType(type: string): CompiledDeviceType | undefined {
  defaults ??= compileRegistry();
  return defaults.get(type);
}

export type TelemetryResult =
  | { ok: true; metrics: Record<string, MetricValue>; ts?: number; unknownKeys: number }
  | { ok: false; reason: 'wrong_type' | 'out_of_range'; message: string };

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === null ? 'null' : typeof v;
}
const fail = (
  reason: 'wrong_type' | 'out_of_range',
  key: string,
  want: string,
  v: unknown,
): TelemetryResult => ({
  ok: false,
  reason,
  message: `${key}: expected ${want}, got ${show(v)}`,
});

/**
 * Hot-path validation of one decoded telemetry object with the precomputed checks; agrees with
 * `telemetrySchema` (asserted in tests/registry). A bad defined metric rejects the whole message;
 * unknown keys are counted and dropped. An `undefined` value counts as absent, like in zod.
 */
export function validateTelemetry(
  compiled: CompiledDeviceType,
  obj: Record<string, unknown>,
): TelemetryResult {
  const metrics: Record<string, MetricValue> = {};
  let ts: number | undefined;
  let unknownKeys = 0;
  for (const key in obj) {
    const v = obj[key];
    if (v === undefined) {
      if (key !== 'ts' && !compiled.checks.has(key)) unknownKeys++;
      continue;
    }
    if (key === 'ts') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail('wrong_type', key, 'a number', v);
      if (v < 0 || !Number.isSafeInteger(v)) return fail('out_of_range', key, 'an integer >= 0 (ms)', v);
      ts = v;
      continue;
    }
    const check = compiled.checks.get(key);
    if (check === undefined) unknownKeys++;
    else if (check.kind === 'numeric') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail('wrong_type', key, 'a finite number', v);
      if (v < check.min || v > check.max) return fail('out_of_range', key, `${check.min}..${check.max}`, v);
      metrics[key] = v;
    } else if (check.kind === 'enum') {
      if (typeof v !== 'string') return fail('wrong_type', key, 'a string', v);
      if (!check.values.has(v)) return fail('out_of_range', key, `one of ${check.list}`, v);
      metrics[key] = v;
    } else {
      if (typeof v !== 'boolean') return fail('wrong_type', key, 'a boolean', v);
      metrics[key] = v;
    }
  }
  return ts === undefined ? { ok: true, metrics, unknownKeys } : { ok: true, metrics, ts, unknownKeys };
}
