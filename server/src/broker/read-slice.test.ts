import { PassThrough } from 'node:stream';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { sliceReads, wholePacketsEnd } from './read-slice';

const publish = (i: number, payloadBytes = 100): Buffer =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: `redsail/v1/dev-${i}/telemetry`,
    payload: Buffer.alloc(payloadBytes, 0x61 + (i % 26)),
    qos: 0,
    retain: false,
    dup: false,
  });

/** Parses `bytes` into publish topics, failing on anything left over. */
function topics(bytes: Buffer): string[] {
  const parser = mqttPacket.parser();
  const out: string[] = [];
  parser.on('packet', (p) => out.push((p as { topic: string }).topic));
  expect(parser.parse(bytes)).toBe(0);
  return out;
}

/** Reads `conn` the way aedes does (read() until null), one slice per call. */
function drain(conn: PassThrough): Buffer[] {
  const slices: Buffer[] = [];
  for (let b = conn.read() as Buffer | null; b; b = conn.read() as Buffer | null) slices.push(b);
  return slices;
}

describe('wholePacketsEnd', () => {
  const two = Buffer.concat([publish(1), publish(2)]);
  const one = publish(1).length;

  it('finds the end of the last whole packet', () => {
    expect(wholePacketsEnd(two)).toBe(two.length);
    expect(wholePacketsEnd(two.subarray(0, two.length - 1))).toBe(one);
    expect(wholePacketsEnd(two.subarray(0, one + 1))).toBe(one);
  });

  it('gives 0 when not even the first packet is whole', () => {
    expect(wholePacketsEnd(two.subarray(0, one - 1))).toBe(0);
    expect(wholePacketsEnd(two.subarray(0, 1))).toBe(0);
    expect(wholePacketsEnd(Buffer.alloc(0))).toBe(0);
  });

  it('reads multi-byte lengths', () => {
    const big = publish(3, 20_000); // a remaining length of three bytes
    expect(wholePacketsEnd(Buffer.concat([big, publish(4)]))).toBe(big.length + publish(4).length);
    expect(wholePacketsEnd(big.subarray(0, 3))).toBe(0);
  });

  it('leaves a length over four bytes to the parser (the whole buffer)', () => {
    const bad = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0]);
    expect(wholePacketsEnd(bad)).toBe(bad.length);
  });
});

describe('sliceReads', () => {
  it('hands out at most the slice, of whole packets, in order, and everything in the end', () => {
    const conn = new PassThrough();
    sliceReads(conn, 1024);
    const sent = Array.from({ length: 100 }, (_, i) => publish(i));
    conn.write(Buffer.concat(sent));
    const slices = drain(conn);
    expect(slices.length).toBeGreaterThan(10);
    for (const s of slices) {
      expect(s.length).toBeLessThanOrEqual(1024);
      expect(wholePacketsEnd(s)).toBe(s.length);
    }
    expect(topics(Buffer.concat(slices))).toEqual(sent.map((_, i) => `redsail/v1/dev-${i}/telemetry`));
  });

  it('gives a packet longer than the slice whole', () => {
    const conn = new PassThrough();
    sliceReads(conn, 1024);
    const big = publish(7, 5000);
    conn.write(Buffer.concat([big, publish(8)]));
    const first = conn.read() as Buffer;
    expect(wholePacketsEnd(first)).toBeGreaterThanOrEqual(big.length);
    expect(topics(Buffer.concat([first, ...drain(conn)]))).toEqual([
      'redsail/v1/dev-7/telemetry',
      'redsail/v1/dev-8/telemetry',
    ]);
  });

  it('leaves a small buffer as it is, partial packet included', () => {
    const conn = new PassThrough();
    sliceReads(conn, 1024);
    const p = publish(1);
    conn.write(p.subarray(0, 10));
    expect(conn.read()).toEqual(p.subarray(0, 10));
  });

  it('ends the stream only once every byte was read', async () => {
    const conn = new PassThrough();
    sliceReads(conn, 512);
    let ended = false;
    conn.on('end', () => (ended = true));
    conn.end(Buffer.concat(Array.from({ length: 20 }, (_, i) => publish(i))));
    const first = conn.read() as Buffer;
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false); // the rest is still in the stream's buffer, not lost
    const slices = [first, ...drain(conn)];
    expect(topics(Buffer.concat(slices))).toHaveLength(20);
    await new Promise<void>((resolve) => (ended ? resolve() : conn.once('end', () => resolve())));
    expect(ended).toBe(true);
  });
});
