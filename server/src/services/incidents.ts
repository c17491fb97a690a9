// Incidents at work (api.md "Power-feed topology", "Silences"): runs the incident gate when an alarm is
// raised — grouped under its feeder's power cut, silenced or held, it opens no ticket — and, on every
// tick, sweeps the active alarms without a ticket: groups the held ones whose cause came, opens the
// tickets of those whose hold, grace or silence ran out. Never per reading: only at a raise, when a
// feeder's power alarm is raised (its fed devices at once), when a silence ends, and on the tick.
import type { Clock } from '../clock';
import type { AlarmChange } from '../pipeline/alarm-decisions';
import {
  gate,
  groupedOnTicket,
  type GateDecision,
  type GateDevice,
  type GateTimes,
  type GateWhy,
} from '../pipeline/incidents';
import { priorityForSeverity } from '../pipeline/sla';
import type { TicketChange } from '../pipeline/ticket-decisions';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { AlarmRecord, Store } from '../store/store';
import type { DeviceRuntime, DeviceService } from './devices';
import type { Effects } from './effects';
import type { SilenceService } from './silences';

export interface IncidentDeps {
  store: Pick<Store, 'getAlarm'>;
  devices: DeviceService;
  alarms: AlarmBook;
  tickets: TicketBook;
  effects: Pick<Effects, 'apply'>;
  silences: Pick<SilenceService, 'inForce' | 'onEnded' | 'prune'>;
  /** The ticket an alarm opens now, or the open ticket of its fault it joins (AlarmService.openTicket). */
  openTicket(device: DeviceRuntime, alarm: AlarmRecord): TicketChange | undefined;
  clock: Clock;
  times: GateTimes;
}

/** What a raised alarm becomes instead of opening its ticket. */
export interface Withheld {
  alarm: AlarmRecord;
  /** The cause's ticket, with the alarm on its timeline (`alarm_grouped`). */
  ticket?: TicketChange;
}

export class IncidentService {
  /** Cleared power alarms that may be the cause of alarms still dark, by id (kept through the grace). */
  private readonly cleared = new Map<string, AlarmRecord>();
  private readonly fetching = new Set<string>();
  /**
   * Grouped alarms whose cause's ticket this node did not hold yet (cluster: opened on another node
   * and not synced here yet); the sweep puts them on its timeline once it arrives.
   */
  private readonly ungrouped = new Set<string>();
  /** Cluster mode: the devices this node decides for. */
  private handles: (deviceId: string) => boolean = () => true;

  constructor(private readonly d: IncidentDeps) {
    d.silences.onEnded(() => this.sweep());
  }

  /** Cluster mode: sweep only the devices this node handles. */
  handledBy(handles: (deviceId: string) => boolean): void {
    this.handles = handles;
  }

  /** At raise: what the alarm becomes instead of opening its ticket; undefined: it opens it as usual. */
  atRaise(device: DeviceRuntime, a: AlarmRecord): Withheld | undefined {
    const decision = this.decide(device, a, a.raisedAt);
    switch (decision.kind) {
      case 'grouped': {
        const alarm = { ...a, causeAlarmId: decision.causeAlarmId };
        const ticket = this.causeTicket(decision.causeAlarmId, alarm, a.raisedAt);
        return { alarm, ...(ticket && { ticket }) };
      }
      case 'silenced':
        return { alarm: { ...a, silenceId: decision.silenceId } };
      case 'held':
      case 'restoring':
        return { alarm: a };
      case 'open':
      case 'none':
        return undefined;
    }
  }

  /**
   * After an alarm change was applied: a feeder's power alarm raised sweeps the devices it feeds at
   * once; one cleared is kept as the cause the restore grace counts from.
   */
  applied(device: DeviceRuntime, change: AlarmChange): void {
    const a = change.alarm;
    if (!device.type.def.power?.cuts?.includes(a.rule)) return;
    if (change.kind === 'cleared') this.cleared.set(a.id, a);
    if (change.kind !== 'raised') return;
    const fed = new Set<string>();
    for (const d of this.d.devices.fedBy(device.rec.id)) if (this.handles(d.rec.id)) fed.add(d.rec.id);
    if (fed.size > 0) this.sweep((id) => fed.has(id));
  }

  /** Every tick: re-runs the gate over the active alarms without a ticket of the devices `accept`s. */
  sweep(accept: (deviceId: string) => boolean = this.handles): void {
    const now = this.d.clock.now();
    const waiting: AlarmRecord[] = [];
    for (const a of this.d.alarms.all())
      if (a.ticketId === undefined && priorityForSeverity(a.severity) && accept(a.deviceId)) waiting.push(a);
    for (const a of waiting) {
      const device = this.d.devices.get(a.deviceId);
      const current = this.d.alarms.get(a.id);
      if (device && current?.active && current.ticketId === undefined) this.regate(device, current, now);
    }
    for (const id of this.ungrouped) if (!this.d.alarms.get(id)?.active) this.ungrouped.delete(id);
    for (const [id, c] of this.cleared)
      if ((c.clearedAt ?? 0) + this.d.times.graceMs < now) this.cleared.delete(id);
    this.d.silences.prune(now);
  }

  /** The active alarms the gate keeps without a ticket of their own now, each with why (for the console). */
  withheld(): { alarm: AlarmRecord; why: GateWhy }[] {
    const now = this.d.clock.now();
    const out: { alarm: AlarmRecord; why: GateWhy }[] = [];
    for (const a of this.d.alarms.all()) {
      const device = a.ticketId === undefined ? this.d.devices.get(a.deviceId) : undefined;
      const decision = device && this.decide(device, a, now);
      if (decision && decision.kind !== 'none' && decision.kind !== 'open')
        out.push({ alarm: a, why: decision.why });
    }
    return out.sort((x, y) => y.alarm.raisedAt - x.alarm.raisedAt);
  }

  private regate(device: DeviceRuntime, a: AlarmRecord, now: number): void {
    const decision = this.decide(device, a, now);
    switch (decision.kind) {
      case 'grouped': {
        if (a.causeAlarmId === decision.causeAlarmId) return this.regroup(a, now);
        const alarm = { ...a, causeAlarmId: decision.causeAlarmId };
        const ticket = this.causeTicket(decision.causeAlarmId, alarm, now);
        return this.d.effects.apply({ alarms: [updated(alarm)], ...(ticket && { tickets: [ticket] }) });
      }
      case 'silenced':
        if (a.silenceId === decision.silenceId) return;
        return this.d.effects.apply({ alarms: [updated({ ...a, silenceId: decision.silenceId })] });
      case 'restoring':
        if (decision.until === undefined) this.fetchCause(decision.causeAlarmId);
        return;
      case 'open':
        return this.open(device, a, decision.why, now);
      case 'held':
      case 'none':
        return;
    }
  }

  /** The alarm gets its ticket now (opened now: its SLA runs from now); the timeline says why. */
  private open(device: DeviceRuntime, a: AlarmRecord, why: GateWhy, now: number): void {
    const change = this.d.openTicket(device, { ...a, raisedAt: now });
    if (!change) return;
    const entry = change.entry && { ...change.entry, data: { ...change.entry.data, why } };
    const tickets: TicketChange[] = [{ ...change, ...(entry && { entry }) }];
    // A feeder's power alarm whose ticket opens late (it was silenced): what it groups goes on it too.
    if (device.type.def.power?.cuts?.includes(a.rule)) {
      let t = change.next;
      for (const x of this.d.alarms.all()) {
        const g = x.causeAlarmId === a.id ? groupedOnTicket(t, x, now) : undefined;
        if (g) tickets.push(g);
        t = g?.next ?? t;
      }
    }
    this.d.effects.apply({ alarms: [updated({ ...a, ticketId: change.next.id })], tickets });
  }

  private causeTicket(causeId: string, alarm: AlarmRecord, now: number): TicketChange | undefined {
    const ticketId = this.d.alarms.get(causeId)?.ticketId;
    if (ticketId === undefined) return undefined;
    const change = groupedOnTicket(this.d.tickets.get(ticketId), alarm, now);
    if (change) this.ungrouped.delete(alarm.id);
    else this.ungrouped.add(alarm.id);
    return change;
  }

  /** A grouped alarm still missing from its cause's ticket: put it there if the ticket is known now. */
  private regroup(a: AlarmRecord, now: number): void {
    if (!this.ungrouped.has(a.id) || a.causeAlarmId === undefined) return;
    const ticket = this.causeTicket(a.causeAlarmId, a, now);
    if (ticket) this.d.effects.apply({ tickets: [ticket] });
  }

  private decide(device: DeviceRuntime, a: AlarmRecord, now: number): GateDecision {
    const gd = gateDevice(device, this.d.devices);
    const feeder = gd.feeder && gd.dark.includes(a.rule) ? gd.feeder : undefined;
    const feederAlarms: AlarmRecord[] = [];
    for (const rule of feeder?.cuts ?? []) {
      const c = feeder && this.d.alarms.active(feeder.id, rule);
      if (c) feederAlarms.push(c);
    }
    const causeId = a.causeAlarmId;
    const cause =
      causeId === undefined ? undefined : (this.d.alarms.get(causeId) ?? this.cleared.get(causeId));
    return gate({
      alarm: a,
      device: gd,
      opensTicket: priorityForSeverity(a.severity) !== undefined,
      feederAlarms,
      ...(cause && { cause }),
      silences: this.d.silences.inForce(),
      now,
      times: this.d.times,
    });
  }

  /** The cause cleared on another node (or before a restart): read it once from the store. */
  private fetchCause(id: string): void {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    void this.d.store
      .getAlarm(id)
      .then((c) => {
        if (c && !c.active) this.cleared.set(id, c);
      })
      .catch(() => undefined)
      .finally(() => this.fetching.delete(id));
  }
}

const updated = (alarm: AlarmRecord): AlarmChange => ({ kind: 'updated', alarm });

/** The device's place in the power-feed topology, as the gate reads it. */
function gateDevice(device: DeviceRuntime, devices: DeviceService): GateDevice {
  const { rec, type } = device;
  const feeder = rec.poweredBy === undefined ? undefined : devices.get(rec.poweredBy);
  const cuts = feeder?.type.def.power?.cuts;
  return {
    id: rec.id,
    type: rec.type,
    ...(rec.compoundId !== undefined && { compoundId: rec.compoundId }),
    dark: type.def.power?.dark ?? [],
    ...(feeder && cuts && cuts.length > 0 && { feeder: { id: feeder.rec.id, cuts } }),
  };
}
