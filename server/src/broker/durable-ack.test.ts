// Unit spec of the durable acknowledgements: held until the device's changes commit, released in
// arrival order, dropped with their connection, never released after close.
import { describe, expect, it } from 'vitest';
import { DurableAcks } from './durable-ack';

/** A write queue stand-in: each `committed()` waits until the test commits it, in order. */
class Commits {
  private readonly waiting: (() => void)[] = [];
  readonly committed = (): Promise<void> => new Promise((resolve) => this.waiting.push(resolve));
  /** Commits the oldest `n` waits and lets their reactions run. */
  async commit(n = this.waiting.length): Promise<void> {
    for (const resolve of this.waiting.splice(0, n)) resolve();
    await Promise.resolve();
  }
  get pending(): number {
    return this.waiting.length;
  }
}

function setup() {
  const commits = new Commits();
  const delays: number[] = [];
  let t = 0;
  const acks = new DurableAcks({
    committed: commits.committed,
    observe: (s) => delays.push(s),
    now: () => t,
  });
  const released: string[] = [];
  const ack = (name: string) => () => released.push(name);
  return { commits, acks, released, ack, delays, advance: (ms: number) => (t += ms) };
}

describe('DurableAcks', () => {
  it('releases at once (returns false) for a device with nothing uncommitted', () => {
    const { acks, commits } = setup();
    expect(acks.hold('box-1', {}, () => undefined)).toBe(false);
    expect(commits.pending).toBe(0);
    expect(acks.size).toBe(0);
  });

  it('holds the acknowledgement of a change until its commit, and measures the wait', async () => {
    const { acks, commits, released, ack, delays, advance } = setup();
    const conn = {};
    acks.changed('box-1');
    expect(acks.hold('box-1', conn, ack('raise'))).toBe(true);
    expect(released).toEqual([]);
    advance(4);
    await commits.commit();
    expect(released).toEqual(['raise']);
    expect(delays).toEqual([0.004]);
    expect(acks.size).toBe(0);
  });

  it('keeps a device’s later acknowledgements behind an uncommitted change, in arrival order', async () => {
    const { acks, commits, released, ack } = setup();
    const conn = {};
    acks.changed('box-1');
    acks.hold('box-1', conn, ack('raise'));
    acks.hold('box-1', conn, ack('repeat'));
    // Another device is not held.
    expect(acks.hold('box-2', {}, ack('other'))).toBe(false);
    await commits.commit();
    expect(released).toEqual(['raise', 'repeat']);
  });

  it('releases each acknowledgement once the changes before it are committed, not later ones', async () => {
    const { acks, commits, released, ack } = setup();
    const conn = {};
    acks.changed('box-1');
    acks.hold('box-1', conn, ack('raise'));
    acks.changed('box-1');
    acks.hold('box-1', conn, ack('clear'));
    await commits.commit(1);
    expect(released).toEqual(['raise']);
    expect(acks.size).toBe(1);
    await commits.commit(1);
    expect(released).toEqual(['raise', 'clear']);
    expect(acks.size).toBe(0);
  });

  it('holds while the commit does not come (a failed commit is retried by the queue)', async () => {
    const { acks, commits, released, ack } = setup();
    acks.changed('box-1');
    acks.hold('box-1', {}, ack('raise'));
    await Promise.resolve();
    expect(released).toEqual([]);
    expect(commits.pending).toBe(1);
  });

  it('drops what a closed connection held, keeps the rest, and forgets the device once committed', async () => {
    const { acks, commits, released, ack } = setup();
    const closed = {};
    const again = {};
    acks.changed('box-1');
    acks.hold('box-1', closed, ack('first connection'));
    acks.hold('box-1', again, ack('resent after reconnect'));
    acks.drop('box-1', closed);
    await commits.commit();
    expect(released).toEqual(['resent after reconnect']);
    expect(acks.size).toBe(0);
  });

  it('forgets a device whose only held connection closed after its change committed', async () => {
    const { acks, commits } = setup();
    const conn = {};
    acks.changed('box-1');
    acks.hold('box-1', conn, () => undefined);
    acks.drop('box-1', conn);
    expect(acks.size).toBe(1); // the change is still to commit
    await commits.commit();
    expect(acks.size).toBe(0);
  });

  it('releases nothing after close, even when the commit comes afterwards', async () => {
    const { acks, commits, released, ack } = setup();
    acks.changed('box-1');
    acks.hold('box-1', {}, ack('raise'));
    acks.close();
    await commits.commit();
    expect(released).toEqual([]);
    expect(acks.size).toBe(0);
    acks.changed('box-1');
    expect(acks.hold('box-1', {}, ack('late'))).toBe(false);
  });
});
