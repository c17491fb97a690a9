// How the dispatch list shows one van (pure): the van already on this ticket, a free one, a busy one
// (with its job, and whether pulling it off is honestly offered), or one that is offline.
import type { CandidateDto } from '../../api/types';

export type CandidateView =
  | { kind: 'current' }
  | { kind: 'free' }
  | { kind: 'busy'; job: NonNullable<CandidateDto['job']>; preempt: boolean }
  | { kind: 'offline' };

export function candidateView(c: CandidateDto, ticketId: string): CandidateView {
  if (c.ticketId === ticketId) return { kind: 'current' };
  if (c.status === 'offline') return { kind: 'offline' };
  if (c.job) return { kind: 'busy', job: c.job, preempt: c.preempt === true };
  return { kind: 'free' };
}

/** Whole minutes for a duration in seconds, at least 1 (a van is never "0 minutes" away). */
export const minutesOf = (s: number): number => Math.max(1, Math.ceil(s / 60));

/** The ETA's words: by road where the server routed it, else a straight-line estimate. */
export const etaKey = (c: CandidateDto): 'control.byRoad' | 'control.straight' =>
  c.byRoad ? 'control.byRoad' : 'control.straight';
