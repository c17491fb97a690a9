// The active alarms in memory: the authority the alarm decisions read (one per device and rule), and
// the recent raises of each device and rule the flapping stage counts. Loaded from the store at start;
// changed by services/effects.ts as each decision is applied, and put right from the store by
// services/reconcile.ts when a commit left one of its rows out.
import type { ActiveAlarms, AlarmChange } from '../pipeline/alarm-decisions';
import type { AlarmRecord } from '../store/store';
import { RaiseHistory } from './raise-history';

const key = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export class AlarmBook implements ActiveAlarms {
  private readonly byKey = new Map<string, AlarmRecord>();
  private readonly byId = new Map<string, AlarmRecord>();
  /** Raises of each device and rule, for the flapping window (active and cleared alarms alike). */
  readonly raises = new RaiseHistory();

  load(active: Iterable<AlarmRecord>): void {
    for (const a of active) {
      this.set(a);
      this.raises.note(a);
    }
  }

  /** The alarms raised within the flapping window, active or not (at start). */
  loadRaises(recent: Iterable<AlarmRecord>): void {
    for (const a of recent) this.raises.note(a);
  }

  apply(c: AlarmChange): void {
    if (c.kind === 'raised') this.raises.note(c.alarm);
    if (c.alarm.active) this.set(c.alarm);
    else if (this.byId.has(c.alarm.id)) {
      this.byKey.delete(key(c.alarm.deviceId, c.alarm.rule));
      this.byId.delete(c.alarm.id);
    }
  }

  /** What the store holds for one device replaces what this node believed (a commit left a row out). */
  reload(deviceId: string, active: readonly AlarmRecord[]): void {
    for (const a of this.forDevice(deviceId)) {
      this.byKey.delete(key(a.deviceId, a.rule));
      this.byId.delete(a.id);
    }
    for (const a of active) {
      if (!a.active || a.deviceId !== deviceId) continue;
      this.set(a);
      this.raises.note(a); // an alarm raised on another node (cluster mode) counts once read back here
    }
  }

  /**
   * The acks stored for a device's active alarms (made on another node) join this node's own copies,
   * which stay otherwise as they are (this node decides them).
   */
  mergeAcks(deviceId: string, stored: readonly AlarmRecord[]): void {
    for (const s of stored) {
      const mine = this.byId.get(s.id);
      if (!mine || mine.deviceId !== deviceId || mine.ackedAt !== undefined || s.ackedAt === undefined)
        continue;
      this.set({ ...mine, ackedAt: s.ackedAt, ...(s.ackedBy !== undefined && { ackedBy: s.ackedBy }) });
    }
  }

  private set(a: AlarmRecord): void {
    this.byKey.set(key(a.deviceId, a.rule), a);
    this.byId.set(a.id, a);
  }

  active(deviceId: string, rule: string): AlarmRecord | undefined {
    return this.byKey.get(key(deviceId, rule));
  }
  get(id: string): AlarmRecord | undefined {
    return this.byId.get(id);
  }
  forDevice(deviceId: string): AlarmRecord[] {
    const out: AlarmRecord[] = [];
    for (const a of this.byKey.values()) if (a.deviceId === deviceId) out.push(a);
    return out;
  }
  all(): IterableIterator<AlarmRecord> {
    return this.byKey.values();
  }
}
