// Escalation (api.md v1.1 "Escalation"): a ticket not accepted within its priority's time goes up to
// level 1, at twice the time to level 2; each level once. Pure: the time, the policy and who is on call
// are parameters.
//
// The clock runs from `escalationFrom` (absent: `createdAt`) while the ticket is `new` or `dispatched`;
// acceptance stops it. A re-dispatch — a dispatch of a ticket that is with a van to another van — and a
// reopen restart it at level 0: someone acted, so the ticket gets its full time again. A decline does
// not: the ticket goes back to the queue and its resident has still been waiting since it was opened.
// A tick that comes late (the server was down) escalates straight to the level the time calls for, with
// one entry.
import type { TicketEventBody } from '../contracts/dto';
import type { Priority, TicketEventRecord, TicketRecord } from '../store/store';

/** Seconds a ticket may wait for acceptance before level 1, per priority; absent = never escalates. */
export type EscalationPolicy = Partial<Record<Priority, number>>;

export const DEFAULT_ESCALATION: EscalationPolicy = { P1: 300, P2: 900 };

export const MAX_ESCALATION_LEVEL = 2;

/** One escalation: a TicketChange (ticket-decisions.ts) with its `escalated` entry. */
export interface EscalationChange {
  prev: TicketRecord;
  next: TicketRecord;
  entry: TicketEventRecord;
}

/** Whom an escalation to `level` notifies (usernames), as of the time it happens. */
export type NotifyFor = (level: number) => string[];

const WAITING = new Set<TicketRecord['status']>(['new', 'dispatched']);

/** The level the ticket's wait calls for at `now` (0: none), whatever it already reached. */
export function escalationLevelAt(t: TicketRecord, now: number, policy: EscalationPolicy): number {
  const s = policy[t.priority];
  if (s === undefined || s <= 0 || !WAITING.has(t.status) || t.acceptedAt !== undefined) return 0;
  const waited = now - (t.escalationFrom ?? t.createdAt);
  return Math.min(MAX_ESCALATION_LEVEL, Math.floor(waited / (s * 1000)));
}

/** Periodic: the ticket goes up to the level its wait calls for, if above the one it reached; else undefined. */
export function escalationCheck(
  t: TicketRecord,
  now: number,
  policy: EscalationPolicy,
  notifyFor: NotifyFor,
): EscalationChange | undefined {
  const level = escalationLevelAt(t, now, policy);
  if (level <= (t.escalationLevel ?? 0)) return undefined;
  const notify = notifyFor(level);
  const entry: TicketEventRecord = {
    ticketId: t.id,
    at: now,
    type: 'escalated',
    by: 'system',
    data: { level, notify },
  };
  return { prev: t, next: { ...t, escalationLevel: level, updatedAt: now }, entry };
}

/**
 * The escalation bookkeeping of one lifecycle step: a re-dispatch to another van, or a reopen, restarts
 * the clock at `now` and clears the level; any other step leaves both as they were.
 */
export function escalationAfterStep(
  prev: TicketRecord,
  next: TicketRecord,
  ev: TicketEventBody,
  now: number,
): TicketRecord {
  const redispatch = ev.type === 'dispatch' && prev.vanId !== undefined && prev.vanId !== ev.vanId;
  if (!redispatch && ev.type !== 'reopen') return next;
  const { escalationLevel: _l, ...rest } = next;
  return { ...rest, escalationFrom: now };
}

/** The level of an `escalated` timeline entry, if it is one. */
export function escalatedLevel(entry: TicketEventRecord | undefined): number | undefined {
  if (entry?.type !== 'escalated') return undefined;
  const level = entry.data.level;
  return typeof level === 'number' ? level : undefined;
}

/** The usernames of an `escalated` entry's `notify`. */
export function escalatedNotify(entry: TicketEventRecord): string[] {
  const n = entry.data.notify;
  return Array.isArray(n) ? n.filter((u): u is string => typeof u === 'string') : [];
}
