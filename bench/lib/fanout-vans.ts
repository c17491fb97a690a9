// The fan-out benchmark's vans: a child process (`node --import tsx bench/lib/fanout-vans.ts`, IPC with
// advanced serialization) that connects one MQTT client per van, as the device protocol says (username
// = client id = van id, password = its secret, a retained `offline` will, `online` on connect), and on
// `go` sends every van's fixes at 1 Hz, QoS 0, with the vans' phases spread evenly over the second.
// Fix number `seq` of van `i` is due at t0 + seq·period + i·period/N; a late driver sends late, never
// skips, and each send is stamped with the wall clock just before the PUBLISH is written (that stamp
// also goes out as the fix's `ts`). The send times of the measured fixes go back to the parent.
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '../../server/src/contracts/topics';
import { fixOf, type VanTrack } from './fanout-track';
import { atFloor } from './stats';

export interface VansSpec {
  mqttUrl: string;
  vans: (VanTrack & { password: string })[];
  periodMs: number;
  /** The measured fixes: seq in [seqFrom, seqTo) of every van. */
  seqFrom: number;
  seqTo: number;
}

export type ToVans = { type: 'connect'; spec: VansSpec } | { type: 'go' } | { type: 'report' };

export type FromVans =
  | { type: 'ready'; connected: number; ms: number }
  | { type: 'started'; t0: number }
  | {
      type: 'report';
      /** Wall-clock send time (ms) of fix (van i, seq) at [i·F + seq − seqFrom]; 0 = not sent. */
      sendTimes: Float64Array;
      /** Fixes sent so far, all seqs. */
      sent: number;
      errors: number;
      disconnects: number;
      /** How late the driver sent the measured fixes against their schedule. */
      lagP99Ms: number;
      lagMaxMs: number;
    }
  | { type: 'error'; message: string };

const CONNECT_AT_ONCE = 50;
const CONNECT_TIMEOUT_MS = 10_000;

const say = (m: FromVans) => process.send?.(m);
const clients: MqttClient[] = [];
let spec: VansSpec | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let sendTimes = new Float64Array(0);
let lags: number[] = [];
let sent = 0;
let errors = 0;
let disconnects = 0;
let stopping = false;

async function connectAll(s: VansSpec): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < s.vans.length; i += CONNECT_AT_ONCE) {
    await Promise.all(
      s.vans.slice(i, i + CONNECT_AT_ONCE).map(async (v, k) => {
        const c = await mqtt.connectAsync(s.mqttUrl, {
          clientId: v.id,
          username: v.id,
          password: v.password,
          reconnectPeriod: 0,
          connectTimeout: CONNECT_TIMEOUT_MS,
          keepalive: 60,
          will: { topic: deviceTopic(v.id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
        });
        clients[i + k] = c;
        c.on('close', () => {
          if (!stopping) disconnects++;
        });
        await c.publishAsync(deviceTopic(v.id, 'status'), 'online', { qos: 1, retain: true });
      }),
    );
  }
  sendTimes = new Float64Array(s.vans.length * (s.seqTo - s.seqFrom));
  say({ type: 'ready', connected: clients.length, ms: Date.now() - started });
}

function go(s: VansSpec): void {
  const n = s.vans.length;
  const span = s.seqTo - s.seqFrom;
  const topics = s.vans.map((v) => deviceTopic(v.id, 'telemetry'));
  const t0 = Date.now() + 100;
  say({ type: 'started', t0 });
  let next = 0; // global fix number: van next % n, seq ⌊next / n⌋
  const dueOf = (k: number) => t0 + Math.floor(k / n) * s.periodMs + ((k % n) * s.periodMs) / n;
  const tick = () => {
    timer = undefined;
    let now = Date.now();
    while (dueOf(next) <= now) {
      const i = next % n;
      const seq = Math.floor(next / n);
      const due = dueOf(next);
      next++;
      const c = clients[i];
      const v = s.vans[i];
      if (!c || !v) continue;
      now = Date.now();
      const slot = seq >= s.seqFrom && seq < s.seqTo ? i * span + seq - s.seqFrom : -1;
      if (slot >= 0) {
        sendTimes[slot] = now;
        lags.push(now - due);
      }
      const payload = JSON.stringify({ ...fixOf(v, seq), ts: now });
      sent++;
      c.publish(topics[i]!, payload, { qos: 0 }, (err) => {
        if (!err) return;
        errors++;
        if (slot >= 0) sendTimes[slot] = 0;
      });
    }
    if (!stopping) timer = setTimeout(tick, Math.max(0, dueOf(next) - Date.now()));
  };
  timer = setTimeout(tick, Math.max(0, t0 - Date.now()));
}

function report(): void {
  const sorted = Float64Array.from(lags).sort();
  say({
    type: 'report',
    sendTimes,
    sent,
    errors,
    disconnects,
    lagP99Ms: atFloor(sorted, 0.99, 0),
    lagMaxMs: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
  });
  lags = [];
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (timer) clearTimeout(timer);
  const bounded = new Promise((r) => setTimeout(r, 3000).unref());
  await Promise.race([Promise.allSettled(clients.map((c) => c.endAsync(true))), bounded]);
  process.exit(code);
}

process.on('message', (m: ToVans) => {
  switch (m.type) {
    case 'connect':
      spec = m.spec;
      connectAll(m.spec).catch((err: unknown) => {
        say({ type: 'error', message: `van connect: ${(err as Error).message}` });
        void stop(1);
      });
      return;
    case 'go':
      if (spec) go(spec);
      return;
    case 'report':
      report();
      return;
  }
});
process.on('SIGTERM', () => void stop(0));
process.on('disconnect', () => void stop(0));
