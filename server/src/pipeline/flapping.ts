// Flapping (api.md v1.1 "Flapping"): one device+rule raising FLAP_COUNT times within FLAP_WINDOW_S is
// one flapping alarm that stays active — one ticket, no further `alarm:raised` — until its rule has
// been healthy for FLAP_QUIET_S. A stage after the alarm decisions: it reshapes their changes. Pure:
// the count of recent raises, the policy and the time are parameters.
import type { AlarmRecord } from '../store/store';
import type { AlarmChange } from './alarm-decisions';

export interface FlapPolicy {
  /** The raise within the window that makes the alarm flapping (FLAP_COUNT). */
  count: number;
  windowMs: number;
  /** Healthy this long, a flapping alarm clears (FLAP_QUIET_S). */
  quietMs: number;
}

/** The raise times of one device+rule, as far back as the window reaches. */
export interface RecentRaises {
  /** How many alarms of this device and rule were raised at or after `from`. */
  raisesSince(deviceId: string, rule: string, from: number): number;
}

/**
 * One alarm change through the flapping rules:
 * - the FLAP_COUNT-th raise within the window raises the alarm with `flapping: true`;
 * - a flapping alarm whose rule clears stays active, `quietSince` set (`updated`: no ticket entry);
 * - a raise of a quiet flapping alarm is a repeat that ends the quiet (`updated`, durable).
 * Anything else passes unchanged.
 */
export function flapStage(
  change: AlarmChange,
  recent: RecentRaises,
  policy: FlapPolicy,
  now: number,
): AlarmChange {
  const a = change.alarm;
  switch (change.kind) {
    case 'raised': {
      // The raise being decided is not in the history yet: it is one more.
      const raises = recent.raisesSince(a.deviceId, a.rule, now - policy.windowMs) + 1;
      return raises >= policy.count ? { kind: 'raised', alarm: { ...a, flapping: true } } : change;
    }
    case 'cleared': {
      if (a.flapping !== true) return change;
      const { clearedAt: _c, ...held } = a;
      return { kind: 'updated', alarm: { ...held, active: true, quietSince: a.quietSince ?? now } };
    }
    case 'repeated': {
      if (a.quietSince === undefined) return change;
      const { quietSince: _q, ...back } = a;
      return { kind: 'updated', alarm: back };
    }
    case 'acked':
    case 'updated':
      return change;
  }
}

/** Periodic: the flapping alarms healthy for FLAP_QUIET_S clear now. */
export function quietClears(
  alarms: Iterable<AlarmRecord>,
  policy: FlapPolicy,
  now: number,
  handles: (deviceId: string) => boolean = () => true,
): AlarmChange[] {
  const out: AlarmChange[] = [];
  for (const a of alarms) {
    if (a.quietSince === undefined || now - a.quietSince < policy.quietMs || !handles(a.deviceId)) continue;
    out.push({ kind: 'cleared', alarm: { ...a, active: false, clearedAt: now } });
  }
  return out;
}
