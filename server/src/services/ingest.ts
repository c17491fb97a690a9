// Ingest: one device message at a time, fully synchronous from decode to alarm decision, so messages
// of one device can never interleave (no duplicate alarms from a burst). Writes go to the group commit;
// `handle` says whether a message changed an alarm or a ticket, for the broker's durable PUBACK.
import type { MetricValue } from '../../../devices/lib/types';
import { validateTelemetry } from '../../../devices/index';
import type { Clock } from '../clock';
import type { UplinkKind } from '../contracts/topics';
import type { EventBus } from '../events/bus';
import type { RateLimitedLog } from '../log';
import type { Metrics, RejectReason } from '../metrics';
import { decodeJsonObject, MAX_FUTURE_MS } from '../pipeline/decode';
import { evaluateRules, type RuleStates } from '../pipeline/rules';
import type { DeviceStatus } from '../store/store';
import type { AlarmService } from './alarms';
import type { DeviceRuntime, DeviceService } from './devices';
import type { Effects } from './effects';
import type { WriteQueue } from '../store/write-queue';

export interface IngestOptions {
  offlineAfterMs: number;
}

export class IngestService {
  private readonly startedAt: number;
  private readonly readingListeners: ((d: DeviceRuntime, reading: boolean) => void)[] = [];
  /** The minute of the last tick that re-judged the rules that follow the sun. */
  private sunMinute = -1;

  constructor(
    private readonly devices: DeviceService,
    private readonly alarms: AlarmService,
    private readonly effects: Pick<Effects, 'durableChanges'>,
    private readonly queue: WriteQueue,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly rlog: RateLimitedLog,
    private readonly clock: Clock,
    private readonly opts: IngestOptions,
  ) {
    this.startedAt = clock.now();
  }

  /**
   * Hears every device that sent a message (`reading`) or changed status without one (silence),
   * after its state was advanced.
   */
  onReading(fn: (d: DeviceRuntime, reading: boolean) => void): void {
    this.readingListeners.push(fn);
  }

  /**
   * Entry point from the broker, after authentication and the ACL. Returns whether the message
   * changed an alarm or a ticket (raised or cleared an alarm, opened or moved a ticket; not an alarm's
   * repeat): those changes are queued to commit on the next turn, and the broker holds a QoS-1
   * message's PUBACK until they have (broker/durable-ack.ts).
   */
  handle(deviceId: string, kind: UplinkKind, payload: Buffer): boolean {
    const d = this.devices.get(deviceId);
    if (!d) return false;
    this.metrics.received.inc(kind);
    const before = this.effects.durableChanges;
    switch (kind) {
      case 'telemetry':
        this.telemetry(d, payload);
        break;
      case 'status':
        this.status(d, payload);
        break;
      case 'events':
        this.event(d, payload);
        break;
      case 'commands/ack':
        this.ack(d, payload);
        break;
    }
    return this.effects.durableChanges !== before;
  }

  private reject(d: DeviceRuntime, reason: RejectReason, message: string): void {
    this.metrics.rejected.inc({ reason });
    this.rlog.warn(`${d.rec.id}:${reason}`, { deviceId: d.rec.id, reason }, `message rejected: ${message}`);
  }

  private telemetry(d: DeviceRuntime, payload: Buffer): void {
    const decoded = decodeJsonObject(payload);
    if (!decoded.ok) return this.reject(d, decoded.reason, decoded.message);
    const v = validateTelemetry(d.type, decoded.value);
    if (!v.ok) return this.reject(d, v.reason, v.message);
    const now = this.clock.now();
    if (v.ts !== undefined && v.ts > now + MAX_FUTURE_MS) {
      return this.reject(d, 'future_ts', `ts ${v.ts} is more than 5 minutes ahead of the server clock`);
    }
    if (v.unknownKeys > 0) this.metrics.unknownKeys.inc(v.unknownKeys);
    const state = { ...d.st.state, ...v.metrics };
    // A message with no known metric is still a sign of life, but there is no reading to keep.
    if (hasAnyKey(v.metrics))
      this.queue.addTelemetry({ deviceId: d.rec.id, ts: v.ts ?? now, data: v.metrics });
    this.advance(d, state, 'online', now, true, v.ts ?? now);
  }

  private status(d: DeviceRuntime, payload: Buffer): void {
    const s = payload.toString('utf8').trim();
    if (s !== 'online' && s !== 'offline')
      return this.reject(d, 'bad_status', 'status must be online or offline');
    this.advance(d, d.st.state, s, this.clock.now(), true);
  }

  private event(d: DeviceRuntime, payload: Buffer): void {
    const decoded = decodeJsonObject(payload);
    if (!decoded.ok) return this.reject(d, decoded.reason, decoded.message);
    const { type, ts } = decoded.value;
    if (typeof type !== 'string' || type.length === 0 || type.length > 64) {
      return this.reject(d, 'bad_event', 'an event needs a "type" string');
    }
    const now = this.clock.now();
    if (
      ts !== undefined &&
      (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || ts > now + MAX_FUTURE_MS)
    ) {
      return this.reject(d, 'bad_event', 'event ts must be epoch milliseconds, not in the future');
    }
    this.advance(d, d.st.state, 'online', now, true);
    this.bus.emit('device:event', {
      id: d.rec.id,
      event: { ...decoded.value, type, ts: typeof ts === 'number' ? ts : now },
    });
  }

  private ack(d: DeviceRuntime, payload: Buffer): void {
    const decoded = decodeJsonObject(payload);
    if (!decoded.ok) return this.reject(d, decoded.reason, decoded.message);
    const { id, ok, message } = decoded.value;
    if (
      typeof id !== 'string' ||
      typeof ok !== 'boolean' ||
      (message !== undefined && typeof message !== 'string')
    ) {
      return this.reject(d, 'bad_ack', 'an ack is {"id": string, "ok": boolean, "message"?: string}');
    }
    const now = this.clock.now();
    this.advance(d, d.st.state, 'online', now, true);
    this.bus.emit('command:ack', {
      deviceId: d.rec.id,
      id,
      ok,
      ts: now,
      ...(message !== undefined && { message }),
    });
  }

  /**
   * Merges the new state, evaluates the type's rules, hands transitions to alarms, queues the write.
   * The sun conditions are judged at the device's position at `at`: the reading's own time, else now.
   */
  private advance(
    d: DeviceRuntime,
    state: Record<string, MetricValue>,
    status: DeviceStatus,
    now: number,
    reading: boolean,
    at: number = now,
  ): void {
    const input = { state, attrs: d.rec.attrs, offline: status === 'offline', place: d.rec, ts: at };
    const result = evaluateRules(d.type.rules, input, d.st.rules, now, reading);
    const statusChanged = status !== d.st.status;
    // A periodic check that changed nothing writes nothing (unchanged timers come back as the same object).
    if (!reading && !statusChanged && result.transitions.length === 0 && result.states === d.st.rules) return;
    d.st = {
      deviceId: d.rec.id,
      state,
      status,
      rules: result.states,
      ...(reading ? { lastSeen: now } : d.st.lastSeen !== undefined && { lastSeen: d.st.lastSeen }),
    };
    if (result.transitions.length > 0) this.alarms.apply(d, result.transitions, now);
    this.queue.putState(d.st);
    if (statusChanged) {
      const e = { id: d.rec.id, status, ...(d.st.lastSeen !== undefined && { lastSeen: d.st.lastSeen }) };
      this.queue.announce('device:status', e);
    }
    if (reading || statusChanged) for (const fn of this.readingListeners) fn(d, reading);
  }

  /** Resolves once everything the messages handled so far queued is committed. */
  committed(): Promise<void> {
    return this.queue.committed().then(() => undefined);
  }

  /**
   * Periodic: silence → offline, and rule timers that complete without a new reading — of every device,
   * or (cluster mode) of those this node handles.
   */
  tick(handles: (deviceId: string) => boolean = () => true): void {
    const now = this.clock.now();
    // Once a minute the rules that follow the sun are judged again without a reading (online devices:
    // an offline one's last state is no news): dusk falls on a lamp that reports only on change too.
    const minute = Math.floor(now / 60_000);
    const sunTick = minute !== this.sunMinute;
    this.sunMinute = minute;
    for (const d of this.devices.all()) {
      // A decommissioned device is silent by design: it does not go offline nor raise anything.
      if (!handles(d.rec.id) || d.rec.decommissionedAt !== undefined) continue;
      const { st } = d;
      const silentSince = st.lastSeen === undefined ? undefined : Math.max(st.lastSeen, this.startedAt);
      // Every type goes offline by silence; only types with an offline rule raise an alarm for it.
      if (
        st.status === 'online' &&
        silentSince !== undefined &&
        now - silentSince >= this.opts.offlineAfterMs
      ) {
        this.advance(d, st.state, 'offline', now, false);
      } else if (hasPendingTimer(st.rules) || (sunTick && st.status === 'online' && d.type.followsSun)) {
        this.advance(d, st.state, st.status, now, false);
      }
    }
  }
}

function hasPendingTimer(rules: RuleStates): boolean {
  for (const k in rules) {
    const r = rules[k];
    if (r && (r.since !== undefined || r.clearSince !== undefined)) return true;
  }
  return false;
}

function hasAnyKey(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
