// The device simulator against the real server: a storm over a small fleet raises exactly the alarms
// the simulator reports as injected, each clears after its restore, and the same seed gives the same
// faults; the run summary's root causes and tickets agree with the server's tickets, also as
// `npm run sim --summary-json` writes them, and the tickets opened equal the root causes (the devices
// a power cut took dark open none: the server groups their alarms under the box's). Time-scaled 1000×; the server's clock is real, so a
// RULES_FILE sets the forS of the only rule these scenarios use with a hold time (camera video_lost,
// 30 s) to 0, and INCIDENT_HOLD_S is 1 s — and the fleet is told the same, so its holds follow them.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRegistry, type RuleOverrides } from '../../devices/index';
import { OPEN_STATUSES } from '../../server/src/pipeline/lifecycle';
import { readTickets } from '../../simulators/cli/run-tickets';
import { startFleet } from '../../simulators/devices/fleet';
import { runSummary, RunSummarySchema, type RunSummary } from '../../simulators/devices/root-causes';
import { loadScenario } from '../../simulators/devices/scenario';
import type { FleetDevice, Summary } from '../../simulators/devices/types';
import { loadDemoData } from '../../simulators/lib/demo-data';
import { Api } from '../../simulators/vans/api';
import { registerDevice } from '../helpers/devices';
import { startServer, tempDir, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

const RULES: RuleOverrides = { camera: { video_lost: { forS: 0 } } };
const INCIDENT_HOLD_S = 1;
const SPEED = { intervalS: 120, timeScale: 1000, rules: RULES, incidentHoldS: INCIDENT_HOLD_S };

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  active: boolean;
  raisedAt: string;
  clearedAt?: string;
}
interface Ticket {
  id: string;
  deviceId?: string;
  alarmRule?: string;
  createdAt: string;
}

type Layout = Omit<FleetDevice, 'password'> & { poweredBy?: string };

/** 2 compounds × 2 boxes, each box (registered first) feeding 2 streetlights and 2 cameras: 20 devices. */
function fleetLayout(compounds = ['c1', 'c2']): Layout[] {
  const out: Layout[] = [];
  for (const c of compounds)
    for (const b of [1, 2]) {
      const box = `box-${c}-${b}`;
      const fed = [1, 2].flatMap((k) => [
        { id: `lamp-${c}-${b}-${k}`, type: 'streetlight', compoundId: c, poweredBy: box },
        { id: `cam-${c}-${b}-${k}`, type: 'camera', compoundId: c, poweredBy: box },
      ]);
      out.push({ id: box, type: 'distribution_box', compoundId: c, feeds: fed.map((d) => d.id) });
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
  let ticker: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    const rulesFile = path.join(tempDir('redsail-rules-'), 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    s = await startServer({ env: { RULES_FILE: rulesFile, INCIDENT_HOLD_S: String(INCIDENT_HOLD_S) } });
    // The test server does not tick by itself; its 1 s tick (rule timers, the incident hold's end) is
    // driven here ten times a second, the simulated storm running 1000× faster than real time.
    ticker = setInterval(() => s.app.tick(), 100);
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:cleared']);
    devices = [];
    for (const d of fleetLayout()) devices.push({ ...d, password: (await registerDevice(s, d)).password });
  });
  afterAll(async () => {
    clearInterval(ticker);
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

  /** The server's tickets created at or after `since`. */
  async function ticketsSince(since: string): Promise<Ticket[]> {
    const all = (await s.api.get<Ticket[]>('/api/tickets?limit=1000', s.admin)).body;
    return all.filter((t) => t.createdAt >= since);
  }

  /** The run summary agrees with the server: every ticket of the run counted once, one per root cause. */
  async function expectConsistent(run: RunSummary, injected: number): Promise<void> {
    expect(run.faultsInjected + run.powerCutDevices).toBe(injected);
    expect(run.steps.reduce((n, st) => n + st.faults, 0)).toBe(run.faultsInjected);
    expect(run.rootCauses).toHaveLength(run.faultsInjected); // the storm repeats no fault
    const tickets = await ticketsSince(run.startedAt);
    const t = run.tickets;
    expect(t.opened).toBe(tickets.length);
    expect(t.onRootCauses + t.onPowerCutDevices.length + t.other.length).toBe(t.opened);
    expect(t.other).toEqual([]);
    expect(run.mismatched).toEqual([]);
    const byKey = new Map(tickets.map((x) => [`${x.deviceId}:${x.alarmRule}`, x.id]));
    for (const c of run.rootCauses)
      expect(c.tickets, `${c.deviceId} ${c.rule}`).toEqual([byKey.get(`${c.deviceId}:${c.rule}`)]);
    for (const x of t.onPowerCutDevices) expect(x.alarmRule).toBe('offline');
    // The power-cut devices' offline alarms are grouped under their box's alarm and open no ticket:
    // one work order per root cause.
    expect(run.powerCutDevices).toBeGreaterThan(0);
    expect(t.onPowerCutDevices).toEqual([]);
    expect(t.opened).toBe(run.rootCauses.length);
    expect(run.goalMet).toBe(true);
  }

  it('storm: the alarms per rule equal the injected faults, never doubled, and all clear after the restore', async () => {
    const startedAt = new Date().toISOString();
    const scenario = loadScenario('storm');
    const fleet = await startFleet({ mqttUrl: s.mqttUrl, devices, scenario, seed: 42, ...SPEED });
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

    const { tickets, truncated } = await readTickets(new Api(s.httpUrl, s.admin), startedAt);
    const run = runSummary({
      scenario,
      seed: 42,
      startedAt,
      played: fleet.played(),
      devices,
      registry: compileRegistry(RULES),
      tickets,
      truncated,
    });
    expect(run.steps.map((st) => st.name)).toEqual(scenario.steps.map((st) => st.name));
    expect(run.powerCutDevices).toBe(summary.injected.offline);
    await expectConsistent(run, total(summary));
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

  it('npm run sim plays the storm and writes its run summary as JSON, consistent with the tickets', async () => {
    const dir = tempDir('redsail-sim-cli-');
    const { dispatcher } = loadDemoData();
    expect((await s.api.post('/api/users', { ...dispatcher, role: 'dispatcher' }, s.admin)).status).toBe(201);
    // Devices of their own, so that no ticket of the first storm is still open for them.
    const fleet: FleetDevice[] = [];
    for (const d of fleetLayout(['c3', 'c4']))
      fleet.push({ ...d, password: (await registerDevice(s, d)).password });
    const credentials = path.join(dir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ devices: fleet }));
    const rules = path.join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify(RULES));
    const json = path.join(dir, 'summary.json');
    const args = [
      ['--api', s.httpUrl],
      ['--mqtt', s.mqttUrl],
      ['--credentials', credentials],
      ['--scenario', 'storm'],
      ['--seed', '42'],
      ['--interval', String(SPEED.intervalS)],
      ['--time-scale', String(SPEED.timeScale)],
      ['--rules', rules],
      ['--incident-hold', String(INCIDENT_HOLD_S)],
      ['--summary-json', json],
    ].flat();
    const out = await runCli(args);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('Run summary: scenario storm, seed 42');
    const run = RunSummarySchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(run.rootCauses.length).toBeGreaterThan(0);
    expect(run.rootCauses.every((c) => /-c[34]-/.test(c.deviceId))).toBe(true);
    const injected = Number(/faults injected\s+(\d+)/.exec(out.stdout)?.[1]);
    await expectConsistent(run, injected);
  }, 120_000);
});

/** Runs `npm run sim -- <args>` (the CLI under tsx) to its exit. */
function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
