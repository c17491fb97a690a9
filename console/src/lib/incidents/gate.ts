// The server's reasons for alarms it keeps without a ticket (GET /api/incidents/withheld) in the
// incident view's terms: a reason per alarm id, and the alarms to list under their box although no
// active incident has them (held before the box's alarm, or dark after its power came back).
import type { SilenceDto, WithheldAlarmDto } from '../api/types';
import type { Pending, Why } from './model';

export interface GateView {
  whyById: Map<string, Why>;
  pending: Pending[];
  /** Alarms held while their box has no power alarm yet. */
  held: Set<string>;
}

export function fromGate(
  list: readonly WithheldAlarmDto[],
  silenceById: ReadonlyMap<string, SilenceDto>,
): GateView {
  const out: GateView = { whyById: new Map(), pending: [], held: new Set() };
  for (const { alarm, why } of list) {
    switch (why.code) {
      case 'power_cut':
        out.whyById.set(alarm.id, { kind: 'grouped', ticketId: undefined });
        break;
      case 'awaiting_cause': {
        const held = { kind: 'held' as const, until: why.until };
        out.whyById.set(alarm.id, held);
        out.pending.push({ alarm, feederId: why.feederId, why: held });
        out.held.add(alarm.id);
        break;
      }
      case 'silenced':
        out.whyById.set(alarm.id, {
          kind: 'silenced',
          by: silenceById.get(why.silenceId)?.createdBy,
          until: why.until,
        });
        break;
      case 'power_restored': {
        const restoring = { kind: 'restoring' as const, until: why.until };
        out.whyById.set(alarm.id, restoring);
        out.pending.push({ alarm, feederId: why.feederId, why: restoring });
        break;
      }
      case 'no_cause':
      case 'still_dark':
      case 'silence_ended':
      case 'own_fault':
        break; // reasons of a ticket opened late, not of one withheld
    }
  }
  return out;
}
