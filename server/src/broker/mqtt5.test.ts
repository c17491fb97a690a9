// The protocol sniff reads the CONNECT's level from however many bytes have arrived.
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { connectProtocolLevel, encode } from './mqtt5';

const connect = (protocolVersion: 3 | 4 | 5, clientId = 'box-1') =>
  mqttPacket.generate(
    {
      cmd: 'connect',
      protocolVersion,
      protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
      clientId,
      clean: true,
      keepalive: 60,
    },
    { protocolVersion },
  );

describe('connectProtocolLevel', () => {
  it.each([3, 4, 5] as const)('reads level %i from a whole CONNECT', (v) => {
    expect(connectProtocolLevel(connect(v))).toBe(v);
  });

  it('waits for more bytes while the level has not arrived', () => {
    const full = connect(5);
    for (let n = 0; n < 9; n++) expect(connectProtocolLevel(full.subarray(0, n))).toBeUndefined();
    expect(connectProtocolLevel(full.subarray(0, 9))).toBe(5);
  });

  it('reads past a multi-byte remaining length', () => {
    expect(connectProtocolLevel(connect(5, 'x'.repeat(300)))).toBe(5);
  });

  it('treats anything that is not a CONNECT as 3.1.1, for aedes to refuse', () => {
    expect(connectProtocolLevel(Buffer.from([0x30, 0x00]))).toBe(4);
  });
});

describe('encode', () => {
  it('returns undefined for a packet 3.1.1 cannot carry instead of throwing (found by the fuzz)', () => {
    const packet = {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'box-1',
      clean: true,
      keepalive: 30,
      password: Buffer.from('secret'),
    } as const;
    expect(() => mqttPacket.generate(packet, { protocolVersion: 4 })).toThrow(/Username is required/);
    expect(encode(packet, 4)).toBeUndefined();
  });

  it('encodes what it can', () => {
    const b = encode({ cmd: 'pingreq' }, 4);
    expect(b?.toString('hex')).toBe('c000');
  });
});
