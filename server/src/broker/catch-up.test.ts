import { PassThrough } from 'node:stream';
import mqttPacket from 'mqtt-packet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CatchUp } from './catch-up';

const reading = (i: number) =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: 'redsail/v1/devices/box-1/telemetry',
    payload: Buffer.from(JSON.stringify({ temp_c: i })),
    qos: 0,
    dup: false,
    retain: false,
  });
/** `n` readings in the stream's buffer, as a socket far behind has them. */
function behind(n: number): PassThrough {
  const s = new PassThrough({ readableHighWaterMark: 1 << 20 });
  s.write(Buffer.concat(Array.from({ length: n }, (_, i) => reading(i))));
  return s;
}
const packetsIn = (buf: unknown) => {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let n = 0;
  parser.on('packet', () => n++);
  parser.parse(buf as Buffer);
  return n;
};

const yes = () => true;

describe('CatchUp', () => {
  let t = 0;
  let heldAt = -Infinity;
  let merged = 0;
  const make = (turnBytes = 1 << 20) =>
    new CatchUp({
      ...{ minBytes: 1024, pauseMs: 100, turnBytes },
      lastHeldAt: () => heldAt,
      now: () => t,
      onMerged: (n) => (merged += n),
    });
  beforeEach(() => {
    vi.useFakeTimers();
    t = 1_000;
    heldAt = -Infinity;
    merged = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('passes reads on as they are while the server is not saturated', () => {
    const s = behind(200);
    make().wrap(s, yes);
    expect(packetsIn(s.read())).toBe(200);
    expect(merged).toBe(0);
  });

  it('passes small reads on as they are, saturated or not', () => {
    heldAt = t;
    const s = behind(5);
    make().wrap(s, yes);
    expect(packetsIn(s.read())).toBe(5);
    expect(merged).toBe(0);
  });

  it('counts as saturated for 2 s after a held message', () => {
    const c = make();
    heldAt = t;
    expect(c.saturated()).toBe(true);
    t += 1_999;
    expect(c.saturated()).toBe(true);
    t += 1;
    expect(c.saturated()).toBe(false);
  });

  it('merges a far-behind read while saturated, then leaves the connection unread for the pause', () => {
    heldAt = t;
    const s = behind(200);
    make().wrap(s, yes);
    const readable = vi.fn();
    s.on('readable', readable);
    readable.mockClear();
    expect(packetsIn(s.read())).toBe(1);
    expect(merged).toBe(199);
    s.write(Buffer.concat(Array.from({ length: 200 }, (_, i) => reading(i))));
    expect(s.read()).toBeNull(); // paused
    readable.mockClear();
    t += 100;
    vi.advanceTimersByTime(100);
    expect(readable).toHaveBeenCalled(); // woken for aedes to read again
    expect(packetsIn(s.read())).toBe(1);
    expect(merged).toBe(398);
  });

  it('spends the merged-away messages from the device’s limit; over it, the read goes on as it is', () => {
    heldAt = t;
    const s = behind(200);
    const spend = vi.fn((n: number) => n < 100);
    make().wrap(s, spend);
    expect(packetsIn(s.read())).toBe(200);
    expect(spend).toHaveBeenCalledWith(199);
    expect(merged).toBe(0);
    s.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => reading(i))));
    expect(packetsIn(s.read())).toBe(1); // not paused: read at once, and within the limit
    expect(merged).toBe(49);
  });

  it('stays saturated while it catches up, and for 2 s after the last read it caught up', () => {
    heldAt = t;
    const c = make();
    const s = behind(200);
    c.wrap(s, yes);
    t += 1_500;
    s.read();
    t += 1_999;
    expect(c.saturated()).toBe(true);
    t += 1;
    expect(c.saturated()).toBe(false);
  });

  it('catches up at most turnBytes per turn; the rest waits for a later turn', () => {
    heldAt = t;
    const c = make(1024);
    const a = behind(200);
    const b = behind(200);
    c.wrap(a, yes);
    c.wrap(b, yes);
    const woken = vi.fn();
    b.on('readable', woken);
    woken.mockClear();
    expect(packetsIn(a.read())).toBe(1);
    expect(b.read()).toBeNull();
    vi.advanceTimersByTime(1); // the next turn
    expect(woken).toHaveBeenCalled();
    expect(packetsIn(b.read())).toBe(1);
  });
});
