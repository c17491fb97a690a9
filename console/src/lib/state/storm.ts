// Alarm storm: many alarms from several compounds at once (a feeder trips, a storm passes).
// The dispatcher should see one banner, not read thirty rows to notice it.
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
