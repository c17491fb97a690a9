// Unit spec of the scenario schema: the bundled scenarios are valid, mistakes are named.
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, parseScenario } from './scenario';

const base = { name: 't', description: 't' };
const step = { atS: 0, devices: 1, holdS: 60 };

describe('scenarios', () => {
  it('bundles normal, storm, night, outage and flapping, all valid', () => {
    expect(listScenarios()).toEqual(
      expect.arrayContaining(['flapping', 'night', 'normal', 'outage', 'storm']),
    );
    for (const name of listScenarios()) expect(loadScenario(name).name).toBe(name);
  });

  it('names the step and the problem', () => {
    const bad =
      (s: object): (() => unknown) =>
      () =>
        parseScenario({ ...base, steps: [{ ...step, ...s }] });
    expect(bad({ type: 'camera', rule: 'leakage' })).toThrow(
      /type "camera" has no rule "leakage".*\n.*at steps\[0\]/,
    );
    expect(bad({ type: 'toaster', rule: 'offline' })).toThrow(/unknown device type "toaster"/);
    expect(bad({ rule: 'leakage' })).toThrow(/rule "leakage" needs a "type"/);
    expect(bad({ type: 'van', rule: 'offline' })).toThrow(/has no offline rule/);
    expect(bad({ type: 'camera', rule: 'tamper', holdS: [60, 30] })).toThrow(/min <= max/);
    expect(bad({ type: 'camera', rule: 'tamper', extra: 1 })).toThrow(/extra/);
  });

  it('an unknown name lists the bundled scenarios', () => {
    expect(() => loadScenario('hurricane')).toThrow(/Unknown scenario "hurricane"; bundled: .*storm/);
  });
});
