// One simulated device as a real MQTT client (connection.ts): it announces `online` (retained) on
// every connect, publishes telemetry at QoS 1 every intervalS (jittered), reconnects with exponential
// backoff and jitter, and applies fault actions — a held fault is laid over every reading.
import type { MqttClient } from 'mqtt';
import { answerCommand, type Answer } from './commands';
import { seededRandom } from '../lib/random';
import { backoffMs } from './backoff';
import type { SimClock } from './clock';
import { deviceTopic, isRefusal, openConnection } from './connection';
import type { DeviceModel, HeldFault } from './device-model';
import type { FleetStats } from './stats';
import { deviceSeed } from './telemetry';
import { TELEMETRY_JITTER } from './timing';
import type { TokenBucket } from './token-bucket';
import type { OfflineMode, Reading } from './types';

export interface DeviceContext {
  mqttUrl: string;
  clock: SimClock;
  bucket: TokenBucket | undefined;
  intervalS: number;
  stats: FleetStats;
}

export class SimDevice {
  readonly id: string;
  private client: MqttClient | undefined;
  private connected = false;
  /** False while the device's power or network is cut: no reconnecting. */
  private wantOnline = true;
  /** True after it said `offline` on its status topic: connected but silent. */
  private silent = false;
  private fault: HeldFault | undefined;
  /** Readings a command laid over the model's (a lamp switched by hand). */
  private overlay: Reading = {};
  private stopped = false;
  private attempt = 0;
  private reconnecting: Promise<boolean> | undefined;
  private announced: Promise<void> = Promise.resolve();
  private telemetryTimer: NodeJS.Timeout | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private routinePending = false;
  private readonly rand: () => number;

  constructor(
    private readonly model: DeviceModel,
    private readonly ctx: DeviceContext,
    seed: number,
  ) {
    this.id = model.device.id;
    this.rand = seededRandom(deviceSeed(seed ^ 0x5eed, this.id));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** First connection: resolves on CONNACK; a refused device gives up, an unreachable one keeps trying. */
  async start(): Promise<void> {
    try {
      await this.open();
    } catch (err) {
      if (isRefusal(err)) this.ctx.stats.failed.set(this.id, (err as Error).message);
      else void this.reconnect(false);
      throw err;
    }
  }

  /** Lays the fault over its readings and publishes one at once; false (and no fault) if it could not. */
  async inject(fault: HeldFault): Promise<boolean> {
    this.fault = fault;
    const ok = await this.publishReading(true);
    if (!ok && this.fault === fault) this.fault = undefined;
    return ok;
  }

  restore(): Promise<boolean> {
    this.fault = undefined;
    return this.publishReading(true);
  }

  /** Power or network cut: the connection drops without DISCONNECT (the will fires), or it says offline. */
  async goOffline(mode: OfflineMode): Promise<boolean> {
    if (!this.connected || this.silent) return false;
    if (mode === 'status') {
      this.silent = true;
      return this.send('status', () => 'offline', true, true);
    }
    this.wantOnline = false;
    const c = this.client;
    this.markClosed();
    c?.end(true); // destroys the socket: no DISCONNECT packet
    return true;
  }

  /** Power back: reconnects (or says online again) and resolves once it has announced itself. */
  async comeBack(mode: OfflineMode): Promise<boolean> {
    if (mode === 'status') {
      if (!this.silent || !this.connected) return false;
      this.silent = false;
      const ok = await this.send('status', () => 'online', true, true);
      return ok && (await this.publishReading(true));
    }
    this.wantOnline = true;
    if (!(await this.reconnect(true))) return false;
    await this.announced;
    return true;
  }

  /** Disconnects cleanly (DISCONNECT: the broker drops the will). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.telemetryTimer);
    clearTimeout(this.sleepTimer);
    this.wake?.();
    const c = this.client;
    if (!c) return;
    if (this.connected) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
      await Promise.race([c.endAsync().catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    this.markClosed();
    c.end(true);
  }

  private open(): Promise<void> {
    const { id, password, mqttUrl } = this.model.device;
    const conn = openConnection(mqttUrl ?? this.ctx.mqttUrl, id, password, {
      connect: (c) => this.onConnect(c),
      close: (c) => this.onClose(c),
    });
    this.client = conn.client;
    return conn.ready;
  }

  private onConnect(c: MqttClient): void {
    if (this.client !== c || this.stopped) return;
    this.connected = true;
    this.attempt = 0;
    this.ctx.stats.everConnected.add(this.id);
    this.ctx.stats.online.add(this.id);
    this.announced = this.announce();
    this.scheduleTelemetry(true);
    c.on('message', (topic, payload) => {
      if (topic === deviceTopic(this.id, 'commands')) void this.onCommand(payload.toString('utf8'));
    });
    c.subscribe(deviceTopic(this.id, 'commands'), { qos: 1 });
  }

  /** Answers a command on commands/ack, then does what it asks. */
  private async onCommand(payload: string): Promise<void> {
    const answer: Answer | undefined = answerCommand(this.model.compiled.def, payload, this.fault?.rule.id);
    if (!answer) return;
    this.ctx.stats.commandsAnswered++;
    await this.send('commands/ack', () => JSON.stringify(answer.ack), true, false);
    const { effect } = answer;
    switch (effect.kind) {
      case 'none':
        return;
      case 'clear_fault':
        this.fault = undefined;
        break;
      case 'override':
        this.overlay = effect.overlay;
        break;
      case 'report':
        break;
    }
    await this.publishReading(true);
  }

  private async announce(): Promise<void> {
    if (this.silent) return;
    if (await this.send('status', () => 'online', true, true)) await this.publishReading(true);
  }

  private onClose(c: MqttClient): void {
    if (this.client !== c) return;
    const was = this.connected;
    this.markClosed();
    c.end(true); // settles publishes still waiting for a PUBACK
    if (this.stopped || !this.wantOnline) return;
    // Not planned (network trouble, or the server went away): counted apart from the injected faults.
    if (was) this.ctx.stats.connectionsLost++;
    void this.reconnect(false);
  }

  private markClosed(): void {
    this.connected = false;
    this.ctx.stats.online.delete(this.id);
    clearTimeout(this.telemetryTimer);
  }

  private reconnect(immediate: boolean): Promise<boolean> {
    this.reconnecting ??= this.reconnectLoop(immediate).finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  private async reconnectLoop(immediate: boolean): Promise<boolean> {
    while (!this.stopped && this.wantOnline && !this.connected) {
      if (!immediate || this.attempt > 0) await this.sleep(backoffMs(this.attempt, this.rand));
      this.attempt++;
      if (this.stopped || !this.wantOnline) break;
      try {
        await this.open();
      } catch (err) {
        if (isRefusal(err)) {
          this.ctx.stats.failed.set(this.id, (err as Error).message);
          return false;
        }
      }
    }
    return this.connected;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  private scheduleTelemetry(first: boolean): void {
    clearTimeout(this.telemetryTimer);
    const { intervalS, clock } = this.ctx;
    const simS = first ? this.rand() * intervalS : intervalS * (1 + (this.rand() * 2 - 1) * TELEMETRY_JITTER);
    this.telemetryTimer = setTimeout(() => {
      void this.routine();
      this.scheduleTelemetry(false);
    }, clock.realMs(simS));
  }

  /** Routine telemetry: at most one waiting per device, so a rate cap thins readings instead of queueing them. */
  private async routine(): Promise<void> {
    if (this.routinePending) return;
    this.routinePending = true;
    try {
      await this.publishReading(false);
    } finally {
      this.routinePending = false;
    }
  }

  private publishReading(urgent: boolean): Promise<boolean> {
    if (!this.connected || this.silent) return Promise.resolve(false);
    const payload = (): string =>
      JSON.stringify({ ...this.model.reading(this.ctx.clock.nowMs(), this.fault), ...this.overlay });
    return this.send('telemetry', payload, urgent, false);
  }

  private async send(
    kind: string,
    payload: () => string,
    urgent: boolean,
    retain: boolean,
  ): Promise<boolean> {
    const { bucket, stats } = this.ctx;
    if (bucket && !(await bucket.take(urgent))) return false;
    const c = this.client;
    if (!c || !this.connected) return false;
    try {
      await c.publishAsync(deviceTopic(this.id, kind), payload(), { qos: 1, retain });
      stats.messagesSent++;
      return true;
    } catch {
      return false;
    }
  }
}
