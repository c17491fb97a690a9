// Unit spec of the write queue's fault tracking: the fault of the last failed commit until one
// succeeds, every failure counted, and the log bounded to one line per run, per change of kind and
// per interval, plus one on recovery; shed telemetry counted in full and logged at the same rate.
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { createMetrics } from '../metrics';
import { FaultTracker } from './fault-tracker';

const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
const readOnly = Object.assign(new Error('attempt to write a readonly database'), {
  code: 'SQLITE_READONLY',
});
const queued = { telemetry: 1, alarms: 0, tickets: 0 };

function setUp() {
  const lines: string[] = [];
  const log = {
    error: (_o: unknown, msg: string) => lines.push(`error ${msg}`),
    warn: (_o: unknown, msg: string) => lines.push(`warn ${msg}`),
  } as unknown as Logger;
  let now = 1_000_000;
  const metrics = createMetrics();
  const tracker = new FaultTracker(metrics, log, () => now, 30_000);
  const value = async (name: string, fault?: string) => {
    const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === name);
    return (m?.values ?? [])
      .filter((v) => fault === undefined || v.labels.fault === fault)
      .reduce((sum, v) => sum + v.value, 0);
  };
  return { lines, tracker, value, advance: (ms: number) => (now += ms) };
}

describe('FaultTracker', () => {
  it('holds the fault until a commit succeeds, counts every failure and logs a bounded few lines', async () => {
    const { lines, tracker, value, advance } = setUp();
    expect(tracker.current).toBeUndefined();
    for (let i = 0; i < 10; i++) {
      tracker.failed(full, queued);
      advance(1_000);
    }
    expect(tracker.current).toMatchObject({ kind: 'full', since: 1_000_000 });
    expect(await value('redsail_store_commit_failures_total', 'full')).toBe(10);
    expect(await value('redsail_store_faulted', 'full')).toBe(1);
    expect(lines).toHaveLength(1);
    advance(30_000);
    tracker.failed(full, queued); // one line per interval
    tracker.failed(readOnly, queued); // and one when the kind changes
    expect(tracker.current?.kind).toBe('read-only');
    expect(await value('redsail_store_faulted', 'full')).toBe(0);
    expect(lines).toHaveLength(3);
    tracker.succeeded();
    tracker.succeeded();
    expect(tracker.current).toBeUndefined();
    expect(await value('redsail_store_faulted')).toBe(0);
    expect(lines.at(-1)).toBe('warn store commits again');
    expect(lines).toHaveLength(4);
  });

  it('counts every shed point, logging once per interval', async () => {
    const { lines, tracker, value, advance } = setUp();
    for (let i = 0; i < 100; i++) tracker.dropped(3, 100);
    expect(await value('redsail_telemetry_shed_total')).toBe(300);
    expect(lines).toHaveLength(1);
    advance(30_000);
    tracker.dropped(1, 100);
    tracker.dropped(0, 100);
    expect(lines).toHaveLength(2);
  });
});
