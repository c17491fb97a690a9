// MQTT 5.0 for devices (device-protocol.md "Connection"), in front of aedes, which speaks 3.1/3.1.1.
// A v5 connection is translated packet by packet: v5 → 3.1.1 towards aedes and 3.1.1 → v5 back, so
// authentication, the ACL and ingest stay one code path. What v5 adds that 3.1.1 cannot carry is
// dropped (properties, subscription options) or refused (topic aliases, AUTH). Refusals keep their
// meaning: CONNACK 4 → reason 0x86, 5 → 0x87; SUBACK 0x80 stays 0x80.
import { Duplex } from 'node:stream';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { leanParser } from './lean-client';
import { guardParser } from './packet-guard';

/** 3.1.1 CONNACK return code → 5.0 reason code [MQTT-3.2.2.2]. */
const CONNACK_REASON: Record<number, number> = { 0: 0x00, 1: 0x84, 2: 0x85, 3: 0x88, 4: 0x86, 5: 0x87 };

/** Reads the protocol level of the CONNECT at the start of `head`; undefined until enough bytes. */
export function connectProtocolLevel(head: Buffer): number | undefined {
  if (head.length < 2) return undefined;
  if (head[0] !== 0x10) return 4; // not a CONNECT: let aedes refuse it
  let i = 1;
  while (i < head.length && i < 5 && (head[i] ?? 0) & 0x80) i++; // remaining-length varint
  const nameLen = i + 2 < head.length ? ((head[i + 1] ?? 0) << 8) | (head[i + 2] ?? 0) : undefined;
  if (nameLen === undefined) return undefined;
  const level = i + 3 + nameLen;
  return level < head.length ? head[level] : undefined;
}

/** Waits for the CONNECT's protocol level, puts the bytes back, and hands the socket on. */
export function sniffProtocol(socket: Duplex, onLevel: (level: number) => void): void {
  let head = Buffer.alloc(0);
  // Ended before its CONNECT said which MQTT it speaks.
  const onEnd = () => socket.destroy();
  const onReadable = () => {
    let chunk: Buffer | null;
    while ((chunk = socket.read() as Buffer | null) !== null) head = Buffer.concat([head, chunk]);
    const level = connectProtocolLevel(head);
    if (level === undefined && head.length < 64) return;
    // Both listeners go, so the connection keeps nothing of the sniffing (these bytes included).
    socket.off('readable', onReadable);
    socket.off('end', onEnd);
    socket.unshift(head);
    onLevel(level ?? 4);
  };
  socket.on('readable', onReadable);
  socket.once('end', onEnd);
}

/** A stream that looks like a 3.1.1 client to aedes, with a v5 client on the other side. */
export function v5Bridge(socket: Duplex): Duplex {
  const fromClient = mqttPacket.parser({ protocolVersion: 5 });
  const fromBroker = mqttPacket.parser({ protocolVersion: 4 });
  leanParser(fromClient);
  leanParser(fromBroker);
  guardParser(fromClient);
  const unsubscribeCounts = new Map<number, number>();

  const inner = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, done) {
      fromBroker.parse(chunk);
      if (socket.writableNeedDrain) socket.once('drain', () => done());
      else done();
    },
    final(done) {
      socket.end();
      done();
    },
    destroy(err, done) {
      socket.destroy();
      done(err);
    },
  });

  const refuse = () => {
    socket.destroy();
    inner.destroy();
  };

  fromClient.on('packet', (p: Packet) => {
    const v4 = toV4(p, unsubscribeCounts);
    if (v4 === 'close') return inner.push(null);
    if (v4 === 'refuse') return refuse();
    // A packet v5 allows and 3.1.1 cannot carry (a password without a username) is refused.
    const bytes = encode(v4, 4);
    if (!bytes) return refuse();
    if (!inner.push(bytes)) socket.pause();
  });
  fromBroker.on('packet', (p: Packet) => {
    const bytes = encode(toV5(p, unsubscribeCounts), 5);
    if (bytes) socket.write(bytes);
    else refuse();
  });
  fromClient.on('error', refuse);
  fromBroker.on('error', refuse);

  socket.on('data', (d: Buffer) => fromClient.parse(d));
  socket.resume();
  socket.on('end', () => inner.push(null));
  socket.on('close', () => inner.destroy());
  socket.on('error', (err) => inner.destroy(err));
  return inner;
}

/**
 * mqtt-packet's encoder, without its throw: a packet it cannot write (e.g. a v5 CONNECT with a password
 * and no username, as 3.1.1) makes it emit an 'error' nobody listens to, which would end the process.
 */
export function encode(p: Packet, protocolVersion: 4 | 5): Buffer | undefined {
  try {
    return mqttPacket.generate(p, { protocolVersion });
  } catch {
    return undefined;
  }
}

/** v5 packet from the device → 3.1.1 for aedes; 'close' ends the session without DISCONNECT. */
function toV4(p: Packet, unsubs: Map<number, number>): Packet | 'close' | 'refuse' {
  switch (p.cmd) {
    case 'connect': {
      const { will } = p;
      return {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: p.clientId,
        clean: p.clean ?? true,
        keepalive: p.keepalive ?? 60,
        ...(p.username !== undefined && { username: p.username }),
        ...(p.password !== undefined && { password: p.password }),
        ...(will && {
          will: {
            topic: will.topic,
            payload: will.payload,
            qos: will.qos ?? 0,
            retain: will.retain ?? false,
          },
        }),
      };
    }
    case 'publish':
      if (p.properties?.topicAlias !== undefined) return 'refuse'; // we announce no topic aliases
      return {
        cmd: 'publish',
        topic: p.topic,
        payload: p.payload,
        qos: p.qos,
        retain: p.retain,
        dup: p.dup,
        ...(p.messageId !== undefined && { messageId: p.messageId }),
      };
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      return { cmd: p.cmd, messageId: p.messageId ?? 0 };
    case 'subscribe':
      return {
        cmd: 'subscribe',
        messageId: p.messageId ?? 0,
        subscriptions: p.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos })),
      };
    case 'unsubscribe':
      unsubs.set(p.messageId ?? 0, p.unsubscriptions.length);
      return { cmd: 'unsubscribe', messageId: p.messageId ?? 0, unsubscriptions: p.unsubscriptions };
    case 'pingreq':
      return { cmd: 'pingreq' };
    case 'disconnect':
      // Reason 0x04 "disconnect with will message": drop the connection so aedes publishes the will.
      return p.reasonCode === 0x04 ? 'close' : { cmd: 'disconnect' };
    default:
      return 'refuse'; // AUTH and anything a client must not send
  }
}

/** 3.1.1 packet from aedes → v5 for the device. */
function toV5(p: Packet, unsubs: Map<number, number>): Packet {
  switch (p.cmd) {
    case 'connack':
      return {
        cmd: 'connack',
        sessionPresent: p.sessionPresent,
        reasonCode: CONNACK_REASON[p.returnCode ?? 0] ?? 0x80,
      };
    case 'unsuback': {
      const n = unsubs.get(p.messageId ?? 0) ?? 1;
      unsubs.delete(p.messageId ?? 0);
      return { cmd: 'unsuback', messageId: p.messageId ?? 0, granted: new Array<number>(n).fill(0) };
    }
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      return { cmd: p.cmd, messageId: p.messageId ?? 0, reasonCode: 0 };
    default:
      return p;
  }
}
