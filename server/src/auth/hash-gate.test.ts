import { describe, expect, it } from 'vitest';
import { HashGate, HashGateFull } from './hash-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HashGate', () => {
  it('runs at most `concurrency` tasks, queues `queue` more and refuses the rest without running them', async () => {
    const gate = new HashGate({ concurrency: 2, queue: 3 });
    const started: number[] = [];
    const d = deferred();
    const runs = Array.from({ length: 8 }, (_, i) =>
      gate.run(async () => {
        started.push(i);
        await d.promise;
        return i;
      }),
    );
    const settled = Promise.allSettled(runs);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.load()).toEqual({ running: 2, waiting: 3 });
    d.resolve();
    const results = await settled;
    expect(started.sort()).toEqual([0, 1, 2, 3, 4]);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused).toHaveLength(3);
    for (const e of refused) expect(e).toBeInstanceOf(HashGateFull);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('passes the slot on when a task fails', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 1 });
    const a = gate.run(() => Promise.reject(new Error('store down')));
    const b = gate.run(() => Promise.resolve('ok'));
    await expect(a).rejects.toThrow('store down');
    await expect(b).resolves.toBe('ok');
  });
});
