// Which silence (maintenance window, api.md "Silences") covers an alarm now: every field of its match
// given must equal the alarm's device, compound, type or rule, and the window must be in force. Pure.
import type { SilenceMatch, SilenceRecord } from '../store/store';

/** What a silence is matched against: one alarm's device and rule. */
export interface SilenceTarget {
  deviceId: string;
  compoundId?: string;
  type: string;
  rule?: string;
}

/** In force at `now`: started, not ended early, not run out. */
export function silenceActive(s: SilenceRecord, now: number): boolean {
  return s.endedAt === undefined && s.startsAt <= now && now < s.endsAt;
}

/** Every field the match gives equals the target's (a match without `rule` covers every rule). */
export function matchCovers(m: SilenceMatch, t: SilenceTarget): boolean {
  if (m.deviceId !== undefined && m.deviceId !== t.deviceId) return false;
  if (m.compoundId !== undefined && m.compoundId !== t.compoundId) return false;
  if (m.type !== undefined && m.type !== t.type) return false;
  if (m.rule !== undefined && t.rule !== undefined && m.rule !== t.rule) return false;
  return true;
}

/** The silence in force that covers the target and runs longest; undefined when none does. */
export function coveringSilence(
  silences: Iterable<SilenceRecord>,
  t: SilenceTarget,
  now: number,
): SilenceRecord | undefined {
  let best: SilenceRecord | undefined;
  for (const s of silences) {
    if (!silenceActive(s, now) || !matchCovers(s.match, t)) continue;
    if (!best || s.endsAt > best.endsAt) best = s;
  }
  return best;
}
