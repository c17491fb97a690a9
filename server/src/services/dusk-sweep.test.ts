// DuskSweep in a cluster: only the holder of the timekeeper lease sweeps, its ticket goes through the
// lease's fenced run, and the lamps are read from the store (other nodes handle them); off at 0.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { TicketChange } from '../pipeline/ticket-decisions';
import { DEFAULT_SLA_POLICY } from '../pipeline/sla';
import type { AlarmRecord, DeviceRecord, DeviceStateRecord, SiteRecord } from '../store/store';
import { DuskSweep, type DuskSweepDeps } from './dusk-sweep';
import type { DeviceRuntime } from './devices';

const local = (iso: string) => Date.parse(`${iso}+08:00`);
const lamp: DeviceRecord = {
  id: 'lamp-1',
  type: 'streetlight',
  name: '一号灯',
  lat: 35.601,
  lng: 117.0,
  attrs: {},
  secretHash: 'x',
  createdAt: 0,
};
// In this node's memory the lamp looks fine; the store (written by the node that handles it) knows better.
const stale: DeviceStateRecord = {
  deviceId: 'lamp-1',
  status: 'online',
  state: { lamp: 'on', i: 0.4 },
  rules: {},
};
const stored: DeviceStateRecord = { ...stale, state: { lamp: 'off', i: 0 } };

function setup(held: { value: boolean }, afterMin = 30) {
  const applied: TicketChange[] = [];
  const runs: string[] = [];
  const clock = new ManualClock(local('2026-12-21T17:40'));
  const deps: DuskSweepDeps = {
    store: {
      listSites: () => Promise.resolve<SiteRecord[]>([]),
      getTicket: () => Promise.resolve(undefined),
      listDeviceStates: () => Promise.resolve([stored]),
      listAlarms: () => Promise.resolve<AlarmRecord[]>([]),
    },
    queue: { flush: () => Promise.resolve(), committed: () => Promise.resolve({ alarms: [], tickets: [] }) },
    devices: { all: () => [{ rec: lamp, st: stale } as unknown as DeviceRuntime].values() },
    alarms: { forDevice: () => [] },
    tickets: { get: () => undefined },
    effects: { apply: (e) => applied.push(...(e.tickets ?? [])) },
    clock,
    sla: DEFAULT_SLA_POLICY,
    log: pino({ level: 'silent' }),
  };
  const lease = {
    fence: () => (held.value ? { epoch: 1 } : undefined),
    run: (work: () => void) => {
      runs.push('run');
      if (!held.value) return false;
      work();
      return true;
    },
  };
  const sweep = new DuskSweep(deps, { afterMin, timeZone: 'Asia/Shanghai', speedKmh: 20, lease });
  return { sweep, applied, runs, clock };
}

describe('DuskSweep in a cluster', () => {
  it('a node without the lease does not sweep', async () => {
    const { sweep, applied, runs } = setup({ value: false });
    sweep.tick();
    expect(await sweep.settled()).toBeUndefined();
    expect(applied).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('the holder sweeps once, fenced, judging the lamps by the store', async () => {
    const { sweep, applied, runs, clock } = setup({ value: true });
    sweep.tick();
    expect(await sweep.settled()).toEqual({
      kind: 'ticket',
      night: '2026-12-21',
      ticketId: 'T261221-DSWEEP',
      lamps: 1,
    });
    expect(runs).toEqual(['run']);
    expect(applied.map((c) => c.next.id)).toEqual(['T261221-DSWEEP']);
    clock.advance(60_000);
    sweep.tick();
    expect(await sweep.settled()).toBeUndefined();
    expect(applied).toHaveLength(1);
  });

  it('is off at DUSK_SWEEP_AFTER_MIN=0', async () => {
    const { sweep, applied } = setup({ value: true }, 0);
    sweep.tick();
    expect(await sweep.settled()).toBeUndefined();
    expect(applied).toEqual([]);
  });
});
