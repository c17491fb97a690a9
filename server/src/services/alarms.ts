// Alarms: runs the alarm decisions for a device's rule transitions — through the flapping stage, and,
// for each raised or cleared alarm, the ticket decision of its fault (a repeat fault reopens its
// closed ticket) — then hands the changes to Effects. Synchronous on the ingest path, so one device's
// messages can never raise two alarms for one rule.
import type { Clock } from '../clock';
import { conflict, invalid, notFound } from '../errors';
import { ackAlarm, decideAlarms, retireOrphans, type AlarmChange } from '../pipeline/alarm-decisions';
import { flapStage, quietClears, type FlapPolicy } from '../pipeline/flapping';
import { alarmId, ticketId } from '../pipeline/ids';
import type { RuleTransition } from '../pipeline/rules';
import { reopenForRepeat } from '../pipeline/repairs';
import { priorityForSeverity, type SlaPolicy } from '../pipeline/sla';
import {
  ticketForAlarm,
  ticketOnAlarmCleared,
  type FaultSource,
  type TicketChange,
} from '../pipeline/ticket-decisions';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { AlarmFilter, AlarmRecord, Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceRuntime, DeviceService } from './devices';
import type { Effects } from './effects';
import type { IncidentService } from './incidents';

export type AlarmStore = Pick<Store, 'getAlarm' | 'listAlarms' | 'listTickets'>;

/** Flapping and repeat faults (api.md v1.1: FLAP_*, REPEAT_WINDOW_H). */
export interface AlarmPolicy {
  flap: FlapPolicy;
  /** A fault returning this soon after its ticket closed reopens that ticket. */
  repeatWindowMs: number;
}

export class AlarmService {
  constructor(
    private readonly store: AlarmStore,
    private readonly queue: WriteQueue,
    private readonly book: AlarmBook,
    private readonly tickets: TicketBook,
    private readonly effects: Effects,
    private readonly clock: Clock,
    private readonly sla: SlaPolicy,
    private readonly policy: AlarmPolicy,
    /** The incident gate: a raised alarm it withholds (grouped, silenced, held) opens no ticket. */
    private readonly incidents?: Pick<IncidentService, 'atRaise' | 'applied'>,
  ) {}

  async load(): Promise<void> {
    const now = this.clock.now();
    const [active, recent] = await Promise.all([
      this.store.listAlarms({ active: true }),
      this.store.listAlarms({ raisedFrom: now - this.policy.flap.windowMs }),
      this.loadRecentlyClosed(),
    ]);
    this.book.load(active);
    this.book.loadRaises(recent);
  }

  /** The alarm tickets closed within the repeat window, which a returning fault reopens. */
  async loadRecentlyClosed(): Promise<void> {
    const closedFrom = this.clock.now() - this.policy.repeatWindowMs;
    this.tickets.loadClosed(
      await this.store.listTickets({ status: ['closed'], source: 'alarm', closedFrom }),
    );
  }

  apply(device: DeviceRuntime, transitions: readonly RuleTransition[], now: number): void {
    // evaluateRules gives at most one transition per rule, so the alarm decisions of one reading are
    // independent; each ticket decision reads the books as the previous change left them.
    for (const decided of decideAlarms(this.book, device.rec.id, transitions, now, alarmId)) {
      const change = flapStage(decided, this.book.raises, this.policy.flap, now);
      const { alarm, ticket } = this.ticketDecision(device, change);
      this.effects.apply({ alarms: [{ ...change, alarm }], ...(ticket && { tickets: [ticket] }) });
      this.incidents?.applied(device, { ...change, alarm });
    }
  }

  /**
   * A raised alarm opens (or joins) its fault's ticket — unless the incident gate withholds it (grouped
   * under a power cut, on the cause's timeline; silenced; held for a cause); a cleared one is noted on it.
   */
  private ticketDecision(
    device: DeviceRuntime,
    change: AlarmChange,
  ): { alarm: AlarmRecord; ticket?: TicketChange | undefined } {
    const a = change.alarm;
    if (change.kind === 'cleared') return { alarm: a, ticket: this.clearedOnTicket(a) };
    if (change.kind !== 'raised') return { alarm: a };
    const withheld = this.incidents?.atRaise(device, a);
    if (withheld) return withheld;
    const ticket = this.openTicket(device, a);
    return { alarm: ticket ? { ...a, ticketId: ticket.next.id } : a, ticket };
  }

  /**
   * The ticket an alarm opens, or the open ticket of its fault it joins; undefined for a severity that
   * opens none. Also for an alarm that waited (incident hold-down, silence) and now gets its ticket.
   */
  openTicket(device: DeviceRuntime, a: AlarmRecord): TicketChange | undefined {
    const priority = priorityForSeverity(a.severity);
    if (!priority) return undefined;
    const open = this.tickets.forFault(device.rec.id, a.rule);
    if (!open) {
      const from = a.raisedAt - this.policy.repeatWindowMs;
      const closed = this.tickets.closed.recent(device.rec.id, a.rule, from);
      const repeat = reopenForRepeat(closed, a, this.policy.repeatWindowMs, this.sla);
      if (repeat) return repeat;
    }
    return ticketForAlarm(open, a, faultSource(device, a), priority, this.sla, ticketId);
  }

  private clearedOnTicket(a: AlarmRecord): TicketChange | undefined {
    return ticketOnAlarmCleared(a.ticketId === undefined ? undefined : this.tickets.get(a.ticketId), a);
  }

  /**
   * Periodic: flapping alarms healthy for FLAP_QUIET_S clear, with their ticket's entry — of every
   * device, or (cluster mode) of those this node handles.
   */
  settleFlapping(handles?: (deviceId: string) => boolean): void {
    const now = this.clock.now();
    for (const c of quietClears(this.book.all(), this.policy.flap, now, handles)) {
      const ticket = this.clearedOnTicket(c.alarm);
      this.effects.apply({ alarms: [c], ...(ticket && { tickets: [ticket] }) });
    }
  }

  /**
   * Clears active alarms whose device or rule is no longer configured (a RULES_FILE change): they
   * could never clear by themselves. Run once after load.
   */
  retireOrphans(devices: DeviceService, now: number): number {
    const configured = (a: AlarmRecord) =>
      devices.get(a.deviceId)?.type.rules.some((r) => r.id === a.rule) === true;
    const changes = retireOrphans([...this.book.all()], configured, now);
    for (const c of changes) {
      const ticket = this.clearedOnTicket(c.alarm);
      this.effects.apply({ alarms: [c], ...(ticket && { tickets: [ticket] }) });
    }
    return changes.length;
  }

  /**
   * The device left service (decommissioned): its active alarms clear now, each ticket's timeline saying
   * why (`reason`, by `by`). Resolves once committed; returns how many cleared.
   */
  async clearDevice(deviceId: string, reason: string, by: string, now: number): Promise<number> {
    const changes = retireOrphans(this.book.forDevice(deviceId), () => false, now);
    for (const c of changes) {
      const t = this.clearedOnTicket(c.alarm);
      const ticket = t?.entry ? { ...t, entry: { ...t.entry, by, data: { ...t.entry.data, reason } } } : t;
      this.effects.apply({ alarms: [c], ...(ticket && { tickets: [ticket] }) });
    }
    await this.queue.committed();
    return changes.length;
  }

  /** Cluster mode: the device's active alarms as stored replace this node's (it now handles the device). */
  async reloadDevice(deviceId: string): Promise<void> {
    this.restoreDevice(deviceId, await this.store.listAlarms({ active: true, deviceId }));
  }
  /** An ack made on another node reaches this node, which handles the device. */
  async mergeAcks(deviceId: string): Promise<void> {
    this.book.mergeAcks(deviceId, await this.store.listAlarms({ active: true, deviceId }));
  }
  /** As reloadDevice, with the device's active alarms already read from the store. */
  restoreDevice(deviceId: string, active: readonly AlarmRecord[]): void {
    this.book.reload(deviceId, active);
  }

  activeFor(deviceId: string): AlarmRecord[] {
    return this.book.forDevice(deviceId);
  }

  async ack(id: string, by: string): Promise<AlarmRecord> {
    await this.queue.flush();
    const current = this.book.get(id) ?? (await this.store.getAlarm(id));
    if (!current) throw notFound(`alarm ${id}`);
    const change = ackAlarm(current, by, this.clock.now());
    if (!change) return current;
    this.effects.apply({ alarms: [change] });
    const rejected = await this.queue.committed();
    if (rejected.alarms.includes(id)) {
      throw conflict(`alarm ${id} is no longer the active one of its device and rule; reload the alarms`);
    }
    return change.alarm;
  }

  /**
   * Acknowledges every alarm of `ids` at once (one commit); an unknown id is 404 and none is
   * acknowledged. Those already acknowledged stay as they were.
   */
  async ackMany(ids: readonly string[], by: string): Promise<AlarmRecord[]> {
    await this.queue.flush();
    const found = await Promise.all(ids.map(async (id) => this.book.get(id) ?? this.store.getAlarm(id)));
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length > 0) throw notFound(`alarm ${missing.join(', ')}; nothing was acknowledged`);
    const now = this.clock.now();
    const current = found.filter((a): a is AlarmRecord => a !== undefined);
    const changes = current.flatMap((a) => ackAlarm(a, by, now) ?? []);
    if (changes.length === 0) return current;
    this.effects.apply({ alarms: changes });
    const rejected = await this.queue.committed();
    const lost = changes.filter((c) => rejected.alarms.includes(c.alarm.id)).map((c) => c.alarm.id);
    if (lost.length > 0)
      throw conflict(`alarm ${lost.join(', ')} changed at the same moment; reload the alarms and try again`);
    const acked = new Map(changes.map((c) => [c.alarm.id, c.alarm]));
    return current.map((a) => acked.get(a.id) ?? a);
  }

  /** Newest first; `beforeId` (the last alarm of the previous page) continues after that alarm. */
  async list(filter: AlarmFilter, beforeId?: string): Promise<AlarmRecord[]> {
    await this.queue.flush();
    if (beforeId === undefined) return this.store.listAlarms(filter);
    const last = this.book.get(beforeId) ?? (await this.store.getAlarm(beforeId));
    if (!last) throw invalid(`before: there is no alarm ${beforeId}`);
    return this.store.listAlarms({ ...filter, before: { at: last.raisedAt, id: last.id } });
  }
}

/** The device whose alarm opens a ticket, as the ticket describes it. */
function faultSource(device: DeviceRuntime, a: AlarmRecord): FaultSource {
  const { rec, type } = device;
  const ruleLabel = type.rules.find((r) => r.id === a.rule)?.label.zh;
  return {
    deviceId: rec.id,
    category: type.def.category,
    typeLabelZh: type.def.label.zh,
    ...(rec.name !== undefined && { deviceName: rec.name }),
    ...(rec.compoundId !== undefined && { compoundId: rec.compoundId }),
    ...(rec.lat !== undefined && { lat: rec.lat }),
    ...(rec.lng !== undefined && { lng: rec.lng }),
    ...(ruleLabel !== undefined && { ruleLabelZh: ruleLabel }),
  };
}
