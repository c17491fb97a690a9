// The fault planner: scenario + seed + device list → a deterministic, time-ordered list of fault
// actions. Pure: the same inputs give the same plan. Each device has at most one fault at a time
// (a fault and the power cut of its feeding box never overlap), every fault is held long enough to
// raise its alarm (and, on a fed device, to outlast the server's wait for a power cut that would
// explain it) and left alone long enough after the restore for the alarm to clear.
import { compileRegistry, OFFLINE_RULE, type CompiledDeviceType } from '../../devices/index';
import { seededRandom } from '../lib/random';
import { faultEffect, type Effect } from './fault-effect';
import type { Scenario, Step } from './scenario';
import { DEFAULT_TIMING, minHoldS, type HoldTiming } from './timing';
import type { FaultAction } from './types';

export interface PlanDevice {
  id: string;
  type: string;
  compoundId?: string;
  feeds?: readonly string[];
  rating_a?: number;
}

export interface PlanOptions {
  timing?: Partial<HoldTiming>;
  /** Effective rules (compiled with the server's RULES_FILE overrides); default: the registry as coded. */
  registry?: ReadonlyMap<string, CompiledDeviceType>;
  /** No fault is planned to end after this (simulated seconds); default the scenario's durationS. */
  untilS?: number;
}

type Rand = () => number;

/** n distinct items picked at random (all of them, shuffled, when n ≥ length). */
export function pickN<T>(rand: Rand, items: readonly T[], n: number): T[] {
  const a = [...items];
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, k);
}

const pickSeconds = (rand: Rand, s: Step['holdS']): number =>
  typeof s === 'number' ? s : s[0] + rand() * (s[1] - s[0]);

/** Busy windows per device: [from, to) in simulated seconds. */
class Calendar {
  private readonly windows = new Map<string, [number, number][]>();
  free(id: string, from: number, to: number): boolean {
    return (this.windows.get(id) ?? []).every(([a, b]) => to <= a || from >= b);
  }
  book(id: string, from: number, to: number): void {
    const w = this.windows.get(id) ?? [];
    w.push([from, to]);
    this.windows.set(id, w);
  }
}

/** One fault on one device: inject/restore times of each cycle, and how long it stays busy. */
interface Schedule {
  cycles: { inject: number; restore: number }[];
  busyUntil: number;
}

export interface Plan {
  actions: FaultAction[];
  /** Faults the scenario asks for that found no free device, or would end after untilS. */
  skipped: number;
}

/** The plan's actions, time-ordered. */
export function planFaults(
  scenario: Scenario,
  seed: number,
  devices: readonly PlanDevice[],
  opts: PlanOptions = {},
): FaultAction[] {
  return planScenario(scenario, seed, devices, opts).actions;
}

export function planScenario(
  scenario: Scenario,
  seed: number,
  devices: readonly PlanDevice[],
  opts: PlanOptions = {},
): Plan {
  const rand = seededRandom(seed);
  const registry = opts.registry ?? compileRegistry();
  const timing: HoldTiming = { ...DEFAULT_TIMING, ...opts.timing };
  const untilS = opts.untilS ?? scenario.durationS ?? Number.POSITIVE_INFINITY;
  const byId = new Map(devices.map((d) => [d.id, d]));
  const fedIds = new Set(devices.flatMap((d) => d.feeds ?? []));
  const compoundOf = (d: PlanDevice): string => d.compoundId ?? '';
  const allCompounds = [...new Set(devices.map(compoundOf))];
  const area = scenario.area ? pickN(rand, allCompounds, scenario.area.compounds) : allCompounds;
  const calendar = new Calendar();
  const out: FaultAction[] = [];
  let skipped = 0;

  const forS = (type: string, rule: string): number | undefined =>
    registry.get(type)?.rules.find((r) => r.id === rule)?.forS;

  /**
   * Devices that lose power with this one while it holds the rule: those it feeds that are in the
   * fleet and whose type raises an offline alarm (the others would fall silent with nothing to show).
   */
  const fedBy = (d: PlanDevice, rule: string): PlanDevice[] =>
    scenario.powerCut.includes(rule)
      ? (d.feeds ?? [])
          .flatMap((id) => byId.get(id) ?? [])
          .filter((f) => forS(f.type, OFFLINE_RULE) !== undefined)
      : [];

  /**
   * Real seconds the server holds back the ticket of this fault on this device, waiting for a power
   * cut of its box to explain it: a fed device's rules that its type lists as `power.dark`.
   */
  const waitForCauseS = (d: PlanDevice, rules: readonly string[]): number => {
    const dark = registry.get(d.type)?.def.power?.dark ?? [];
    return fedIds.has(d.id) && rules.some((r) => dark.includes(r)) ? timing.incidentHoldS : 0;
  };

  const schedule = (step: Step, start: number, hold: number, ruleForS: number, waitS: number): Schedule => {
    const need = minHoldS(ruleForS, timing);
    const holdNeed = minHoldS(ruleForS + waitS, timing);
    const cycles: Schedule['cycles'] = [];
    let t = start;
    for (let i = 0; i < (step.repeat?.times ?? 1); i++) {
      const restore = t + Math.max(Math.ceil(hold), holdNeed);
      cycles.push({ inject: t, restore });
      t = restore + Math.max(Math.ceil(step.repeat?.gapS ?? 0), need);
    }
    const last = cycles[cycles.length - 1]?.restore ?? start;
    return { cycles, busyUntil: last + need };
  };

  /** The power-cut devices' own schedule follows the box's, with the offline rule's clear time. */
  const fits = (d: PlanDevice, rule: string, s: Schedule): boolean => {
    const from = s.cycles[0]?.inject ?? 0;
    if (!calendar.free(d.id, from, s.busyUntil)) return false;
    return fedBy(d, rule).every((f) => calendar.free(f.id, from, fedBusyUntil(f, s)));
  };
  const fedBusyUntil = (f: PlanDevice, s: Schedule): number =>
    (s.cycles[s.cycles.length - 1]?.restore ?? 0) + minHoldS(forS(f.type, OFFLINE_RULE) ?? 0, timing);

  const emit = (index: number, d: PlanDevice, rule: string, s: Schedule, effect: Effect): void => {
    const step = scenario.steps[index] as Step;
    const { reading, also } = effect;
    const fed = fedBy(d, rule);
    calendar.book(d.id, s.cycles[0]?.inject ?? 0, s.busyUntil);
    for (const f of fed) calendar.book(f.id, s.cycles[0]?.inject ?? 0, fedBusyUntil(f, s));
    for (const c of s.cycles) {
      const base = { step: index, deviceId: d.id, rule };
      if (rule === OFFLINE_RULE) {
        out.push({ atS: c.inject, ...base, action: 'inject', offline: step.offline });
        out.push({ atS: c.restore, ...base, action: 'restore', offline: step.offline });
        continue;
      }
      out.push({
        atS: c.inject,
        ...base,
        action: 'inject',
        ...(reading && { reading }),
        ...(also.length > 0 && { also }),
      });
      for (const f of fed)
        out.push({
          atS: c.inject,
          step: index,
          deviceId: f.id,
          rule: OFFLINE_RULE,
          action: 'inject',
          offline: 'drop',
          cause: d.id,
        });
      out.push({ atS: c.restore, ...base, action: 'restore', ...(also.length > 0 && { also }) });
      for (const f of fed)
        out.push({
          atS: c.restore,
          step: index,
          deviceId: f.id,
          rule: OFFLINE_RULE,
          action: 'restore',
          offline: 'drop',
          cause: d.id,
        });
    }
  };

  for (const [index, step] of scenario.steps.entries()) {
    const compounds = step.compounds ? pickN(rand, area, step.compounds) : area;
    const rules = Array.isArray(step.rule) ? step.rule : [step.rule];
    const candidates = devices.filter(
      (d) => compounds.includes(compoundOf(d)) && (step.type === undefined || d.type === step.type),
    );
    const count = step.devices === 'all' ? candidates.length : step.devices;
    for (let i = 0; i < count; i++) {
      const start = Math.round(step.atS + rand() * step.spreadS);
      const rule = rules[Math.floor(rand() * rules.length)] ?? OFFLINE_RULE;
      const hold = pickSeconds(rand, step.holdS);
      const home = compounds[i % compounds.length];
      const order = [
        ...pickN(
          rand,
          candidates.filter((d) => compoundOf(d) === home),
          candidates.length,
        ),
        ...pickN(
          rand,
          candidates.filter((d) => compoundOf(d) !== home),
          candidates.length,
        ),
      ];
      const placed = order.some((d) => {
        const effect = faultEffect(registry, step, d, rule);
        if (!effect) return false; // disabled, or not raised on this device: nothing to count
        const s = schedule(step, start, hold, effect.forS, waitForCauseS(d, [rule, ...effect.also]));
        if (s.busyUntil - minHoldS(effect.forS, timing) > untilS || !fits(d, rule, s)) return false;
        emit(index, d, rule, s, effect);
        return true;
      });
      if (!placed) skipped++;
    }
  }
  const actions = out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.atS - y.a.atS || x.i - y.i)
    .map(({ a }) => a);
  return { actions, skipped };
}
