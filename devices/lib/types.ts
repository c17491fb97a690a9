// The shape of a device type definition: data, not code paths. A type is one module in devices/
// built from the factories in metrics.ts and rules.ts, registered with one line in devices/index.ts.
import { z } from 'zod';
import type { Category } from './categories';
import { LabelSchema, type Label } from './label';

export { LabelSchema, type Label } from './label';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** A metric value as stored in a device's merged state. */
export type MetricValue = number | string | boolean;

interface MetricBase {
  key: string;
  label: Label;
}
export interface NumericMetric extends MetricBase {
  kind: 'numeric';
  unit: string;
  /** Physically possible range; a value outside it rejects the whole message. */
  min: number;
  max: number;
}
export interface EnumMetric extends MetricBase {
  kind: 'enum';
  values: readonly [string, ...string[]];
  /** Display labels per value. */
  valueLabels?: Record<string, Label>;
}
export interface BooleanMetric extends MetricBase {
  kind: 'boolean';
}
export type MetricDef = NumericMetric | EnumMetric | BooleanMetric;

/**
 * The condition language of fault rules. Conditions are data so that rules can be overridden by
 * configuration (a JSON file) without code changes. A comparison with a metric the device has never
 * reported is false.
 */
export type Threshold = number | { attr: string; default: number };
export type Condition =
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; metric: string; value: Threshold }
  | { op: 'eq' | 'neq'; metric: string; value: string | boolean | number }
  | { op: 'outside'; metric: string; min: number; max: number }
  | { op: 'any'; of: Condition[] }
  | { op: 'all'; of: Condition[] }
  /**
   * The sun above or below `deg` degrees of altitude at the device's position and the reading's time
   * (lib/sun.ts); false when the device has no position.
   */
  | { op: 'sun'; is: 'above' | 'below'; deg: number }
  /** True when the device has no position (the sun conditions cannot be judged): for fallbacks. */
  | { op: 'unplaced' };

const ThresholdSchema = z.union([z.number(), z.object({ attr: z.string(), default: z.number() })]);
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.enum(['gt', 'gte', 'lt', 'lte']), metric: z.string(), value: ThresholdSchema }),
    z.object({
      op: z.enum(['eq', 'neq']),
      metric: z.string(),
      value: z.union([z.string(), z.boolean(), z.number()]),
    }),
    z.object({ op: z.literal('outside'), metric: z.string(), min: z.number(), max: z.number() }),
    z.object({ op: z.literal('any'), of: z.array(ConditionSchema).min(1) }),
    z.object({ op: z.literal('all'), of: z.array(ConditionSchema).min(1) }),
    z.object({ op: z.literal('sun'), is: z.enum(['above', 'below']), deg: z.number().min(-90).max(90) }),
    z.object({ op: z.literal('unplaced') }),
  ]),
);

export const RuleDefSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  severity: SeveritySchema,
  /** Seconds the condition must hold before the alarm is raised (and stay false before it clears). */
  forS: z.number().int().min(0),
  when: ConditionSchema,
  label: LabelSchema,
});
export type RuleDef = z.infer<typeof RuleDefSchema>;

/** An argument of a device command: a value in the command's `args` object. */
export type CommandArgDef =
  | {
      key: string;
      label: Label;
      kind: 'enum';
      values: readonly [string, ...string[]];
      /** Display labels per value. */
      valueLabels?: Record<string, Label>;
    }
  | { key: string; label: Label; kind: 'numeric'; unit?: string; min: number; max: number; default: number };

/**
 * A command the type accepts on its `commands` topic (device-protocol.md "Topics"): sent as
 * `{"id", "name", "args"}`, answered by the device on `commands/ack`. The console offers exactly these.
 */
export interface CommandDef {
  /** The wire `name`: lowercase snake_case (CommandBody). */
  name: string;
  label: Label;
  /** Interrupts supply or service (a breaker reset, a reboot): the console asks for a confirmation. */
  disruptive: boolean;
  args: readonly CommandArgDef[];
}

/** Built-in offline rule of a type; `false` for types that have none (vans). */
export type OfflineRule = { severity: Severity; label?: Label } | false;

/**
 * Where the demo data generator (simulators/data/gen/layout.ts) puts devices of this type in each
 * compound of the demo town. A type without one is not placed (the vans come with the depot).
 */
export interface DemoPlacement {
  /** Device ids are `<prefix>-<compound id>-<n>`. */
  prefix: string;
  /**
   * How many per compound, drawn between the two. A type that `feeds` gets one per six devices it
   * powers, within these.
   */
  perCompound: readonly [min: number, max: number];
  /** Where in the compound they go, in turn (楼道 stairwell, 泵房 pump room): part of their names. */
  places?: readonly Label[];
  /**
   * Power: `feeds` — it powers the compound's `fed` devices, each one from a contiguous part of the
   * compound (the distribution box; one such type at most); `fed` — powered from one of those, so a
   * power cut takes it offline; `own` — a battery or a supply of its own.
   */
  power: 'feeds' | 'fed' | 'own';
  /** Registered `rating_a` values drawn from, one per device (types with that attribute). */
  ratingsA?: readonly number[];
}

/**
 * The type's place in the power-feed topology (api.md "Power-feed topology"): a feeder's alarms that
 * mean the devices it feeds have no power, and a fed device's alarms such a cut explains. A rule id
 * `offline` names the type's built-in offline rule.
 */
export interface PowerRole {
  /** A feeder (the distribution box): rules whose alarm cuts the power of the devices it feeds. */
  cuts?: readonly string[];
  /** A fed device: rules whose alarm a power cut of its feeder explains (no ticket of their own). */
  dark?: readonly string[];
}

export interface DeviceTypeDef {
  type: string;
  label: Label;
  /** Ticket category for tickets opened from this type's alarms (one of lib/categories.ts). */
  category: Category;
  metrics: readonly MetricDef[];
  /** Registered attributes with defaults (e.g. a box's breaker rating). */
  attributes?: Record<string, { label: Label; default: number; min: number; max: number; unit?: string }>;
  rules: readonly RuleDef[];
  offline: OfflineRule;
  /** Commands the console may send to a device of this type (none: the type takes no commands). */
  commands: readonly CommandDef[];
  /** Power-feed topology; none: the type neither feeds others nor is explained by a feeder's cut. */
  power?: PowerRole;
  /** How the demo town places devices of this type; none: not placed. */
  demo?: DemoPlacement;
  /** Simulator profile: a normal reading and, per rule, a reading that triggers it. */
  simulator: {
    normal: Record<string, MetricValue>;
    faults: Record<string, Record<string, MetricValue>>;
  };
}
