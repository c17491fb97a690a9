// The last finished alarm ticket of each fault (device + rule), in memory: what a repeat fault reopens
// (api.md v1.1 "The device proves the repair"). The ticket book keeps it as tickets close, are
// cancelled or reopen; loaded at start with the tickets closed within REPEAT_WINDOW_H. A cancelled
// ticket takes its fault's place without being reopenable: the fault's next alarm opens a fresh ticket.
import type { TicketRecord } from '../store/store';

const faultKey = (deviceId: string, rule: string) => `${deviceId}\u0000${rule}`;

export class ClosedFaults {
  private readonly byFault = new Map<string, TicketRecord>();

  /** A ticket changed (or was read back from the store): keeps the fault's entry right. */
  note(t: TicketRecord): void {
    if (t.source !== 'alarm' || t.deviceId === undefined || t.alarmRule === undefined) return;
    const k = faultKey(t.deviceId, t.alarmRule);
    const held = this.byFault.get(k);
    if (t.status === 'closed' || t.status === 'cancelled') {
      // An older copy of the fault's ticket never replaces a newer one.
      if (!held || held.id === t.id || (held.closedAt ?? 0) <= (t.closedAt ?? 0)) this.byFault.set(k, t);
    } else if (held?.id === t.id) this.byFault.delete(k);
  }

  /** The fault's closed ticket if it closed at or after `from`; a cancelled one is not returned. */
  recent(deviceId: string, rule: string, from: number): TicketRecord | undefined {
    const k = faultKey(deviceId, rule);
    const t = this.byFault.get(k);
    if (!t) return undefined;
    if ((t.closedAt ?? 0) < from) {
      this.byFault.delete(k);
      return undefined;
    }
    return t.status === 'closed' ? t : undefined;
  }
}
