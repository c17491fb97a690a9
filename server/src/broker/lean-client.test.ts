// A parser with the lean byte list reads every packet as mqtt-packet's own does, however the bytes
// are split into chunks, and forgets the CONNECT's password but not the protocol level.
import mqttPacket, { type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { forgetConnect, leanParser } from './lean-client';

const v = { protocolVersion: 4 } as const;
const stream = Buffer.concat([
  mqttPacket.generate(
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'box-1',
      clean: true,
      keepalive: 60,
      username: 'box-1',
      password: Buffer.from('s3cret'),
      will: {
        topic: 'redsail/v1/devices/box-1/status',
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    },
    v,
  ),
  mqttPacket.generate({ cmd: 'subscribe', messageId: 300, subscriptions: [{ topic: 'a/b', qos: 1 }] }, v),
  mqttPacket.generate(
    {
      cmd: 'publish',
      topic: 'redsail/v1/devices/box-1/telemetry',
      payload: Buffer.alloc(300, 7),
      qos: 1,
      messageId: 65_535,
      retain: false,
      dup: false,
    },
    v,
  ),
  mqttPacket.generate({ cmd: 'puback', messageId: 513 }, v),
  mqttPacket.generate({ cmd: 'pingreq' }, v),
]);

function parseAll(chunk: number, lean: boolean): Packet[] {
  const parser = mqttPacket.parser(v);
  if (lean) leanParser(parser);
  const out: Packet[] = [];
  parser.on('packet', (p: Packet) => out.push(p));
  parser.on('error', (err: Error) => {
    throw err;
  });
  for (let i = 0; i < stream.length; i += chunk) parser.parse(stream.subarray(i, i + chunk));
  return out;
}

describe('leanParser', () => {
  it.each([1, 2, 3, 7, 64, 4096, stream.length])('parses chunks of %i bytes as mqtt-packet does', (n) => {
    const lean = parseAll(n, true);
    expect(lean.map((p) => p.cmd)).toEqual(['connect', 'subscribe', 'publish', 'puback', 'pingreq']);
    expect(lean).toEqual(parseAll(n, false));
  });

  it('keeps only the protocol level of the CONNECT', () => {
    const parser = mqttPacket.parser(v);
    leanParser(parser);
    parser.parse(stream);
    forgetConnect(parser);
    expect((parser as unknown as { settings: object }).settings).toEqual({ protocolVersion: 4 });
  });
});
