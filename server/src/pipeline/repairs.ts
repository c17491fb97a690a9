// The device proves the repair (api.md v1.1): a ticket does not close while its alarm is still active,
// and the same fault returning soon after its ticket closed reopens that ticket as a repeat repair.
// Pure: the active alarms are read through an interface; the closed ticket, window and time are
// parameters.
import type { TicketEventBody } from '../contracts/dto';
import { conflict } from '../errors';
import type { AlarmRecord, TicketEventRecord, TicketRecord } from '../store/store';
import type { ActiveAlarms } from './alarm-decisions';
import type { SlaPolicy } from './sla';
import { alarmRaisedEntry, SYSTEM, transition, type TicketChange } from './ticket-decisions';

/** The lifecycle `reason` of a reopen by a returning fault. */
export const REPEAT_FAULT = 'repeat_fault';

/** Throws `alarm_active` (409) for a close or callback while the ticket's alarm is still active. */
export function requireRepairVerified(t: TicketRecord, ev: TicketEventBody, alarms: ActiveAlarms): void {
  if (ev.type !== 'close' && ev.type !== 'callback') return;
  if (t.deviceId === undefined || t.alarmRule === undefined) return;
  const a = alarms.active(t.deviceId, t.alarmRule);
  if (!a) return;
  const flapping = a.flapping === true ? ' (flapping: it clears once it has stayed healthy a while)' : '';
  throw conflict(
    `alarm ${a.id} (${a.rule} on ${a.deviceId}) is still active${flapping}: the device has not confirmed ` +
      `the repair; fix the fault and ${ev.type} the ticket once the alarm clears, or reopen it`,
    'alarm_active',
    { alarmId: a.id, deviceId: a.deviceId, rule: a.rule },
  );
}

/**
 * A raised alarm whose fault's ticket closed at or after `now - windowMs` reopens it: `reopen` by
 * system (reason repeat_fault, fresh deadlines, back to the queue), then the `alarm_raised` entry;
 * `repeatCount` one higher. Undefined when there is no such ticket (the alarm opens a fresh one).
 */
export function reopenForRepeat(
  closed: TicketRecord | undefined,
  alarm: AlarmRecord,
  windowMs: number,
  sla: SlaPolicy,
): TicketChange | undefined {
  const now = alarm.raisedAt;
  if (closed?.status !== 'closed' || (closed.closedAt ?? 0) < now - windowMs) return undefined;
  const reopened = transition(closed, { type: 'reopen', reason: REPEAT_FAULT }, SYSTEM.username, now, sla);
  return {
    prev: closed,
    next: { ...reopened.next, repeatCount: (closed.repeatCount ?? 0) + 1 },
    ...(reopened.entry && { before: reopened.entry }),
    entry: alarmRaisedEntry(closed.id, alarm),
  };
}

/** One reopen of a ticket by a returning fault, as the stats count it. */
export interface RepeatReopen {
  ticketId: string;
  compoundId?: string;
  at: number;
}

/** The repeat-fault reopens on a ticket's timeline. */
export function repeatReopens(t: TicketRecord, timeline: readonly TicketEventRecord[]): RepeatReopen[] {
  return timeline
    .filter((e) => e.type === 'reopen' && e.by === SYSTEM.username && e.data.reason === REPEAT_FAULT)
    .map((e) => ({
      ticketId: t.id,
      at: e.at,
      ...(t.compoundId !== undefined && { compoundId: t.compoundId }),
    }));
}
