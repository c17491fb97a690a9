// What the MQTT fuzz writes on a raw socket: valid CONNECT and PUBLISH packets made with mqtt-packet,
// then mutated (bit flips, truncation, lied-about and huge remaining lengths, wrong protocol levels,
// v5 property garbage, random bytes), and valid publishes whose telemetry payload is mutated (wrong
// types, NaN strings, deep nesting, 16 KiB+ sizes, invalid UTF-8).
import mqttPacket from 'mqtt-packet';
import type { Prng } from './prng';

export interface Creds {
  id: string;
  password: string;
}

export const telemetryTopic = (id: string, kind = 'telemetry') => `redsail/v1/devices/${id}/${kind}`;

export function connect(c: Creds, version: 4 | 5 = 4, clientId = c.id): Buffer {
  return mqttPacket.generate(
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: version,
      clientId,
      clean: true,
      keepalive: 30,
      username: c.id,
      password: Buffer.from(c.password),
    },
    { protocolVersion: version },
  );
}

export function publish(topic: string, payload: Buffer, qos: 0 | 1 | 2 = 0, version: 4 | 5 = 4): Buffer {
  return mqttPacket.generate(
    { cmd: 'publish', topic, payload, qos, dup: false, retain: false, ...(qos > 0 && { messageId: 7 }) },
    { protocolVersion: version },
  );
}

/** One mutation of a valid packet; `name` says which, for the run's tally. */
export function mutate(r: Prng, p: Buffer): { name: string; bytes: Buffer } {
  const b = Buffer.from(p);
  switch (r.int(0, 7)) {
    case 0: {
      for (let i = r.int(1, 8); i > 0; i--) b[r.int(0, b.length - 1)]! ^= 1 << r.int(0, 7);
      return { name: 'bit_flip', bytes: b };
    }
    case 1:
      return { name: 'truncated', bytes: b.subarray(0, r.int(1, Math.max(1, b.length - 1))) };
    case 2: {
      // The remaining length lied about: one byte, shorter or longer than the body.
      b[1] = r.int(0, 127);
      return { name: 'length_lie', bytes: b };
    }
    case 3: {
      // A remaining length up to 256 MB (four length bytes), with only the real body behind it.
      const huge = Buffer.from([b[0]!, 0xff, 0xff, 0xff, r.pick([0x7f, 0x01, 0xff])]);
      return { name: 'huge_length', bytes: Buffer.concat([huge, b.subarray(2)]) };
    }
    case 4:
      return { name: 'random_bytes', bytes: r.bytes(r.int(1, 200)) };
    case 5: {
      // Garbage from some point on (v5 properties, topic or payload of the packet).
      const at = r.int(2, Math.max(2, b.length - 1));
      r.bytes(b.length - at).copy(b, at);
      return { name: 'tail_garbage', bytes: b };
    }
    case 6:
      return { name: 'appended', bytes: Buffer.concat([b, r.bytes(r.int(1, 64))]) };
    default: {
      b[0] = r.int(0, 255); // another packet type, or reserved flags
      return { name: 'wrong_type', bytes: b };
    }
  }
}

/** A CONNECT with its flags, protocol level or name wrong, or v5 properties that do not parse. */
export function badConnect(r: Prng, c: Creds): { name: string; bytes: Buffer } {
  const v = r.pick([4, 5] as const);
  const b = connect(c, v);
  // Fixed header (2 bytes while short), then 00 04 "MQTT", then the level at index 8.
  if (r.chance(0.3)) {
    // Connect flags at index 9: username, password, will, clean and reserved bits in any mix.
    b[9] = r.pick([0x42, 0x40, 0x82, 0x01, 0xc3, 0x06, 0x2e, r.int(0, 255)]);
    return { name: 'connect_flags', bytes: b };
  }
  if (r.chance(0.5)) {
    b[8] = r.pick([0, 1, 2, 3, 6, 7, 0x83, 0xff]);
    return { name: 'protocol_level', bytes: b };
  }
  if (v === 5) {
    // Properties length at index 12: claims more than there is, followed by unknown property ids.
    b[12] = r.int(1, 127);
    if (b.length > 14) r.bytes(Math.min(6, b.length - 13)).copy(b, 13);
    return { name: 'v5_properties', bytes: b };
  }
  b[4] = r.pick([0x4e, 0x00, 0xff]); // "MQTT" misspelled
  return { name: 'protocol_name', bytes: b };
}

/** A telemetry payload that is valid JSON of the wrong shape, or not JSON at all. */
export function badTelemetry(r: Prng): { name: string; bytes: Buffer } {
  switch (r.int(0, 6)) {
    case 0:
      return { name: 'wrong_types', bytes: json({ ua: 'high', leakage_ma: true, breaker: 3, ts: 'now' }) };
    case 1:
      return { name: 'nan_strings', bytes: json({ ua: 'NaN', ia: 'Infinity', leakage_ma: '-0' }) };
    case 2: {
      const depth = r.int(100, 5000);
      return { name: 'deep_nesting', bytes: Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) };
    }
    case 3:
      return { name: 'oversized', bytes: json({ ua: 230, pad: 'x'.repeat(r.int(16 * 1024, 40 * 1024)) }) };
    case 4:
      return {
        name: 'invalid_utf8',
        bytes: Buffer.concat([Buffer.from('{"ua":"'), r.bytes(16), Buffer.from('"}')]),
      };
    case 5:
      return {
        name: 'huge_numbers',
        bytes: Buffer.from('{"ua":1e400,"ia":-1e999,"ts":99999999999999999999}'),
      };
    default:
      return {
        name: 'proto_keys',
        bytes: Buffer.from('{"__proto__":{"ua":230},"constructor":{"prototype":1}}'),
      };
  }
}

function json(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v));
}
