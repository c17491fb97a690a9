// The alarm benchmark's instruments, all in the bench process so one clock (performance.now())
// times both ends: well-behaved fault devices (mqtt.js, one connection each), a Socket.IO client
// logged in as a dispatcher that timestamps every `alarm:raised`, and a health probe.
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  BATCHED_STATES,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../server/src/contracts/socket';
import { sleep, withTimeout } from './common';
import type { GenClient } from './load-gen';
import { latency, type Latency } from './stats';

// ---- the dispatcher's live view

type DispatcherSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A dispatcher's Socket.IO connection: records when each expected device's first `alarm:raised`
 * arrives. Other traffic it receives (device:state of the background fleet, tickets) is counted.
 */
export class AlarmWatch {
  /** deviceId → performance.now() and Date.now() just before its fault was published. */
  private readonly sentAt = new Map<string, { mono: number; wall: number }>();
  /** deviceId → receive time minus send time, for the first matching alarm:raised. */
  private readonly got = new Map<string, number>();
  /**
   * The same split at the alarm's `raisedAt` (the server's wall clock when ingest handled the reading;
   * same machine, so comparable with Date.now() here to ~1 ms): publish → ingest, ingest → received.
   */
  private readonly toIngest: number[] = [];
  private readonly fromIngest: number[] = [];
  private waiter: (() => void) | undefined;
  /** alarm:raised for a device not (yet) expected: should stay 0 (the background load raises nothing). */
  unexpected = 0;
  /** alarm:raised for the right device but another rule than the one the fault trips. */
  wrongRule = 0;
  readonly counts = new Map<string, number>();
  disconnected: string | undefined;

  private constructor(
    private readonly socket: DispatcherSocket,
    private readonly rule: string,
  ) {
    socket.on('alarm:raised', (a) => {
      const now = performance.now();
      const wall = Date.now();
      this.bump('alarm:raised');
      const t0 = this.sentAt.get(a.deviceId);
      if (t0 === undefined) {
        this.unexpected++;
        return;
      }
      if (a.rule !== this.rule) {
        this.wrongRule++;
        return;
      }
      if (this.got.has(a.deviceId)) return;
      this.got.set(a.deviceId, now - t0.mono);
      const raised = Date.parse(a.raisedAt);
      if (Number.isFinite(raised)) {
        this.toIngest.push(raised - t0.wall);
        this.fromIngest.push(wall - raised);
      }
      if (this.got.size >= this.sentAt.size) this.waiter?.();
    });
    socket.on('device:state', () => this.bump('device:state'));
    socket.on('device:states', (list) => this.bump('device:state', list.length));
    socket.on('device:status', () => this.bump('device:status'));
    socket.on('ticket:created', () => this.bump('ticket:created'));
    socket.on('ticket:updated', () => this.bump('ticket:updated'));
    socket.on('alarm:updated', () => this.bump('alarm:updated'));
    socket.on('disconnect', (reason) => (this.disconnected = reason));
  }

  private bump(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  static async connect(
    httpUrl: string,
    token: string,
    rule: string,
    timeoutMs = 10_000,
  ): Promise<AlarmWatch> {
    const socket: DispatcherSocket = io(httpUrl, {
      auth: { token, deviceStates: BATCHED_STATES }, // as the console connects
      transports: ['websocket'],
      reconnection: false,
      timeout: timeoutMs,
    });
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', (err) => reject(err));
        }),
        timeoutMs,
        'dispatcher socket connect',
      );
    } catch (err) {
      socket.close();
      throw err;
    }
    return new AlarmWatch(socket, rule);
  }

  get received(): number {
    return this.got.size;
  }

  /** Call just before publishing the fault of `deviceId`. */
  expect(deviceId: string, mono: number, wall: number): void {
    this.sentAt.set(deviceId, { mono, wall });
  }

  /** Resolves once every expected alarm arrived, or at the deadline (then some are missing). */
  async waitAll(timeoutMs: number): Promise<void> {
    if (this.got.size >= this.sentAt.size) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.waiter = undefined;
  }

  result(): {
    latency: Latency;
    toIngest: Latency;
    fromIngest: Latency;
    expected: number;
    received: number;
    missing: string[];
  } {
    const missing = [...this.sentAt.keys()].filter((id) => !this.got.has(id));
    return {
      latency: latency([...this.got.values()]),
      toIngest: latency(this.toIngest),
      fromIngest: latency(this.fromIngest),
      expected: this.sentAt.size,
      received: this.got.size,
      missing,
    };
  }

  close(): void {
    this.socket.close();
  }
}

// ---- well-behaved fault devices

/** Real device connections (mqtt.js), each sending one normal reading at connect and faults on demand. */
export class FaultDevices {
  private constructor(
    readonly clients: { id: string; mqtt: MqttClient }[],
    private readonly qos: 0 | 1,
  ) {}

  static async connect(
    mqttUrl: string,
    devices: GenClient[],
    normal: string,
    qos: 0 | 1,
    timeoutMs = 30_000,
  ): Promise<FaultDevices> {
    const clients: { id: string; mqtt: MqttClient }[] = [];
    const fd = new FaultDevices(clients, qos);
    const AT_ONCE = 20;
    let next = 0;
    try {
      await withTimeout(
        Promise.all(
          Array.from({ length: AT_ONCE }, async () => {
            while (next < devices.length) {
              const d = devices[next++]!;
              const client = await mqtt.connectAsync(mqttUrl, {
                clientId: d.id,
                username: d.username ?? d.id,
                password: d.password ?? '',
                clean: true,
                reconnectPeriod: 0,
                keepalive: 60,
                connectTimeout: 10_000,
                will: {
                  topic: `redsail/v1/devices/${d.id}/status`,
                  payload: Buffer.from('offline'),
                  qos: 1,
                  retain: true,
                },
              });
              clients.push({ id: d.id, mqtt: client });
              // Online with a normal reading first: the fault is then a state change, not a first contact.
              await client.publishAsync(`redsail/v1/devices/${d.id}/telemetry`, normal, { qos: 1 });
            }
          }),
        ),
        timeoutMs,
        `connecting ${devices.length} fault devices`,
      );
    } catch (err) {
      await fd.close();
      throw err;
    }
    return fd;
  }

  /** Publishes `payload` from device `i`; returns performance.now() taken just before the publish. */
  fire(i: number, payload: string, watch: AlarmWatch): number {
    const c = this.clients[i];
    if (!c) throw new Error(`no fault device ${i}`);
    const t0 = performance.now();
    watch.expect(c.id, t0, Date.now());
    c.mqtt.publish(`redsail/v1/devices/${c.id}/telemetry`, payload, { qos: this.qos });
    return t0;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.clients.splice(0).map((c) => withTimeout(c.mqtt.endAsync(true), 5000, 'mqtt end').catch(() => {})),
    );
  }
}

// ---- a trivial request while the server is busy

/**
 * GET /api/health once a second (one at a time) until stopped: how long the server takes to answer
 * a trivial request while it is busy. A probe that fails or times out counts as `failed`.
 */
export class HealthProbe {
  readonly ms: number[] = [];
  failed = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(url: string, everyMs = 1000, timeoutMs = 10_000) {
    this.done = (async () => {
      while (this.running) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
          await res.text();
          if (res.status === 200) this.ms.push(performance.now() - t);
          else this.failed++;
        } catch {
          this.failed++;
        }
        const wait = t + everyMs - performance.now();
        if (wait > 0 && this.running) await sleep(wait);
      }
    })();
  }

  async stop(): Promise<{ latency: Latency; failed: number }> {
    this.running = false;
    await this.done;
    return { latency: latency(this.ms), failed: this.failed };
  }
}

/** One GET /api/health (5 s at most): its status and time, or the error. */
export async function healthOnce(url: string): Promise<{ status?: number; ms?: number; error?: string }> {
  const t = performance.now();
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
    await res.text();
    return { status: res.status, ms: Math.round((performance.now() - t) * 10) / 10 };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
