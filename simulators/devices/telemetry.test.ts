// Unit spec of the telemetry models: a simulated day of normal readings stays inside every wire
// schema range and raises no rule, follows the time of day (load curve, lamps by night, daylight),
// and a fault reading raises exactly its own rule at any hour.
import { describe, expect, it } from 'vitest';
import { deviceTypes, getDeviceType, validateTelemetry, type CompiledDeviceType } from '../../devices/index';
import { holds } from '../../devices/lib/evaluate';
import { evaluateRules, type RuleStates } from '../../server/src/pipeline/rules';
import { DeviceModel } from './device-model';
import { CLEAR, environmentAt, type Weather } from './environment';
import { loadFactor, SWITCH_ON_LUX } from './telemetry';
import type { Reading } from './types';

/** Every type the demo town has: those with a model of their own, and those that publish their profile. */
const TYPES = deviceTypes.filter((d) => d.demo).map((d) => d.type);
const STORM: Weather = { tempOffsetC: -4, cloud: 1, rain: true };
const DAYS = ['2025-01-15T00:00:00+08:00', '2025-07-15T00:00:00+08:00', '2025-03-20T00:00:00+08:00'];
const MINUTE = 60_000;

function compiled(type: string): CompiledDeviceType {
  const c = getDeviceType(type);
  if (!c) throw new Error(`no type ${type}`);
  return c;
}

/** One reading a minute over a day, with the minute's local time. */
function day(model: DeviceModel, start: string): { at: number; r: Reading }[] {
  const t0 = Date.parse(start);
  return Array.from({ length: 1440 }, (_, m) => ({
    at: t0 + m * MINUTE,
    r: model.reading(t0 + m * MINUTE, undefined),
  }));
}

describe('telemetry models in normal conditions', () => {
  for (const type of TYPES)
    for (const [weatherName, weather] of [
      ['clear', CLEAR],
      ['storm', STORM],
    ] as const)
      it(`${type} (${weatherName}): a day of readings validates and raises no rule`, () => {
        const c = compiled(type);
        const keys = c.def.metrics.map((m) => m.key).sort();
        const problems: string[] = [];
        for (const seed of [1, 2, 3])
          for (const start of DAYS) {
            const model = new DeviceModel({ id: `${type}-${seed}`, type, password: 'x' }, c, weather, seed);
            let states: RuleStates = {};
            for (const { at, r } of day(model, start)) {
              const when = `${new Date(at).toISOString()} ${JSON.stringify(r)}`;
              const v = validateTelemetry(c, r);
              if (!v.ok) problems.push(`${when}: ${v.message}`);
              if (Object.keys(r).sort().join() !== keys.join()) problems.push(`${when}: not every metric`);
              const out = evaluateRules(
                c.rules,
                { state: { ...r, $offline: false }, attrs: {} },
                states,
                at,
                true,
              );
              for (const t of out.transitions) problems.push(`${when}: ${t.kind} ${t.rule}`);
              states = out.states;
            }
          }
        expect(problems).toEqual([]);
      });

  it('boxes: voltages 220–235 V, currents follow the daily load curve below the rating', () => {
    const model = new DeviceModel(
      { id: 'box', type: 'distribution_box', password: 'x', rating_a: 40 },
      compiled('distribution_box'),
      CLEAR,
      5,
    );
    const readings = day(model, DAYS[1] ?? '');
    for (const { r } of readings) {
      for (const k of ['ua', 'ub', 'uc']) expect(r[k]).toSatisfy((u: number) => u >= 220 && u <= 235);
      for (const k of ['ia', 'ib', 'ic']) expect(r[k]).toSatisfy((i: number) => i > 0 && i < 40);
    }
    const amps = (h: number): number => Number(readings[h * 60]?.r.ia);
    expect(amps(20)).toBeGreaterThan(amps(3) * 2); // evening peak vs night trough
    expect(loadFactor(20)).toBeGreaterThan(loadFactor(7.5));
    expect(loadFactor(7.5)).toBeGreaterThan(loadFactor(3));
  });

  it('box temperature drifts with the air: warmer on a July afternoon than on a January night', () => {
    const model = new DeviceModel(
      { id: 'box', type: 'distribution_box', password: 'x' },
      compiled('distribution_box'),
      CLEAR,
      5,
    );
    const at = (iso: string): number => Number(model.reading(Date.parse(iso), undefined).temp_c);
    expect(at('2025-07-15T15:00:00+08:00')).toBeGreaterThan(at('2025-01-15T04:00:00+08:00') + 20);
    expect(environmentAt(Date.parse('2025-07-15T15:00:00+08:00')).airC).toBeGreaterThan(
      environmentAt(Date.parse('2025-07-15T05:00:00+08:00')).airC,
    );
  });

  it('streetlights: on at night and off by day, lux matching, p = u·i', () => {
    const model = new DeviceModel(
      { id: 'lamp', type: 'streetlight', password: 'x' },
      compiled('streetlight'),
      CLEAR,
      8,
    );
    const readings = day(model, DAYS[2] ?? '');
    for (const { r } of readings) {
      expect(r.lamp).toBe(r.commanded);
      expect(r.lamp).toBe(Number(r.lux) < SWITCH_ON_LUX ? 'on' : 'off');
      expect(Number(r.p)).toBeCloseTo(Number(r.u) * Number(r.i), 0);
      if (r.lamp === 'on') expect(Number(r.i)).toBeGreaterThan(0.3);
      else expect(r.i).toBe(0);
    }
    const at = (h: number): Reading => readings[h * 60]?.r ?? {};
    expect(at(0)).toMatchObject({ lamp: 'on' });
    expect(Number(at(0).lux)).toBeLessThan(5);
    expect(at(12)).toMatchObject({ lamp: 'off' });
    expect(Number(at(12).lux)).toBeGreaterThan(20_000);
  });

  it('cameras record with video and storage ok', () => {
    const model = new DeviceModel({ id: 'cam', type: 'camera', password: 'x' }, compiled('camera'), CLEAR, 8);
    for (const { r } of day(model, DAYS[0] ?? ''))
      expect(r).toMatchObject({ video: 'ok', recording: true, storage: 'ok', tamper: false });
  });
});

describe('fault readings', () => {
  for (const type of TYPES)
    it(`${type}: each fault reading raises its rule (and what the profile says it implies) at any hour`, () => {
      const c = compiled(type);
      const model = new DeviceModel({ id: `${type}-f`, type, password: 'x' }, c, CLEAR, 4);
      const raisedBy = (state: Reading): string[] =>
        c.rules
          .filter((x) => holds(x.when, { state: { ...state, $offline: false }, attrs: {} }))
          .map((x) => x.id);
      for (const rule of c.def.rules) {
        const overlay = c.def.simulator.faults[rule.id] ?? {};
        // What the planner counts as raised: the rule, and e.g. over_temperature with overheat.
        const planned = raisedBy({ ...c.def.simulator.normal, ...overlay });
        expect(planned).toContain(rule.id);
        for (let h = 0; h < 24; h++) {
          const at = Date.parse(DAYS[2] ?? '') + h * 3_600_000;
          const r = model.reading(at, { rule, overlay });
          expect(validateTelemetry(c, r).ok).toBe(true);
          expect(raisedBy(r), `${rule.id} at ${h}:00 ${JSON.stringify(r)}`).toEqual(planned);
        }
      }
    });
});
