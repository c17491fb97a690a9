// Unit spec of the run summary: faults per step from the played plan, the devices power cuts took
// dark, root causes (faults that are not a cut's consequence), and the run's tickets matched to them.
import { describe, expect, it } from 'vitest';
import { compileRegistry } from '../../devices/index';
import { runSummary, RunSummarySchema, type RunSummaryInput, type RunTicket } from './root-causes';
import { parseScenario } from './scenario';
import type { FaultAction } from './types';

const scenario = parseScenario({
  name: 'mini-storm',
  description: 'a breaker trip, a leakage, a camera losing video',
  steps: [
    {
      name: 'breakers trip',
      atS: 0,
      type: 'distribution_box',
      rule: 'breaker_tripped',
      devices: 1,
      holdS: 60,
    },
    { name: 'leakage', atS: 0, type: 'distribution_box', rule: 'leakage', devices: 1, holdS: 60 },
    { atS: 0, type: 'camera', rule: 'video_lost', devices: 1, holdS: 60 },
  ],
});
const devices = [
  { id: 'box-1', type: 'distribution_box' },
  { id: 'box-2', type: 'distribution_box' },
  { id: 'lamp-1', type: 'streetlight' },
  { id: 'cam-1', type: 'camera' },
  { id: 'cam-2', type: 'camera' },
];
const START = '2026-12-07T01:00:00.000Z';
const at = (s: number): string => new Date(Date.parse(START) + s * 1000).toISOString();

/** box-1 trips (lamp-1 and cam-1 go dark), box-2 leaks, cam-2 loses video; all restored. */
function played(): FaultAction[] {
  const out: FaultAction[] = [];
  const fault = (step: number, deviceId: string, rule: string, extra: Partial<FaultAction> = {}): void => {
    out.push({ atS: 10, step, deviceId, rule, action: 'inject', ...extra });
    out.push({ atS: 100, step, deviceId, rule, action: 'restore', ...extra });
  };
  fault(0, 'box-1', 'breaker_tripped');
  fault(0, 'lamp-1', 'offline', { offline: 'drop', cause: 'box-1' });
  fault(0, 'cam-1', 'offline', { offline: 'drop', cause: 'box-1' });
  fault(1, 'box-2', 'leakage');
  fault(2, 'cam-2', 'video_lost');
  return out;
}

let n = 0;
const ticket = (deviceId: string, alarmRule: string, createdS: number, updatedS = createdS): RunTicket => ({
  id: `T-${++n}`,
  deviceId,
  alarmRule,
  createdAt: at(createdS),
  updatedAt: at(updatedS),
});

const summarise = (tickets: RunTicket[], over: Partial<RunSummaryInput> = {}) =>
  runSummary({
    scenario,
    seed: 7,
    startedAt: START,
    played: played(),
    devices,
    registry: compileRegistry(),
    tickets,
    ...over,
  });

describe('runSummary', () => {
  it('counts the faults per step and the devices the power cuts took dark', () => {
    const s = summarise([]);
    expect(s.steps).toEqual([
      { step: 0, name: 'breakers trip', faults: 1, powerCut: 2 },
      { step: 1, name: 'leakage', faults: 1, powerCut: 0 },
      { step: 2, name: 'camera video_lost', faults: 1, powerCut: 0 },
    ]);
    expect([s.faultsInjected, s.powerCutDevices]).toEqual([3, 2]);
    expect(s.rootCauses.map((c) => [c.deviceId, c.rule, c.step, c.faults])).toEqual([
      ['box-1', 'breaker_tripped', 0, 1],
      ['box-2', 'leakage', 1, 1],
      ['cam-2', 'video_lost', 2, 1],
    ]);
    expect(RunSummarySchema.parse(s)).toEqual(s);
  });

  it('one ticket per root cause, none for the dark devices: the goal is met', () => {
    const s = summarise([
      ticket('box-1', 'breaker_tripped', 11),
      ticket('box-2', 'leakage', 11),
      ticket('cam-2', 'video_lost', 45),
    ]);
    expect(s.tickets).toMatchObject({ opened: 3, onRootCauses: 3, onPowerCutDevices: [], other: [] });
    expect(s.mismatched).toEqual([]);
    expect(s.goalMet).toBe(true);
  });

  it("tickets of the dark devices' offline alarms and of other faults are counted apart, and miss the goal", () => {
    const s = summarise([
      ticket('box-1', 'breaker_tripped', 11),
      ticket('lamp-1', 'offline', 11),
      ticket('cam-1', 'offline', 11),
      ticket('box-2', 'leakage', 11),
      ticket('cam-2', 'video_lost', 45),
      ticket('box-2', 'door_open', 50),
    ]);
    expect(s.tickets.opened).toBe(6);
    expect(s.tickets.onRootCauses).toBe(3);
    expect(s.tickets.onPowerCutDevices.map((t) => t.deviceId)).toEqual(['lamp-1', 'cam-1']);
    expect(s.tickets.other).toEqual([expect.objectContaining({ deviceId: 'box-2', alarmRule: 'door_open' })]);
    expect(s.mismatched).toEqual([]);
    expect(s.goalMet).toBe(false);
  });

  it('lists a root cause with no ticket or two; a ticket from before the run does not count, but shows as joined', () => {
    const before = ticket('box-2', 'leakage', -600, 11);
    const s = summarise([
      ticket('box-1', 'breaker_tripped', 11),
      ticket('box-1', 'breaker_tripped', 40),
      before,
      ticket('cam-2', 'video_lost', -900),
    ]);
    expect(s.tickets.opened).toBe(2);
    expect(s.mismatched).toEqual([
      { deviceId: 'box-1', rule: 'breaker_tripped', tickets: 2 },
      { deviceId: 'box-2', rule: 'leakage', tickets: 0 },
      { deviceId: 'cam-2', rule: 'video_lost', tickets: 0 },
    ]);
    expect(s.rootCauses.find((c) => c.rule === 'leakage')?.joined).toEqual([before.id]);
    expect(s.rootCauses.find((c) => c.rule === 'video_lost')?.joined).toEqual([]);
    expect(s.goalMet).toBe(false);
  });

  it('a fault repeated on one device is one root cause; a fault that also raises another rule is two', () => {
    const again = played().map((a) => ({ ...a, atS: a.atS + 200 }));
    const overheat: FaultAction = {
      atS: 5,
      step: 1,
      deviceId: 'box-2',
      rule: 'overheat',
      action: 'inject',
      also: ['over_temperature'],
    };
    const s = summarise([], { played: [...played(), ...again, overheat] });
    expect(s.steps.map((x) => [x.faults, x.powerCut])).toEqual([
      [2, 4],
      [4, 0],
      [2, 0],
    ]);
    expect(s.rootCauses.map((c) => [c.deviceId, c.rule, c.faults])).toEqual([
      ['box-1', 'breaker_tripped', 2],
      ['box-2', 'leakage', 2],
      ['cam-2', 'video_lost', 2],
      ['box-2', 'overheat', 1],
      ['box-2', 'over_temperature', 1],
    ]);
  });

  it('a root cause whose severity opens no ticket is not expected to have one', () => {
    const selfTest: FaultAction = {
      atS: 5,
      step: 1,
      deviceId: 'smoke-1',
      rule: 'self_test',
      action: 'inject',
    };
    const s = summarise([ticket('box-1', 'breaker_tripped', 11), ticket('box-2', 'leakage', 11)], {
      played: [...played().filter((a) => a.deviceId !== 'cam-2'), selfTest],
      devices: [...devices, { id: 'smoke-1', type: 'smoke_detector' }],
    });
    expect(s.rootCauses.find((c) => c.rule === 'self_test')?.expectsTicket).toBe(false);
    expect(s.mismatched).toEqual([]);
    expect(s.goalMet).toBe(true);
  });
});
