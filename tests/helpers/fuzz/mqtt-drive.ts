// Drives the MQTT fuzz over raw TCP sockets. Three kinds of session, each on a connection of its own:
// - `packets`: mutated packets, before a CONNECT or after a good one (the outcome of each is unknown:
//   the connection may die at the first one);
// - `payloads`: a good CONNECT, then well-formed QoS-0 publishes of bad payloads to the device's own
//   uplink topics: each must reach the decoder and be counted (received, and rejected but for ACCEPTED);
// - `probe`: a well-formed CONNECT with a wrong secret: each must be counted as a failed login.
// Sessions come from many loopback addresses; payload sessions from one that never fails a login, so
// the per-address login back-off never refuses their good CONNECT.
import net from 'node:net';
import { badConnect, badTelemetry, connect, mutate, publish, telemetryTopic, type Creds } from './mqtt-cases';
import type { Prng } from './prng';

export interface MqttTally {
  packets: number;
  /** Per mutation or payload kind. */
  kinds: Record<string, number>;
  /** Decisions the server must have counted: payloads rejected, payloads received, logins failed. */
  mustReject: number;
  mustReceive: number;
  mustFailLogin: number;
  /** A good CONNECT of a payload session that was not accepted (must stay 0). */
  refusedGood: number;
  /** A good CONNECT of a packet session refused by its address's login back-off (reported only). */
  backedOff: number;
}

export const newTally = (): MqttTally => ({
  packets: 0,
  kinds: {},
  mustReject: 0,
  mustReceive: 0,
  mustFailLogin: 0,
  refusedGood: 0,
  backedOff: 0,
});

const GOOD_FROM = '127.0.0.2';
/** Bad payloads the decoder accepts: only keys the type does not define (counted as unknown keys). */
const ACCEPTED = new Set(['proto_keys', 'deep_nesting']);
const count = (t: MqttTally, kind: string) => ((t.kinds[kind] = (t.kinds[kind] ?? 0) + 1), t.packets++);

class Session {
  private readonly socket: net.Socket;
  private readonly closed: Promise<void>;
  private received = Buffer.alloc(0);
  private waiter: (() => void) | undefined;

  constructor(port: number, localAddress: string) {
    this.socket = net.connect({ port, host: '127.0.0.1', localAddress });
    this.socket.on('error', () => undefined);
    this.socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]).subarray(0, 64);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.waiter?.();
        resolve();
      }),
    );
  }

  write(b: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(b);
  }

  /** Waits for the CONNACK; true if it accepted the connection. */
  async connack(timeoutMs: number): Promise<boolean> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), timeoutMs);
      this.waiter = () => {
        if (this.received.length < 4 && !this.socket.destroyed) return;
        clearTimeout(timer);
        resolve();
      };
      this.waiter();
    });
    this.waiter = undefined;
    return this.received.length >= 4 && this.received[0] === 0x20 && this.received[3] === 0;
  }

  /** Half-closes and waits until the server closed too (it has then handled all we sent). */
  async finish(timeoutMs: number): Promise<void> {
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
    await this.closed;
    clearTimeout(timer);
  }
}

/** Mutated packets, with or without a good CONNECT first. */
export async function packetSession(r: Prng, port: number, c: Creds, n: number, t: MqttTally): Promise<void> {
  const authed = r.chance(0.5);
  // Mutated CONNECTs after the good one may count as failed logins of their address: each session
  // comes from one of many addresses, never from the one of the payload sessions.
  const s = new Session(port, authed ? `127.0.3.${r.int(1, 254)}` : `127.0.1.${r.int(1, 254)}`);
  if (authed) {
    s.write(connect(c, r.pick([4, 5] as const)));
    if (!(await s.connack(10_000))) t.backedOff++;
  }
  const stranger: Creds = { id: `ghost-${r.int(0, 99)}`, password: 'x'.repeat(r.int(0, 40)) };
  for (let i = 0; i < n; i++) {
    const roll = r.int(0, 3);
    let m: { name: string; bytes: Buffer };
    if (roll === 0) m = badConnect(r, authed ? c : stranger);
    else if (roll === 1) m = mutate(r, connect(authed ? c : stranger, r.pick([4, 5] as const)));
    else {
      const topic = r.chance(0.8) ? telemetryTopic(c.id) : r.pick(['#', '$SYS/x', telemetryTopic('other-1')]);
      const p = publish(topic, badTelemetry(r).bytes, r.pick([0, 1, 2] as const), r.pick([4, 5] as const));
      m = mutate(r, p);
    }
    count(t, m.name);
    s.write(m.bytes);
  }
  await s.finish(2000);
}

/** Well-formed publishes of bad telemetry after a good CONNECT: every one reaches a decision. */
export async function payloadSession(
  r: Prng,
  port: number,
  c: Creds,
  n: number,
  t: MqttTally,
): Promise<void> {
  const s = new Session(port, GOOD_FROM);
  s.write(connect(c));
  if (!(await s.connack(10_000))) {
    t.refusedGood++;
    return s.finish(2000);
  }
  for (let i = 0; i < n; i++) {
    const p = badTelemetry(r);
    // Events, acks and status have required fields no bad payload holds: all of those are rejected.
    const kind = r.pick(['telemetry', 'telemetry', 'telemetry', 'events', 'commands/ack', 'status']);
    count(t, p.name);
    t.mustReceive++;
    if (kind !== 'telemetry' || !ACCEPTED.has(p.name)) t.mustReject++;
    s.write(publish(telemetryTopic(c.id, kind), p.bytes));
  }
  await s.finish(2000);
}

/** A well-formed CONNECT with a wrong secret: one counted failed login. */
export async function probeSession(r: Prng, port: number, c: Creds, t: MqttTally): Promise<void> {
  const s = new Session(port, `127.0.2.${r.int(1, 254)}`);
  count(t, 'wrong_secret');
  t.mustFailLogin++;
  s.write(connect({ id: c.id, password: `${c.password}-wrong` }, 4, `probe-${r.int(0, 1e6)}`));
  await s.connack(10_000);
  await s.finish(2000);
}
