// The recent raise times of each device+rule, in memory: what the flapping stage counts
// (pipeline/flapping.ts). Fed by the alarm book with every alarm it learns of (applied, loaded,
// reloaded from the store), each alarm once by its id. Entries older than the window are dropped when
// their fault is next counted: memory stays within one list per device and rule.
import type { RecentRaises } from '../pipeline/flapping';
import type { AlarmRecord } from '../store/store';

const key = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

interface Raise {
  id: string;
  at: number;
}

export class RaiseHistory implements RecentRaises {
  private readonly byFault = new Map<string, Raise[]>();

  /** Remembers an alarm's raise (once per alarm id). */
  note(a: Pick<AlarmRecord, 'id' | 'deviceId' | 'rule' | 'raisedAt'>): void {
    const k = key(a.deviceId, a.rule);
    const list = this.byFault.get(k);
    if (!list) {
      this.byFault.set(k, [{ id: a.id, at: a.raisedAt }]);
      return;
    }
    if (list.some((r) => r.id === a.id)) return;
    list.push({ id: a.id, at: a.raisedAt });
  }

  raisesSince(deviceId: string, rule: string, from: number): number {
    const k = key(deviceId, rule);
    const list = this.byFault.get(k);
    if (!list) return 0;
    const kept = list.filter((r) => r.at >= from);
    if (kept.length === 0) this.byFault.delete(k);
    else if (kept.length !== list.length) this.byFault.set(k, kept);
    return kept.length;
  }
}
