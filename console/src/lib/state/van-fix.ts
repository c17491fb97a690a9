// Which view of a van is the newer one: a live fix against what is known, or two whole views
// (a fresh GET /api/vans against the collection). Pure: no I/O, no clock.
import type { VanDto, VanPosition } from '../api/types';

/**
 * The van with a newer fix applied (from `van:positions` or a fresh GET /api/vans); undefined
 * when the fix is not newer than what is known (events can arrive late, or after a snapshot).
 */
export function withFix(known: VanDto, fix: VanPosition): VanDto | undefined {
  if (known.lastSeen && Date.parse(known.lastSeen) > Date.parse(fix.ts)) return undefined;
  const { ts, ...rest } = fix;
  return { ...known, ...rest, lastSeen: ts };
}

/** The fresher of two views of the same van (by lastSeen; a van never seen counts as oldest). */
export function fresherVan(known: VanDto | undefined, fresh: VanDto): VanDto {
  if (!known) return fresh;
  const a = known.lastSeen ? Date.parse(known.lastSeen) : -Infinity;
  const b = fresh.lastSeen ? Date.parse(fresh.lastSeen) : -Infinity;
  return b >= a ? fresh : known;
}
