// The global admission budget on a manual clock and a manual event loop: busy connections share a
// per-turn budget and are drained round-robin in order, quiet ones never wait, the store's backlog
// holds busy work until it drains, and nothing held is lost.
import { describe, expect, it } from 'vitest';
import { Admission, type AdmissionOptions } from './admission';

function setup(over: Partial<AdmissionOptions> = {}) {
  let now = 0;
  let backlog = 0;
  let turn: (() => void)[] = [];
  let timers: (() => void)[] = [];
  const applied: string[] = [];
  const held: object[] = [];
  const a = new Admission({
    turnBudget: 4,
    quietPerS: 2,
    maxBacklog: 100,
    backlog: () => backlog,
    now: () => now,
    nextTurn: (fn) => void turn.push(fn),
    later: (fn) => void timers.push(fn),
    onHeld: (c) => void held.push(c),
    ...over,
  });
  return {
    a,
    applied,
    held,
    /** Sends n messages of `name` on connection `c`, named name0, name1, … */
    send(c: object, name: string, n: number, from = 0) {
      for (let i = from; i < from + n; i++) a.admit(c, () => void applied.push(`${name}${i}`));
    },
    /** Runs the callbacks of the next turn (setImmediate). */
    turn() {
      const fns = turn;
      turn = [];
      for (const fn of fns) fn();
    },
    fireTimers() {
      const fns = timers;
      timers = [];
      for (const fn of fns) fn();
    },
    advance: (ms: number) => void (now += ms),
    setBacklog: (n: number) => void (backlog = n),
  };
}

describe('Admission', () => {
  it('applies everything at once while under the turn budget', () => {
    const t = setup();
    t.send({}, 'a', 4);
    expect(t.applied).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(t.a.pending).toBe(0);
  });

  it('holds a busy connection past the budget and applies the rest in order on later turns', () => {
    const t = setup();
    const c = {};
    t.send(c, 'a', 30);
    // 2 quiet messages, then 4 of the budget; the other 24 wait.
    expect(t.applied).toHaveLength(6);
    expect(t.a.pending).toBe(24);
    expect(t.held).toHaveLength(24);
    t.turn(); // the turn callback resets the budget; the drain applies up to 4
    expect(t.applied).toHaveLength(10);
    while (t.a.pending > 0) t.turn();
    expect(t.applied).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`));
    expect(t.a.size).toBe(0);
  });

  it('drains held connections round-robin, not one after the other', () => {
    const t = setup({ turnBudget: 1, quietPerS: 0 });
    const c1 = {};
    const c2 = {};
    t.send(c1, 'a', 40);
    t.send(c2, 'b', 40);
    expect(t.applied).toEqual(['a0']);
    // Each drain turn has room for one message: c1's next, then c2's first, then c1's again.
    t.turn();
    t.turn();
    t.turn();
    expect(t.applied).toEqual(['a0', 'a1', 'b0', 'a2']);
    while (t.a.pending > 0) t.turn();
    expect(t.applied).toHaveLength(80);
  });

  it('never holds a quiet connection, even while busy ones wait', () => {
    const t = setup();
    t.send({}, 'flood', 50);
    const quiet = {};
    t.send(quiet, 'q', 1);
    expect(t.applied.at(-1)).toBe('q0');
    t.advance(2000);
    t.send(quiet, 'q', 2, 1);
    expect(t.applied.slice(-2)).toEqual(['q1', 'q2']);
  });

  it('a connection quiet again after its rate falls is not held', () => {
    const t = setup();
    const c = {};
    t.send(c, 'a', 10);
    while (t.a.pending > 0) t.turn();
    t.advance(2500); // two windows later: the last second saw nothing
    const before = t.applied.length;
    t.send(c, 'a', 2, 10);
    expect(t.applied.length - before).toBe(2);
    expect(t.a.pending).toBe(0);
  });

  it('holds busy work while the store is backlogged and resumes once it drains', () => {
    const t = setup();
    t.setBacklog(100);
    const c = {};
    t.send(c, 'a', 10);
    expect(t.applied).toHaveLength(2); // only the quiet start
    t.turn();
    t.turn();
    expect(t.applied).toHaveLength(2);
    t.fireTimers();
    expect(t.applied).toHaveLength(2); // still backlogged: looks again later
    t.setBacklog(0);
    t.fireTimers();
    while (t.a.pending > 0) t.turn();
    expect(t.applied).toHaveLength(10);
  });

  it('applies everything still held at close, and admits at once afterwards', () => {
    const t = setup();
    const c = {};
    t.send(c, 'a', 20);
    expect(t.a.pending).toBeGreaterThan(0);
    t.a.close();
    expect(t.a.pending).toBe(0);
    expect(t.applied).toHaveLength(20);
    t.send(c, 'a', 5, 20);
    expect(t.applied).toHaveLength(25);
  });

  it('refuses a budget below one message', () => {
    expect(() => setup({ turnBudget: 0 })).toThrow(RangeError);
  });
});
