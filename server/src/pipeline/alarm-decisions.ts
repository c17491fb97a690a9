// Alarm decisions (device-protocol.md "Default fault rules", api.md alarms): rule transitions of one
// device → alarm changes, with one active alarm per device and rule. Pure: the active alarms are read
// through an interface, ids and the time are parameters, and nothing is written.
import type { AlarmRecord } from '../store/store';
import type { RuleTransition } from './rules';

/**
 * What happened to an alarm; `repeated` rides the telemetry window, every other kind commits at once.
 * `updated`: a flapping alarm went quiet or faulted again (pipeline/flapping.ts), announced as an update.
 */
export type AlarmChange =
  | { kind: 'raised'; alarm: AlarmRecord }
  | { kind: 'repeated'; alarm: AlarmRecord }
  | { kind: 'acked'; alarm: AlarmRecord }
  /** Set later: its incident, silence or late ticket (services/incidents.ts), a flapping alarm's quiet time. */
  | { kind: 'updated'; alarm: AlarmRecord }
  | { kind: 'cleared'; alarm: AlarmRecord };

/** The active alarms, as the decisions read them. */
export interface ActiveAlarms {
  active(deviceId: string, rule: string): AlarmRecord | undefined;
}

/**
 * One change per transition: a raise opens an alarm (or, when one is active already — its timer
 * state was lost — counts as a repeat), a repeat counts, a clear closes the active alarm.
 */
export function decideAlarms(
  active: ActiveAlarms,
  deviceId: string,
  transitions: readonly RuleTransition[],
  now: number,
  newId: (now: number) => string,
): AlarmChange[] {
  const out: AlarmChange[] = [];
  for (const t of transitions) {
    const existing = active.active(deviceId, t.rule);
    if (t.kind === 'clear') {
      if (existing) out.push({ kind: 'cleared', alarm: { ...existing, active: false, clearedAt: now } });
    } else if (existing) {
      const alarm = { ...existing, count: existing.count + 1, lastValue: t.value, lastSeenAt: now };
      out.push({ kind: 'repeated', alarm });
    } else {
      out.push({
        kind: 'raised',
        alarm: {
          id: newId(now),
          deviceId,
          rule: t.rule,
          severity: t.severity,
          active: true,
          count: 1,
          raisedAt: now,
          lastSeenAt: now,
          lastValue: t.value,
        },
      });
    }
  }
  return out;
}

/** A dispatcher acknowledges an alarm; a second acknowledgement changes nothing. */
export function ackAlarm(alarm: AlarmRecord, by: string, now: number): AlarmChange | undefined {
  if (alarm.ackedAt !== undefined) return undefined;
  return { kind: 'acked', alarm: { ...alarm, ackedAt: now, ackedBy: by } };
}

/**
 * Active alarms whose device or rule is no longer configured (a RULES_FILE change) could never clear
 * by themselves: they are cleared.
 */
export function retireOrphans(
  alarms: Iterable<AlarmRecord>,
  configured: (a: AlarmRecord) => boolean,
  now: number,
): AlarmChange[] {
  const out: AlarmChange[] = [];
  for (const a of alarms)
    if (!configured(a)) out.push({ kind: 'cleared', alarm: { ...a, active: false, clearedAt: now } });
  return out;
}
