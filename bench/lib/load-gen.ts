// The load generator of the ingest, alarm and memory benchmarks: a child process (`node --import tsx bench/lib/load-gen.ts`)
// holding many lean MQTT 3.1.1 connections on raw sockets (mqtt-packet encodes CONNECT and parses
// replies; PUBLISH packets are pre-encoded per client, only the packet id is patched), so the
// generator costs far less CPU per message than mqtt.js would. The parent drives it over IPC:
// `connect`, then `run` (rate, QoS, in-flight window), `stats`, `idle`, `exit`. `flood` (QoS 0) makes
// every connection write as fast as its socket drains instead of pacing: a chunk of PUBLISH packets
// per write, the next write once the socket accepted the last one (on 'drain' when it reported
// backpressure, else on the next turn of the loop), so what queues in user space stays bounded.
import net from 'node:net';
import mqttPacket from 'mqtt-packet';

export interface GenClient {
  id: string;
  username?: string;
  password?: string;
}

export type GenRequest =
  | {
      type: 'connect';
      host: string;
      port: number;
      clients: GenClient[];
      payload: string;
      /** MQTT keep-alive in seconds (default 0 = none); > 0: every connection pings at half of it. */
      keepalive?: number;
      /** CONNECTs in flight at a time (default CONNECT_AT_ONCE). */
      atOnce?: number;
    }
  | { type: 'run'; rate: number; qos: 0 | 1; window: number }
  /** QoS 0 as fast as each socket drains; `chunk` PUBLISH packets per socket write (default 32). */
  | { type: 'flood'; chunk?: number }
  /** Every open connection writes one PUBLISH of its payload (no reply; watch `stats`). */
  | { type: 'once'; qos: 0 | 1 }
  | { type: 'idle' }
  | { type: 'stats' }
  | { type: 'exit' };

export interface GenStats {
  type: 'stats';
  /** PUBLISH packets written so far. */
  sent: number;
  /** PUBACKs received so far. */
  acked: number;
  /** Messages the pacer owed but could not send (window full or socket backed up). */
  blocked: number;
  /** Connections closed since `connect`. */
  closed: number;
  /** Messages written and not acknowledged now (QoS 1). */
  inflight: number;
}

export type GenReply =
  | { type: 'connected'; ok: number; failed: number; firstError?: string }
  | GenStats
  | { type: 'error'; message: string };

interface Conn {
  socket: net.Socket;
  open: boolean;
  topic: string;
  q0: Buffer;
  q1: Buffer;
  idOffset: number;
  nextId: number;
  inflight: number;
}

const TICK_MS = 10;
const CONNECT_AT_ONCE = 50;
/** Do not queue more than this in one socket's user-space buffer (QoS 0 backpressure). */
const MAX_BUFFERED = 64 * 1024;

const conns: Conn[] = [];
let sent = 0;
let acked = 0;
let blocked = 0;
let closed = 0;
let pacer: ReturnType<typeof setInterval> | undefined;
/** Bumped by every run/flood/idle: a flood pump of an older generation stops. */
let floodGen = 0;

function send(m: GenReply): void {
  process.send?.(m);
}

function connectOne(host: string, port: number, c: GenClient, payload: Buffer, keepalive = 0): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const topic = `redsail/v1/devices/${c.id}/telemetry`;
    const q0 = mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false });
    const q1 = mqttPacket.generate({
      cmd: 'publish',
      topic,
      payload,
      qos: 1,
      messageId: 1,
      retain: false,
      dup: false,
    });
    const conn: Conn = {
      socket: net.connect({ host, port, noDelay: true }),
      open: false,
      topic,
      q0,
      q1,
      idOffset: q1.length - payload.length - 2,
      nextId: 1,
      inflight: 0,
    };
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const timer = setTimeout(() => {
      conn.socket.destroy();
      reject(new Error(`${c.id}: no CONNACK in 30 s`));
    }, 30_000);
    parser.on('packet', (p) => {
      if (p.cmd === 'puback') {
        acked++;
        if (conn.inflight > 0) conn.inflight--;
      } else if (p.cmd === 'connack') {
        clearTimeout(timer);
        if (p.returnCode === 0) {
          conn.open = true;
          resolve(conn);
        } else {
          conn.socket.destroy();
          reject(new Error(`${c.id}: CONNACK return code ${p.returnCode}`));
        }
      }
    });
    parser.on('error', (err: Error) => conn.socket.destroy(err));
    conn.socket.on('data', (d) => parser.parse(d));
    conn.socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    conn.socket.on('close', () => {
      if (conn.open) closed++;
      conn.open = false;
      clearTimeout(timer);
      reject(new Error(`${c.id}: connection closed`));
    });
    conn.socket.write(
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId: c.id,
        keepalive,
        ...(c.username !== undefined && { username: c.username }),
        ...(c.password !== undefined && { password: Buffer.from(c.password) }),
      }),
    );
  });
}

async function connectAll(req: Extract<GenRequest, { type: 'connect' }>): Promise<void> {
  const payload = Buffer.from(req.payload);
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: req.atOnce ?? CONNECT_AT_ONCE }, async () => {
      while (next < req.clients.length) {
        const c = req.clients[next++]!;
        try {
          conns.push(await connectOne(req.host, req.port, c, payload, req.keepalive));
          ok++;
        } catch (err) {
          failed++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const keepalive = req.keepalive ?? 0;
  if (keepalive > 0) {
    const ping = mqttPacket.generate({ cmd: 'pingreq' });
    setInterval(() => {
      for (const c of conns) if (c.open) c.socket.write(ping);
    }, keepalive * 500).unref();
  }
  send({ type: 'connected', ok, failed, ...(firstError !== undefined && { firstError }) });
}

/** Writes `n` messages to one connection as one socket write; returns how many it wrote. */
function writeTo(c: Conn, n: number, qos: 0 | 1, window: number): number {
  if (!c.open || c.socket.writableLength > MAX_BUFFERED) return 0;
  if (qos === 1) n = Math.min(n, window - c.inflight);
  if (n <= 0) return 0;
  const one = qos === 0 ? c.q0 : c.q1;
  const buf = Buffer.allocUnsafe(one.length * n);
  for (let k = 0; k < n; k++) {
    const at = k * one.length;
    one.copy(buf, at);
    if (qos === 1) {
      buf.writeUInt16BE(c.nextId, at + c.idOffset);
      c.nextId = c.nextId === 0xffff ? 1 : c.nextId + 1;
    }
  }
  if (qos === 1) c.inflight += n;
  c.socket.write(buf);
  return n;
}

function run(rate: number, qos: 0 | 1, window: number): void {
  stopPacer();
  const start = performance.now();
  let owed = 0;
  let due = 0;
  let rr = 0;
  pacer = setInterval(() => {
    const target = Math.floor(((performance.now() - start) / 1000) * rate);
    // A generator that falls behind does not build an unbounded debt: at most 100 ms of messages.
    owed += target - due;
    due = target;
    owed = Math.min(owed, Math.ceil(rate / 10));
    const open = conns.length;
    if (open === 0 || owed <= 0) return;
    const per = Math.floor(owed / open);
    let extra = owed - per * open;
    let wrote = 0;
    for (let k = 0; k < open; k++) {
      const c = conns[(rr + k) % open]!;
      const n = per + (extra > 0 ? 1 : 0);
      if (extra > 0) extra--;
      if (n > 0) wrote += writeTo(c, n, qos, window);
    }
    rr = (rr + (owed % open)) % open;
    sent += wrote;
    blocked += owed - wrote;
    owed = 0;
  }, TICK_MS);
}

function stopPacer(): void {
  if (pacer) clearInterval(pacer);
  pacer = undefined;
  floodGen++;
}

/** Every open connection writes QoS-0 chunks as fast as its socket takes them, until the next request. */
function flood(chunk = 32): void {
  stopPacer();
  const gen = floodGen;
  for (const c of conns) {
    const n = Math.max(1, Math.floor(chunk));
    const buf = Buffer.allocUnsafe(c.q0.length * n);
    for (let k = 0; k < n; k++) c.q0.copy(buf, k * c.q0.length);
    const pump = (): void => {
      if (gen !== floodGen || !c.open) return;
      sent += n;
      // false: past the socket's high-water mark, wait for it to drain; true: yield one turn so the
      // other connections and IPC get theirs (a write the kernel takes at once never reports false).
      if (c.socket.write(buf)) setImmediate(pump);
      else c.socket.once('drain', pump);
    };
    pump();
  }
}

function stats(): GenStats {
  let inflight = 0;
  for (const c of conns) inflight += c.inflight;
  return { type: 'stats', sent, acked, blocked, closed, inflight };
}

function exit(): void {
  stopPacer();
  for (const c of conns) c.socket.destroy();
  process.exit(0);
}

process.on('message', (m: GenRequest) => {
  switch (m.type) {
    case 'connect':
      connectAll(m).catch((err: unknown) => send({ type: 'error', message: String(err) }));
      return;
    case 'run':
      return run(m.rate, m.qos, m.window);
    case 'flood':
      return flood(m.chunk);
    case 'once':
      for (const c of conns) sent += writeTo(c, 1, m.qos, Infinity);
      return;
    case 'idle':
      return stopPacer();
    case 'stats':
      return send(stats());
    case 'exit':
      return exit();
  }
});
process.on('SIGTERM', exit);
process.on('disconnect', exit);
