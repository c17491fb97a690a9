// The typed in-process event bus. Services emit only after the store has committed what the event
// describes; the realtime gateway, metrics and notifications subscribe.
import { EventEmitter } from 'node:events';
import type { AlarmRecord, DeliveryRecord, DeviceStatus, SlaDeadline, TicketRecord } from '../store/store';
import type { HandoverRecord } from '../store/handovers';
import type { VanPosition } from '../contracts/dto';
import type { Withdrawal } from '../pipeline/preempt';
import type { MetricValue } from '../../../devices/lib/types';

export interface DomainEvents {
  'alarm:raised': AlarmRecord;
  'alarm:updated': AlarmRecord;
  'alarm:cleared': AlarmRecord;
  'ticket:created': TicketRecord;
  'ticket:updated': TicketRecord;
  /** A ticket was dispatched to a van: its technicians get an `assignment`. */
  'ticket:assigned': TicketRecord;
  /**
   * A ticket left a van (re-dispatched, declined, reopened, sent back to the queue) or was cancelled
   * while it worked on it: that van's technicians are told; `why` when a dispatcher took it from them.
   */
  'ticket:unassigned': { ticket: TicketRecord; vanId: string; why?: Withdrawal };
  /** A ticket missed one or more of its deadlines (timeline `sla_breached`): channels are told. */
  'ticket:sla_breached': { ticket: TicketRecord; deadlines: SlaDeadline[] };
  /**
   * A ticket not accepted in time went up a level (timeline `escalated`): channels are told, and
   * `notify` (usernames: the supervisor on call, from the duty roster) get a push.
   */
  'ticket:escalated': { ticket: TicketRecord; level: number; notify: string[] };
  /** A notification attempt ended and its delivery row was updated (`doneAt` set: no more attempts). */
  'notification:attempted': DeliveryRecord;
  'van:position': VanPosition;
  'device:status': { id: string; status: DeviceStatus; lastSeen?: number };
  'device:state': { id: string; state: Record<string, MetricValue> };
  'device:event': { id: string; event: Record<string, unknown> & { type: string; ts: number } };
  'command:ack': { deviceId: string; id: string; ok: boolean; message?: string; ts: number };
  /** Something was registered (stored): in a cluster, the other nodes load it. */
  registered: { what: 'device' | 'van' | 'compound'; ids: string[] };
  /** A day's shift of the duty roster was set or cleared (stored): in a cluster, the other nodes reload it. */
  'duty:changed': { date: string; shiftId: string };
  /** A road closure was created, ended or expired (stored): routes change; in a cluster, other nodes reload. */
  'road-closure:changed': { id: string };
  /** A silence was created or ended (stored): in a cluster, the other nodes reload the silences. */
  'silence:changed': { id: string };
  /** A shift handover was written / signed off (stored): consoles are told (`handover:*` events). */
  'handover:created': HandoverRecord;
  'handover:acked': HandoverRecord;
  /** A login ended (logout): live connections opened with it are closed. */
  'session:ended': { tokenHash: string };
  /**
   * A user's logins were taken away (disabled, password changed; `sessions: false` — only their role or
   * van changed): their live connections close, but the one opened with `keepTokenHash`.
   */
  'user:revoked': { username: string; sessions: boolean; keepTokenHash?: string };
}

export type DomainEventName = keyof DomainEvents;

export class EventBus {
  private readonly ee = new EventEmitter();
  constructor() {
    this.ee.setMaxListeners(100);
  }
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.ee.emit(name, payload);
  }
  on<K extends DomainEventName>(name: K, fn: (payload: DomainEvents[K]) => void): () => void {
    this.ee.on(name, fn);
    return () => this.ee.off(name, fn);
  }
}
