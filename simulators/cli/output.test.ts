// Unit spec of the run summary as `npm run sim` prints it: the step table, root causes, tickets, and
// the root causes without exactly one ticket, each on its own line.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../devices/root-causes';
import { runSummaryText } from './output';

const summary: RunSummary = {
  scenario: 'storm',
  seed: 7,
  startedAt: '2026-12-07T01:00:00.000Z',
  steps: [
    { step: 0, name: 'breakers trip', faults: 2, powerCut: 9 },
    { step: 1, name: 'cameras lose video', faults: 1, powerCut: 0 },
  ],
  faultsInjected: 3,
  powerCutDevices: 9,
  rootCauses: [
    {
      deviceId: 'box-1',
      rule: 'breaker_tripped',
      step: 0,
      faults: 1,
      expectsTicket: true,
      tickets: ['T-1'],
      joined: [],
    },
    {
      deviceId: 'box-2',
      rule: 'breaker_tripped',
      step: 0,
      faults: 1,
      expectsTicket: true,
      tickets: [],
      joined: ['T-0'],
    },
    {
      deviceId: 'cam-1',
      rule: 'video_lost',
      step: 1,
      faults: 1,
      expectsTicket: true,
      tickets: ['T-2'],
      joined: [],
    },
  ],
  tickets: {
    opened: 3,
    onRootCauses: 2,
    onPowerCutDevices: [{ id: 'T-3', deviceId: 'lamp-1', alarmRule: 'offline' }],
    other: [],
    truncated: false,
  },
  mismatched: [{ deviceId: 'box-2', rule: 'breaker_tripped', tickets: 0 }],
  goalMet: false,
};

describe('runSummaryText', () => {
  it('prints the faults per step, the root causes and how the tickets match them', () => {
    expect(runSummaryText(summary).split('\n')).toEqual([
      'Run summary: scenario storm, seed 7, tickets from 2026-12-07T01:00:00.000Z',
      '  step                faults  power-cut devices',
      '  breakers trip            2                  9',
      '  cameras lose video       1                  0',
      '  total                    3                  9',
      '  root causes            3 (breaker_tripped 2, video_lost 1)',
      '  tickets opened         3: 2 on root causes, 1 on power-cut devices, 0 other',
      '  tickets per root cause 1.00 (goal 1.00, one work order per root cause): NOT met',
      '    box-2 breaker_tripped: 0 tickets (joined T-0, opened before the run)',
      '    on power-cut devices: lamp-1 offline',
    ]);
  });
});
