// Alarms: turns rule transitions into alarm records (one active per device+rule), opens or updates
// the ticket, and announces each change after it is committed. Runs synchronously on the ingest path.
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import { notFound } from '../errors';
import type { Metrics } from '../metrics';
import { alarmId } from '../pipeline/ids';
import type { RuleTransition } from '../pipeline/rules';
import { priorityForSeverity } from '../pipeline/sla';
import type { AlarmFilter, AlarmRecord, Store } from '../store/store';
import type { DeviceRuntime, DeviceService } from './devices';
import type { TicketService } from './tickets';
import type { WriteQueue } from '../store/write-queue';

const key = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export class AlarmService {
  private readonly active = new Map<string, AlarmRecord>();

  constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly tickets: TicketService,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    for (const a of await this.store.listAlarms({ active: true }))
      this.active.set(key(a.deviceId, a.rule), a);
  }

  apply(device: DeviceRuntime, transitions: readonly RuleTransition[], now: number): void {
    for (const t of transitions) {
      const k = key(device.rec.id, t.rule);
      const existing = this.active.get(k);
      if (t.kind === 'clear') {
        if (existing) this.clear(k, existing, now);
      } else if (existing) {
        // A repeat, or a raise whose timer state was lost: one active alarm per device+rule.
        this.update(
          k,
          { ...existing, count: existing.count + 1, lastValue: t.value, lastSeenAt: now },
          false,
        );
      } else {
        this.raise(k, device, t, now);
      }
    }
  }

  private raise(k: string, device: DeviceRuntime, t: RuleTransition, now: number): void {
    let alarm: AlarmRecord = {
      id: alarmId(now),
      deviceId: device.rec.id,
      rule: t.rule,
      severity: t.severity,
      active: true,
      count: 1,
      raisedAt: now,
      lastSeenAt: now,
      lastValue: t.value,
    };
    // Queued before the ticket's announcement so consoles hear of the alarm first; the closure reads
    // the final record (with its ticketId).
    this.queue.afterCommit(() => this.bus.emit('alarm:raised', alarm));
    const priority = priorityForSeverity(t.severity);
    if (priority) alarm = { ...alarm, ticketId: this.tickets.openForAlarm(alarm, device, priority).id };
    this.active.set(k, alarm);
    this.metrics.alarmsRaised.inc({ rule: t.rule, severity: t.severity });
    this.queue.putAlarm(alarm);
  }

  private update(k: string, alarm: AlarmRecord, urgent = true): void {
    this.active.set(k, alarm);
    this.queue.putAlarm(alarm, urgent);
    this.queue.afterCommit(() => this.bus.emit('alarm:updated', alarm));
  }

  private clear(k: string, existing: AlarmRecord, now: number): void {
    const alarm: AlarmRecord = { ...existing, active: false, clearedAt: now };
    this.active.delete(k);
    this.metrics.alarmsCleared.inc({ rule: alarm.rule });
    this.queue.putAlarm(alarm);
    this.tickets.alarmCleared(alarm);
    this.queue.afterCommit(() => this.bus.emit('alarm:cleared', alarm));
  }

  /**
   * Clears active alarms whose device or rule is no longer configured (a RULES_FILE change): they
   * could never clear by themselves. Run once after load.
   */
  retireOrphans(devices: DeviceService, now: number): number {
    let n = 0;
    for (const [k, a] of this.active) {
      const d = devices.get(a.deviceId);
      if (d?.type.rules.some((r) => r.id === a.rule)) continue;
      this.clear(k, a, now);
      n++;
    }
    return n;
  }

  activeFor(deviceId: string): AlarmRecord[] {
    const out: AlarmRecord[] = [];
    for (const a of this.active.values()) if (a.deviceId === deviceId) out.push(a);
    return out;
  }

  activeAlarms(): IterableIterator<AlarmRecord> {
    return this.active.values();
  }

  async ack(id: string, by: string): Promise<AlarmRecord> {
    await this.queue.flush();
    const current = [...this.active.values()].find((a) => a.id === id) ?? (await this.store.getAlarm(id));
    if (!current) throw notFound(`alarm ${id}`);
    if (current.ackedAt !== undefined) return current;
    const alarm = { ...current, ackedAt: this.clock.now(), ackedBy: by };
    if (alarm.active) this.update(key(alarm.deviceId, alarm.rule), alarm);
    else {
      this.queue.putAlarm(alarm);
      this.queue.afterCommit(() => this.bus.emit('alarm:updated', alarm));
    }
    await this.queue.committed();
    return alarm;
  }

  async list(filter: AlarmFilter): Promise<AlarmRecord[]> {
    await this.queue.flush();
    return this.store.listAlarms(filter);
  }
}
