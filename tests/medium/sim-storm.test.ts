// The device simulator against the real server: a storm over a small fleet raises exactly the alarms
// the simulator reports as injected, each clears after its restore, and the same seed gives the same
// faults. Time-scaled 1000×; the server's clock is real, so a RULES_FILE sets the forS of the only
// rule these scenarios use with a hold time (camera video_lost, 30 s) to 0 — and the fleet is told
// the same overrides, so its holds follow the effective rules.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleOverrides } from '../../devices/index';
import { OPEN_STATUSES } from '../../server/src/pipeline/lifecycle';
import { startFleet } from '../../simulators/devices/fleet';
import { loadScenario } from '../../simulators/devices/scenario';
import type { FleetDevice, Summary } from '../../simulators/devices/types';
import { registerDevice } from '../helpers/devices';
import { startServer, tempDir, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

const RULES: RuleOverrides = { camera: { video_lost: { forS: 0 } } };
const SPEED = { intervalS: 120, timeScale: 1000, rules: RULES };

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  active: boolean;
  raisedAt: string;
  clearedAt?: string;
}
interface Ticket {
  deviceId?: string;
  alarmRule?: string;
}

/** 2 compounds × 2 boxes, each box feeding 2 streetlights and 2 cameras: 20 devices. */
function fleetLayout(): Omit<FleetDevice, 'password'>[] {
  const out: Omit<FleetDevice, 'password'>[] = [];
  for (const c of ['c1', 'c2'])
    for (const b of [1, 2]) {
      const fed = [1, 2].flatMap((k) => [
        { id: `lamp-${c}-${b}-${k}`, type: 'streetlight', compoundId: c },
        { id: `cam-${c}-${b}-${k}`, type: 'camera', compoundId: c },
      ]);
      out.push({ id: `box-${c}-${b}`, type: 'distribution_box', compoundId: c, feeds: fed.map((d) => d.id) });
      out.push(...fed);
    }
  return out;
}

const total = (s: Summary): number => Object.values(s.injected).reduce((a, b) => a + b, 0);

function countByRule(alarms: readonly Alarm[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of alarms) out[a.rule] = (out[a.rule] ?? 0) + 1;
  return out;
}

describe('device simulator against the real server', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let devices: FleetDevice[];

  beforeAll(async () => {
    const rulesFile = path.join(tempDir('redsail-rules-'), 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    s = await startServer({ env: { RULES_FILE: rulesFile } });
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:cleared']);
    devices = [];
    for (const d of fleetLayout()) devices.push({ ...d, password: (await registerDevice(s, d)).password });
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  /** Awaits alarm:raised for every injected fault since `from`, then alarm:cleared for each. */
  async function raisedAndCleared(from: number, summary: Summary): Promise<Alarm[]> {
    const want = from + total(summary);
    await log.waitFor('alarm:raised', () => log.of('alarm:raised').length >= want);
    const raised = log.of<Alarm>('alarm:raised').slice(from);
    for (const a of raised) await log.waitFor<Alarm>('alarm:cleared', (c) => c.id === a.id);
    return raised;
  }

  it('storm: the alarms per rule equal the injected faults, never doubled, and all clear after the restore', async () => {
    const fleet = await startFleet({
      mqttUrl: s.mqttUrl,
      devices,
      scenario: loadScenario('storm'),
      seed: 42,
      ...SPEED,
    });
    const summary = await fleet.done;
    const raised = await raisedAndCleared(0, summary);
    await fleet.stop();

    expect(summary.devicesConnected).toBe(devices.length);
    // Seed 42 on this fleet: both power cuts, a leakage, video lost, and the fed devices offline.
    expect(Object.keys(summary.injected)).toEqual([
      'breaker_tripped',
      'leakage',
      'offline',
      'phase_loss',
      'video_lost',
    ]);
    const cuts = (summary.injected.breaker_tripped ?? 0) + (summary.injected.phase_loss ?? 0);
    expect(summary.injected.offline).toBe(cuts * 4); // each box feeds 2 lamps and 2 cameras
    expect(summary.restored).toBe(total(summary));

    const alarms = (await s.api.get<Alarm[]>('/api/alarms?limit=1000', s.admin)).body;
    expect(countByRule(alarms)).toEqual(summary.injected);
    expect(countByRule(raised)).toEqual(summary.injected);
    expect(alarms.filter((a) => a.active)).toEqual([]);
    // No device+rule had two alarms active at once: per device+rule, each raise follows the last clear.
    const sorted = alarms.toSorted((a, b) => a.raisedAt.localeCompare(b.raisedAt));
    const lastClear = new Map<string, string>();
    for (const a of sorted) {
      const key = `${a.deviceId}:${a.rule}`;
      expect(a.raisedAt >= (lastClear.get(key) ?? ''), `${key} raised again while active`).toBe(true);
      lastClear.set(key, a.clearedAt ?? '\uffff');
    }
    const open = (
      await s.api.get<Ticket[]>(`/api/tickets?limit=1000&status=${OPEN_STATUSES.join(',')}`, s.admin)
    ).body;
    const keys = open.map((t) => `${t.deviceId}:${t.alarmRule}`);
    expect(open.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the same seed gives the same plan and the same injected faults, run after run', async () => {
    const scenario = loadScenario(path.resolve(import.meta.dirname, '../fixtures/sim-short.json'));
    const runs: { plan: unknown; injected: Record<string, number> }[] = [];
    for (let i = 0; i < 2; i++) {
      const from = log.of('alarm:raised').length;
      const fleet = await startFleet({ mqttUrl: s.mqttUrl, devices, scenario, seed: 7, ...SPEED });
      const summary = await fleet.done;
      const raised = await raisedAndCleared(from, summary);
      await fleet.stop();
      expect(countByRule(raised)).toEqual(summary.injected);
      runs.push({ plan: fleet.plan, injected: summary.injected });
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.injected).toEqual({ leakage: 2, offline: 1, video_lost: 2 });
  });
});
