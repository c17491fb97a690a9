// Scenarios are data (simulators/scenarios/*.json): timed steps, relative to the start in simulated
// seconds, saying which faults to inject on how many devices of which type in how many compounds,
// and how long to hold them. The planner (planner.ts) turns one into a deterministic fault plan.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { getDeviceType, OFFLINE_RULE } from '../../devices/index';

export const SCENARIO_DIR = path.resolve(import.meta.dirname, '../scenarios');

const MetricValueSchema = z.union([z.number(), z.string(), z.boolean()]);

/** Seconds, or a [min, max] range picked at random per fault. */
const SecondsSchema = z.union([
  z.number().positive(),
  z
    .tuple([z.number().positive(), z.number().positive()])
    .refine(([a, b]) => a <= b, 'a [min, max] range needs min <= max'),
]);

export const StepSchema = z.strictObject({
  /** Shown in progress and errors. */
  name: z.string().optional(),
  /** When the step starts, in simulated seconds from the start of the scenario. */
  atS: z.number().min(0),
  /** Faults of the step start at random within [atS, atS + spreadS]. */
  spreadS: z.number().min(0).default(0),
  /** Device type; absent: any type (only for the `offline` rule). */
  type: z.string().optional(),
  /** The rule to raise, or a list to pick from at random per fault. */
  rule: z.union([z.string(), z.array(z.string()).min(1)]),
  /** How many devices get the fault (each a different device), or all of the type in the compounds. */
  devices: z.union([z.number().int().positive(), z.literal('all')]),
  /** Spread the faults over this many compounds (chosen at random); absent: any compound. */
  compounds: z.number().int().positive().optional(),
  /** How long each fault is held before it is restored; the planner never holds less than the rule needs. */
  holdS: SecondsSchema,
  /** Flapping: after a restore, wait gapS and inject the same fault on the same device again. */
  repeat: z.strictObject({ times: z.number().int().min(2), gapS: z.number().min(0) }).optional(),
  /** Metrics laid over the type's `simulator.faults[rule]` reading. */
  reading: z.record(z.string(), MetricValueSchema).optional(),
  /** `offline` faults: drop the connection (the last will fires) or publish status `offline`. */
  offline: z.enum(['drop', 'status']).default('drop'),
});
export type Step = z.infer<typeof StepSchema>;

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string(),
    /** Simulated start time (ISO 8601 with offset); absent: now. */
    startAt: z.iso.datetime({ offset: true }).optional(),
    /** Length of the scenario in simulated seconds: no fault is planned to end later. */
    durationS: z.number().positive().optional(),
    weather: z
      .strictObject({
        /** Added to the seasonal air temperature. */
        tempOffsetC: z.number().default(0),
        /** 0 clear … 1 overcast: dims daylight. */
        cloud: z.number().min(0).max(1).default(0),
        /** Wet weather: insulation leaks a little more (still far below the leakage rule). */
        rain: z.boolean().default(false),
      })
      .default({ tempOffsetC: 0, cloud: 0, rain: false }),
    /** Restrict the whole scenario to this many compounds, chosen at random (e.g. a storm's path). */
    area: z.strictObject({ compounds: z.number().int().positive() }).optional(),
    /** Rules of a feeding device (a box) that cut the power of the devices it `feeds`. */
    powerCut: z.array(z.string()).default(['breaker_tripped', 'phase_loss']),
    steps: z.array(StepSchema).min(1),
  })
  .superRefine((sc, ctx) => {
    sc.steps.forEach((step, i) => {
      const problem = stepProblem(step);
      if (problem) ctx.addIssue({ code: 'custom', path: ['steps', i], message: problem });
    });
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Why a step names rules its device type cannot raise, or undefined. */
function stepProblem(step: Step): string | undefined {
  const rules = Array.isArray(step.rule) ? step.rule : [step.rule];
  if (step.type === undefined) {
    const bad = rules.find((r) => r !== OFFLINE_RULE);
    return bad && `rule "${bad}" needs a "type" (only "offline" applies to any type)`;
  }
  const t = getDeviceType(step.type);
  if (!t) return `unknown device type "${step.type}"`;
  for (const r of rules) {
    if (r === OFFLINE_RULE) {
      if (t.def.offline === false) return `type "${step.type}" has no offline rule`;
      continue;
    }
    if (!t.rules.some((x) => x.id === r))
      return `type "${step.type}" has no rule "${r}" (rules: ${t.rules.map((x) => x.id).join(', ')})`;
    if (!Object.hasOwn(t.def.simulator.faults, r) && !step.reading)
      return `rule "${r}" has no simulator fault reading: give the step a "reading"`;
  }
  return undefined;
}

/** Validates a parsed scenario; throws a readable error naming the source. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) throw new Error(`Invalid ${source}:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** Names of the bundled scenarios (simulators/scenarios/*.json). */
export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A bundled scenario by name (`storm`), or a JSON file by path. */
export function loadScenario(nameOrFile: string): Scenario {
  const isFile = nameOrFile.endsWith('.json') || nameOrFile.includes('/') || nameOrFile.includes('\\');
  const file = isFile ? path.resolve(nameOrFile) : path.join(SCENARIO_DIR, `${nameOrFile}.json`);
  if (!existsSync(file)) {
    throw new Error(
      isFile
        ? `Scenario file ${file} does not exist`
        : `Unknown scenario "${nameOrFile}"; bundled: ${listScenarios().join(', ')} (or pass a .json file)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Scenario ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseScenario(json, `scenario ${file}`);
}
