// Alarm storm: many alarms from several compounds at once (a feeder trips, a storm passes).
// The dispatcher should see one banner, not read thirty rows to notice it. The banner is driven by
// the server's active incidents (stormFromIncidents); the client-side guess (detectStorm) is only
// the fallback while the incidents endpoint cannot be reached.
import type { IncidentDto } from '../api/types';

export const STORM = { minAlarms: 10, minCompounds: 3, windowMs: 5 * 60_000 } as const;

export interface Raise {
  id: string;
  deviceId: string;
  /** Epoch ms the alarm was raised. */
  at: number;
}

export interface Storm {
  count: number;
  compounds: number;
}

/** The storm as the server's incidents describe it. */
export interface IncidentStorm {
  /** Root causes (active incidents). */
  roots: number;
  /** Devices still dark because of them. */
  dark: number;
  /** Compounds those devices (or the boxes) are in. */
  compounds: number;
}

/**
 * The active incidents summed up for the banner; null while none has a device dark (a box alarm
 * that darkens nothing is one ticket on the board, not a storm).
 */
export function stormFromIncidents(
  incidents: readonly IncidentDto[],
  compoundOf: (deviceId: string) => string | undefined,
): IncidentStorm | null {
  const active = incidents.filter((i) => i.endedAt === undefined && i.affected.some((a) => a.active));
  if (active.length === 0) return null;
  const dark = new Set<string>();
  const compounds = new Set<string>();
  for (const inc of active) {
    const home = inc.compoundId ?? compoundOf(inc.rootAlarm.deviceId);
    if (home !== undefined) compounds.add(home);
    for (const a of inc.affected) {
      if (!a.active) continue;
      dark.add(a.deviceId);
      const c = compoundOf(a.deviceId);
      if (c !== undefined) compounds.add(c);
    }
  }
  return { roots: active.length, dark: dark.size, compounds: compounds.size };
}

/** A storm when ≥ 10 alarms from ≥ 3 compounds were raised in the 5 minutes up to `now`. */
export function detectStorm(
  raises: Iterable<Raise>,
  compoundOf: (deviceId: string) => string | undefined,
  now: number,
): Storm | null {
  let count = 0;
  const compounds = new Set<string>();
  for (const r of raises) {
    if (r.at > now || now - r.at > STORM.windowMs) continue;
    count++;
    const c = compoundOf(r.deviceId);
    if (c !== undefined) compounds.add(c);
  }
  return count >= STORM.minAlarms && compounds.size >= STORM.minCompounds
    ? { count, compounds: compounds.size }
    : null;
}

/** The raises still inside the window (older ones can never count again). */
export function pruneRaises<T extends Raise>(raises: Iterable<T>, now: number): T[] {
  return [...raises].filter((r) => now - r.at <= STORM.windowMs);
}
