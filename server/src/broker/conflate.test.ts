import mqttPacket, { type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { conflate, newFraming, track, type Framing } from './conflate';

const TOPIC = 'redsail/v1/devices/box-1/telemetry';

const publish = (payload: string, opts: { qos?: 0 | 1; topic?: string; messageId?: number } = {}): Buffer =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: opts.topic ?? TOPIC,
    payload: Buffer.from(payload),
    qos: opts.qos ?? 0,
    dup: false,
    retain: false,
    ...(opts.qos ? { messageId: opts.messageId ?? 1 } : {}),
  });
const reading = (r: object) => publish(JSON.stringify(r));
const pingreq = () => mqttPacket.generate({ cmd: 'pingreq' });

/** Everything a parser makes of `chunks`, in order. */
function parse(chunks: Buffer[]): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: Packet[] = [];
  parser.on('packet', (p) => out.push(p));
  parser.on('error', (e) => {
    throw e;
  });
  for (const c of chunks) parser.parse(c);
  return out;
}
const payloadOf = (p: Packet) =>
  p.cmd === 'publish' ? (JSON.parse(p.payload.toString()) as Record<string, unknown>) : p.cmd;

describe('conflate', () => {
  it('merges a run of one topic’s QoS-0 telemetry into one reading, later metrics winning', () => {
    const buf = Buffer.concat([
      reading({ temp_c: 20, voltage_v: 220 }),
      reading({ leakage_ma: 45 }),
      reading({ temp_c: 22, ts: 1000 }),
    ]);
    const r = conflate(buf, newFraming());
    expect(r.merged).toBe(2);
    expect(parse([r.out]).map(payloadOf)).toEqual([{ temp_c: 22, voltage_v: 220, leakage_ma: 45, ts: 1000 }]);
  });

  it('takes `ts` from the last reading only: a last reading without one is stamped on arrival', () => {
    const r = conflate(
      Buffer.concat([reading({ temp_c: 20, ts: 5 }), reading({ temp_c: 21 })]),
      newFraming(),
    );
    expect(parse([r.out]).map(payloadOf)).toEqual([{ temp_c: 21 }]);
  });

  it('keeps every other packet as it is and in order, each ending a run', () => {
    const qos1 = publish(JSON.stringify({ temp_c: 30 }), { qos: 1, messageId: 7 });
    const event = publish('{"type":"door"}', { topic: 'redsail/v1/devices/box-1/events' });
    const buf = Buffer.concat([
      reading({ temp_c: 1 }),
      reading({ temp_c: 2 }),
      qos1,
      reading({ temp_c: 3 }),
      event,
      pingreq(),
      reading({ temp_c: 4 }),
      reading({ temp_c: 5 }),
    ]);
    const r = conflate(buf, newFraming());
    expect(r.merged).toBe(2);
    const out = parse([r.out]);
    expect(out.map(payloadOf)).toEqual([
      { temp_c: 2 },
      { temp_c: 30 },
      { temp_c: 3 },
      { type: 'door' },
      'pingreq',
      { temp_c: 5 },
    ]);
    expect(out[1]).toMatchObject({ qos: 1, messageId: 7 });
  });

  it('does not merge across topics', () => {
    const other = 'redsail/v1/devices/box-2/telemetry';
    const buf = Buffer.concat([
      reading({ temp_c: 1 }),
      publish('{"temp_c":2}', { topic: other }),
      reading({ temp_c: 3 }),
    ]);
    const r = conflate(buf, newFraming());
    expect(r.merged).toBe(0);
    expect(parse([r.out]).map((p) => (p.cmd === 'publish' ? p.topic : p.cmd))).toEqual([TOPIC, other, TOPIC]);
  });

  it('keeps readings that are not JSON objects as they are, for the pipeline to reject and count', () => {
    const buf = Buffer.concat([
      reading({ temp_c: 1 }),
      publish('not json'),
      publish('[1]'),
      reading({ temp_c: 2 }),
    ]);
    const r = conflate(buf, newFraming());
    expect(r.merged).toBe(1);
    expect(parse([r.out]).map((p) => (p.cmd === 'publish' ? p.payload.toString() : p.cmd))).toEqual([
      'not json',
      '[1]',
      '{"temp_c":2}',
    ]);
  });

  it('keeps the last reading when the merge would be over the 16 KiB payload cap', () => {
    const keys = (from: number) =>
      Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`a_rather_long_metric_${from + i}`, 1]));
    const buf = Buffer.concat([reading(keys(0)), reading(keys(400)), reading({ temp_c: 9 })]);
    const r = conflate(buf, newFraming());
    expect(r.merged).toBe(2);
    expect(parse([r.out]).map(payloadOf)).toEqual([{ temp_c: 9 }]);
  });

  it('passes on packets cut by the read, and merges the next read from where they end', () => {
    const stream = Buffer.concat([reading({ temp_c: 1 }), reading({ temp_c: 2 }), reading({ temp_c: 3 })]);
    // Every cut point, including inside a fixed header and inside a payload.
    for (let cut = 1; cut < stream.length; cut++) {
      const f = newFraming();
      const a = conflate(stream.subarray(0, cut), f);
      const b = conflate(stream.subarray(cut), f);
      const got = parse([a.out, b.out]).map(payloadOf);
      expect(got.at(-1)).toEqual({ temp_c: 3 });
      expect(got.length + a.merged + b.merged).toBe(3);
      expect(f).toEqual(newFraming());
    }
  });

  it('tracks the framing through reads passed on as they are', () => {
    const stream = Buffer.concat([reading({ temp_c: 1 }), reading({ temp_c: 2 }), reading({ temp_c: 3 })]);
    const f: Framing = newFraming();
    track(stream.subarray(0, 40), f);
    track(stream.subarray(40, 41), f);
    const rest = conflate(stream.subarray(41), f);
    expect(
      parse([stream.subarray(0, 41), rest.out])
        .map(payloadOf)
        .at(-1),
    ).toEqual({ temp_c: 3 });
    expect(f).toEqual(newFraming());
  });

  it('passes everything on once the bytes are not MQTT framing, for the parser to refuse', () => {
    const junk = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 1, 2, 3]);
    const f = newFraming();
    const buf = Buffer.concat([reading({ temp_c: 1 }), reading({ temp_c: 2 }), junk]);
    const r = conflate(buf, f);
    expect(f.lost).toBe(true);
    expect(r.out.subarray(r.out.length - junk.length)).toEqual(junk);
    expect(conflate(reading({ temp_c: 3 }), f).out).toEqual(reading({ temp_c: 3 }));
  });
});
