// Unit spec of the fault planner: deterministic per seed, time-ordered, every fault held at least
// what its rule needs, one fault per device at a time, power cuts take the fed devices offline.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRegistry, type RuleOverrides } from '../../devices/index';
import { readDataDevices } from '../cli/fleet-devices';
import { DEFAULT_DATA_DIR } from '../lib/demo-data';
import { planFaults, planScenario, type PlanDevice } from './planner';
import { listScenarios, loadScenario, parseScenario } from './scenario';
import { minHoldS, type HoldTiming } from './timing';
import type { FaultAction } from './types';

/** c compounds × b boxes, each box feeding 2 streetlights and 2 cameras. */
function fleet(c = 3, b = 3): PlanDevice[] {
  const out: PlanDevice[] = [];
  for (let i = 1; i <= c; i++)
    for (let j = 1; j <= b; j++) {
      const fed = [1, 2].flatMap((k) => [
        { id: `lamp-${i}-${j}-${k}`, type: 'streetlight', compoundId: `c${i}` },
        { id: `cam-${i}-${j}-${k}`, type: 'camera', compoundId: `c${i}` },
      ]);
      out.push({
        id: `box-${i}-${j}`,
        type: 'distribution_box',
        compoundId: `c${i}`,
        feeds: fed.map((d) => d.id),
      });
      out.push(...fed);
    }
  return out;
}

const devices = fleet();
const typeOf = new Map(devices.map((d) => [d.id, d.type]));
const TIMINGS: HoldTiming[] = [
  { timeScale: 1, intervalS: 60, marginS: 1, incidentHoldS: 0 },
  { timeScale: 100, intervalS: 30, marginS: 1, incidentHoldS: 30 },
];

/** Inject/restore pairs per device, in order. */
function faults(
  plan: readonly FaultAction[],
): { deviceId: string; rule: string; from: number; to: number }[] {
  const open = new Map<string, FaultAction>();
  const out: { deviceId: string; rule: string; from: number; to: number }[] = [];
  for (const a of plan) {
    const key = `${a.deviceId}:${a.rule}`;
    if (a.action === 'inject') {
      expect(open.has(a.deviceId), `${key} injected while it holds a fault`).toBe(false);
      open.set(a.deviceId, a);
    } else {
      const i = open.get(a.deviceId);
      expect(i?.rule, `${key} restored without its inject`).toBe(a.rule);
      open.delete(a.deviceId);
      out.push({ deviceId: a.deviceId, rule: a.rule, from: i?.atS ?? 0, to: a.atS });
    }
  }
  expect([...open.keys()]).toEqual([]);
  return out;
}

describe('planFaults', () => {
  it('is deterministic: the same seed gives the same plan, another seed another', () => {
    for (const name of ['storm', 'normal', 'demo']) {
      const sc = loadScenario(name);
      expect(planFaults(sc, 42, devices)).toEqual(planFaults(sc, 42, devices));
      expect(planFaults(sc, 42, devices)).not.toEqual(planFaults(sc, 43, devices));
    }
  });

  for (const name of listScenarios())
    it(`${name}: time-ordered, one fault per device at a time, each held ≥ forS + margin`, () => {
      const registry = compileRegistry();
      const forS = (id: string, rule: string): number =>
        registry.get(typeOf.get(id) ?? '')?.rules.find((r) => r.id === rule)?.forS ?? NaN;
      for (const timing of TIMINGS)
        for (const seed of [1, 2, 3]) {
          const plan = planFaults(loadScenario(name), seed, devices, { timing, untilS: Infinity });
          expect(plan.length).toBeGreaterThan(0);
          expect(plan.map((a) => a.atS)).toEqual(plan.map((a) => a.atS).toSorted((a, b) => a - b));
          for (const f of faults(plan)) {
            const inject = plan.find(
              (a) => a.deviceId === f.deviceId && a.atS === f.from && a.action === 'inject',
            );
            const need = Math.max(
              forS(f.deviceId, f.rule),
              ...(inject?.also ?? []).map((r) => forS(f.deviceId, r)),
            );
            expect(f.to - f.from, `${f.deviceId} ${f.rule}`).toBeGreaterThanOrEqual(minHoldS(need, timing));
          }
        }
    });

  it('a tripped breaker or a lost phase takes the devices the box feeds offline, until its restore', () => {
    const plan = planFaults(loadScenario('storm'), 5, devices);
    const cuts = plan.filter(
      (a) => a.action === 'inject' && ['breaker_tripped', 'phase_loss'].includes(a.rule),
    );
    expect(cuts.length).toBeGreaterThan(0);
    for (const cut of cuts) {
      const box = devices.find((d) => d.id === cut.deviceId);
      const restore = plan.find(
        (a) => a.deviceId === cut.deviceId && a.action === 'restore' && a.atS > cut.atS,
      );
      for (const fed of box?.feeds ?? []) {
        const mine = plan.filter((a) => a.deviceId === fed && a.cause === cut.deviceId);
        expect(mine).toEqual([
          {
            atS: cut.atS,
            step: cut.step,
            deviceId: fed,
            rule: 'offline',
            action: 'inject',
            offline: 'drop',
            cause: cut.deviceId,
          },
          {
            atS: restore?.atS,
            step: cut.step,
            deviceId: fed,
            rule: 'offline',
            action: 'restore',
            offline: 'drop',
            cause: cut.deviceId,
          },
        ]);
      }
    }
  });

  it('holds follow the effective rules and the time scale', () => {
    const sc = parseScenario({
      name: 't',
      description: 't',
      steps: [{ atS: 0, type: 'camera', rule: 'video_lost', devices: 1, holdS: 5 }],
    });
    const hold = (p: FaultAction[]): number => (p[1]?.atS ?? 0) - (p[0]?.atS ?? 0);
    expect(hold(planFaults(sc, 1, devices))).toBe(
      minHoldS(30, { timeScale: 1, intervalS: 60, marginS: 1, incidentHoldS: 0 }),
    );
    const overrides: RuleOverrides = { camera: { video_lost: { forS: 0 } } };
    const fast = { registry: compileRegistry(overrides), timing: { timeScale: 50 } };
    expect(hold(planFaults(sc, 1, devices, fast))).toBe(50);
  });

  it("a fed device's fault that a power cut would explain is held past the server's wait for that cut", () => {
    const sc = parseScenario({
      name: 't',
      description: 't',
      steps: [
        { atS: 0, type: 'camera', rule: 'video_lost', devices: 1, holdS: 5 },
        { atS: 0, type: 'distribution_box', rule: 'leakage', devices: 1, holdS: 5 },
      ],
    });
    const registry = compileRegistry({ camera: { video_lost: { forS: 0 } } });
    const timing = { timeScale: 50, intervalS: 60, marginS: 1, incidentHoldS: 30 };
    const plan = planFaults(sc, 1, devices, { registry, timing });
    const held = (prefix: string): number => {
      const mine = plan.filter((a) => a.deviceId.startsWith(prefix));
      return (mine[1]?.atS ?? 0) - (mine[0]?.atS ?? 0);
    };
    expect(held('cam-')).toBe(minHoldS(30, timing)); // the camera is fed by a box: 0 s + the 30 s wait
    expect(held('box-')).toBe(minHoldS(0, timing)); // a box's leakage waits for nothing
    expect(plan.map((a) => a.step)).toEqual([0, 1, 1, 0]);
  });

  it('an overheat counts its over-temperature too, and is held long enough for both', () => {
    const sc = parseScenario({
      name: 't',
      description: 't',
      steps: [{ atS: 0, type: 'distribution_box', rule: 'overheat', devices: 1, holdS: 1 }],
    });
    const [inject, restore] = planFaults(sc, 1, devices);
    expect(inject).toMatchObject({ rule: 'overheat', also: ['over_temperature'] });
    expect((restore?.atS ?? 0) - (inject?.atS ?? 0)).toBeGreaterThanOrEqual(60);
  });

  it('plans no fault that would end after untilS', () => {
    const plan = planFaults(loadScenario('normal'), 1, devices, { untilS: 5000 });
    expect(plan.length).toBeGreaterThan(0);
    expect(Math.max(...plan.map((a) => a.atS))).toBeLessThanOrEqual(5000);
    expect(plan.length).toBeLessThan(planFaults(loadScenario('normal'), 1, devices).length);
  });

  it('flapping repeats the fault on one device, leaving time for each alarm to clear', () => {
    const plan = planFaults(loadScenario('flapping'), 1, devices);
    expect(new Set(plan.map((a) => a.deviceId)).size).toBe(1);
    expect(plan.filter((a) => a.action === 'inject')).toHaveLength(20);
    for (let i = 2; i < plan.length; i += 2)
      expect((plan[i]?.atS ?? 0) - (plan[i - 1]?.atS ?? 0)).toBeGreaterThanOrEqual(
        minHoldS(0, TIMINGS[0] as HoldTiming),
      );
  });

  it('refuses a fault reading that cannot raise its rule under the effective rules', () => {
    const sc = parseScenario({
      name: 't',
      description: 't',
      steps: [{ atS: 0, type: 'distribution_box', rule: 'leakage', devices: 1, holdS: 60 }],
    });
    const registry = compileRegistry({
      distribution_box: { leakage: { when: { op: 'gte', metric: 'leakage_ma', value: 100 } } },
    });
    expect(() => planFaults(sc, 1, devices, { registry })).toThrow(/does not raise "leakage"/);
  });
});

describe('planFaults with device attributes', () => {
  it('an overcurrent goes to a box whose rating the fault reading exceeds', () => {
    const sc = parseScenario({
      name: 't',
      description: 't',
      steps: [{ atS: 0, type: 'distribution_box', rule: 'overcurrent', devices: 3, holdS: 60 }],
    });
    const boxes: PlanDevice[] = [
      { id: 'big-1', type: 'distribution_box', rating_a: 100 },
      { id: 'small', type: 'distribution_box', rating_a: 63 },
      { id: 'big-2', type: 'distribution_box', rating_a: 160 },
    ];
    const { actions, skipped } = planScenario(sc, 1, boxes);
    expect(new Set(actions.map((a) => a.deviceId))).toEqual(new Set(['small']));
    expect(skipped).toBe(2);
  });
});

describe('planFaults on the demo data set', () => {
  const file = path.join(DEFAULT_DATA_DIR, 'devices.json');
  it.runIf(existsSync(file))('plans every bundled scenario on the Qufu devices', () => {
    const qufu = readDataDevices(undefined);
    for (const name of listScenarios())
      for (const seed of [1, 2, 3])
        expect(planFaults(loadScenario(name), seed, qufu).length).toBeGreaterThan(0);
  });
});
