// The incident gate (api.md "Power-feed topology", "Silences"): for an active alarm that has no ticket,
// what happens now — grouped under the power cut of the box that feeds its device, held for a cause
// that may still come, silenced, restoring after its cause cleared, or its ticket opens. The `why` of
// each is data (what the console shows as "no ticket of its own because…", and what a ticket opened
// late records). Pure: the device, its feeder's alarms, the silences and the time are inputs.
import type { AlarmRecord, SilenceRecord, TicketRecord } from '../store/store';
import { coveringSilence } from './silence-match';
import type { TicketChange } from './ticket-decisions';

export interface GateTimes {
  /** INCIDENT_HOLD_S: a dark alarm waits this long for its feeder's cause. */
  holdMs: number;
  /** INCIDENT_RESTORE_GRACE_S: after the cause clears, a still-dark alarm waits this long. */
  graceMs: number;
}

/** The alarm's device as the gate reads it. */
export interface GateDevice {
  id: string;
  type: string;
  compoundId?: string;
  /** The rules of its type a power cut explains (`power.dark`). */
  dark: readonly string[];
  /** The box that feeds it and the rules of the box's type that cut power; absent when none does. */
  feeder?: { id: string; cuts: readonly string[] };
}

export interface GateInput {
  alarm: AlarmRecord;
  device: GateDevice;
  /** Whether the alarm's severity opens a ticket at all. */
  opensTicket: boolean;
  /** The feeder's active alarms. */
  feederAlarms: readonly AlarmRecord[];
  /** The alarm's recorded cause (its causeAlarmId), active or cleared; undefined while not known. */
  cause?: AlarmRecord;
  silences: Iterable<SilenceRecord>;
  now: number;
  times: GateTimes;
}

/** Why an alarm has no ticket of its own (yet), or why it gets one now. */
export type GateWhy =
  /** Its feeder's power alarm explains it: the feeder's ticket is the one work order. */
  | { code: 'power_cut'; feederId: string; causeAlarmId: string; causeRule: string }
  /** A dark rule of a fed device: waiting until `until` for its feeder's power alarm. */
  | { code: 'awaiting_cause'; feederId: string; until: number }
  /** A silence covers it until `until`. */
  | { code: 'silenced'; silenceId: string; until: number }
  /** Its cause cleared: if still dark at `until` it gets a ticket (`until` absent: not known yet). */
  | { code: 'power_restored'; feederId: string; causeAlarmId: string; until?: number }
  /** Gets its ticket: no cause came within the hold. */
  | { code: 'no_cause'; feederId: string }
  /** Gets its ticket: still dark INCIDENT_RESTORE_GRACE_S after the power came back. */
  | { code: 'still_dark'; feederId: string; causeAlarmId: string }
  /** Gets its ticket: the silence it was raised under ended. */
  | { code: 'silence_ended'; silenceId: string }
  /** Gets its ticket: nothing explains or holds it. */
  | { code: 'own_fault' };

export type GateDecision =
  | { kind: 'grouped'; causeAlarmId: string; why: GateWhy }
  | { kind: 'held'; until: number; why: GateWhy }
  | { kind: 'silenced'; silenceId: string; until: number; why: GateWhy }
  | { kind: 'restoring'; causeAlarmId: string; until?: number; why: GateWhy }
  | { kind: 'open'; why: GateWhy }
  /** A severity that opens no ticket: nothing to decide. */
  | { kind: 'none' };

/** The feeder's earliest active power alarm raised before the alarm, or up to the hold after it. */
export function findCause(
  alarm: AlarmRecord,
  feeder: { cuts: readonly string[] },
  feederAlarms: readonly AlarmRecord[],
  holdMs: number,
): AlarmRecord | undefined {
  let best: AlarmRecord | undefined;
  for (const c of feederAlarms) {
    if (!c.active || !feeder.cuts.includes(c.rule) || c.raisedAt > alarm.raisedAt + holdMs) continue;
    if (!best || c.raisedAt < best.raisedAt) best = c;
  }
  return best;
}

export function gate(input: GateInput): GateDecision {
  const { alarm, device, now, times } = input;
  if (!input.opensTicket) return { kind: 'none' };
  const feeder = device.dark.includes(alarm.rule) ? device.feeder : undefined;
  if (feeder) {
    // Still dark from an earlier cut of the same feeder: a new cut explains it whenever it comes.
    const window = alarm.causeAlarmId === undefined ? times.holdMs : Infinity;
    const cause = findCause(alarm, feeder, input.feederAlarms, window);
    if (cause) return grouped(feeder.id, cause);
    if (input.cause?.active) return grouped(feeder.id, input.cause);
  }
  const target = { deviceId: device.id, type: device.type, rule: alarm.rule };
  const silence = coveringSilence(input.silences, { ...target, compoundId: device.compoundId }, now);
  if (silence) {
    const why: GateWhy = { code: 'silenced', silenceId: silence.id, until: silence.endsAt };
    return { kind: 'silenced', silenceId: silence.id, until: silence.endsAt, why };
  }
  if (feeder && alarm.causeAlarmId !== undefined) return restore(feeder.id, alarm.causeAlarmId, input);
  if (feeder) {
    const until = alarm.raisedAt + times.holdMs;
    if (now < until)
      return { kind: 'held', until, why: { code: 'awaiting_cause', feederId: feeder.id, until } };
  }
  if (alarm.silenceId !== undefined)
    return { kind: 'open', why: { code: 'silence_ended', silenceId: alarm.silenceId } };
  if (feeder) return { kind: 'open', why: { code: 'no_cause', feederId: feeder.id } };
  return { kind: 'open', why: { code: 'own_fault' } };
}

function grouped(feederId: string, cause: AlarmRecord): GateDecision {
  const why: GateWhy = { code: 'power_cut', feederId, causeAlarmId: cause.id, causeRule: cause.rule };
  return { kind: 'grouped', causeAlarmId: cause.id, why };
}

/** The alarm's cause cleared (or is not known yet): wait out the grace, then its own ticket. */
function restore(feederId: string, causeAlarmId: string, input: GateInput): GateDecision {
  const clearedAt = input.cause?.clearedAt;
  if (clearedAt === undefined) {
    return { kind: 'restoring', causeAlarmId, why: { code: 'power_restored', feederId, causeAlarmId } };
  }
  const until = clearedAt + input.times.graceMs;
  if (input.now < until) {
    const why: GateWhy = { code: 'power_restored', feederId, causeAlarmId, until };
    return { kind: 'restoring', causeAlarmId, until, why };
  }
  return { kind: 'open', why: { code: 'still_dark', feederId, causeAlarmId } };
}

/** A grouped alarm goes on the timeline of its cause's ticket (`alarm_grouped`), if that is open. */
export function groupedOnTicket(
  open: TicketRecord | undefined,
  alarm: AlarmRecord,
  now: number,
): TicketChange | undefined {
  if (!open) return undefined;
  const next = { ...open, updatedAt: now };
  const data = { alarmId: alarm.id, deviceId: alarm.deviceId, rule: alarm.rule };
  const entry = { ticketId: open.id, at: now, type: 'alarm_grouped', by: `device:${alarm.deviceId}`, data };
  return { prev: open, next, entry };
}
