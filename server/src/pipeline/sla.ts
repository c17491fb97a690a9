// SLA targets and their evaluation (api.md "SLA defaults": respond = on site, resolve = resolved),
// plus the resident callback after resolve. Pure: the time is always a parameter.
import type { Priority, SlaDeadline, TicketRecord } from '../store/store';
import type { Severity } from '../../../devices/lib/types';

/** api.md SLA defaults, minutes. */
export const SLA_MINUTES: Record<Priority, { respond: number; resolve: number }> = {
  P1: { respond: 30, resolve: 4 * 60 },
  P2: { respond: 60, resolve: 8 * 60 },
  P3: { respond: 4 * 60, resolve: 24 * 60 },
  P4: { respond: 24 * 60, resolve: 72 * 60 },
};

export interface SlaPolicy {
  /** respond / resolve targets per priority, minutes after createdAt. */
  minutes: Record<Priority, { respond: number; resolve: number }>;
  /** The resident callback is due this many hours after resolve. */
  callbackHours: number;
  /** A running deadline is at risk once this fraction of its window has elapsed (0..1). */
  atRiskFraction: number;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = { minutes: SLA_MINUTES, callbackHours: 24, atRiskFraction: 0.8 };

/** The default policy with the deadlines a site set (SLA_MINUTES, CALLBACK_DUE_HOURS). */
export function slaPolicy(
  minutes: Partial<SlaPolicy['minutes']> | undefined,
  callbackHours: number,
): SlaPolicy {
  return { ...DEFAULT_SLA_POLICY, minutes: { ...DEFAULT_SLA_POLICY.minutes, ...minutes }, callbackHours };
}

export function slaDeadlines(
  priority: Priority,
  createdAt: number,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): { respondBy: number; resolveBy: number } {
  const s = policy.minutes[priority];
  return { respondBy: createdAt + s.respond * 60_000, resolveBy: createdAt + s.resolve * 60_000 };
}

/** When the resident callback of a ticket resolved at `resolvedAt` is due. */
export function callbackDue(resolvedAt: number, policy: SlaPolicy = DEFAULT_SLA_POLICY): number {
  return resolvedAt + policy.callbackHours * 3_600_000;
}

export interface SlaEvaluation {
  slaStatus?: 'at_risk' | 'breached';
  slaBreaches?: SlaDeadline[];
}

/** One deadline of a ticket: its window [start, deadline] and when its step happened, if it did. */
interface Clock {
  kind: SlaDeadline;
  start: number;
  deadline: number;
  doneAt: number | undefined;
}

function clocksOf(t: TicketRecord, policy: SlaPolicy): Clock[] {
  // Windows open at createdAt, or later when the deadlines were re-based (a reopened ticket gets
  // fresh respondBy/resolveBy from the reopen time): then they open one policy window before them.
  const m = policy.minutes[t.priority];
  const opens = (deadline: number, minutes: number) => Math.max(t.createdAt, deadline - minutes * 60_000);
  const clocks: Clock[] = [
    { kind: 'respond', start: opens(t.respondBy, m.respond), deadline: t.respondBy, doneAt: t.arrivedAt },
    { kind: 'resolve', start: opens(t.resolveBy, m.resolve), deadline: t.resolveBy, doneAt: t.resolvedAt },
  ];
  // The callback clock runs from resolve to callbackBy; its step is the callback event (which closes).
  // Without resolvedAt (e.g. reopened, or a stale callbackBy) there is no window, so no clock.
  if (t.callbackBy !== undefined && t.resolvedAt !== undefined) {
    const doneAt = t.callback ? (t.closedAt ?? t.updatedAt) : undefined;
    clocks.push({ kind: 'callback', start: t.resolvedAt, deadline: t.callbackBy, doneAt });
  }
  return clocks;
}

/** First millisecond at which `fraction` of the window [start, deadline] has elapsed. */
function atRiskFrom(c: Clock, fraction: number): number {
  // Rounded up to the ms; the epsilon keeps float noise (0.55 × 100 = 55.00000000000001) from
  // moving the flip one millisecond late.
  return c.start + Math.ceil((c.deadline - c.start) * fraction - 1e-6);
}

/**
 * SLA state of `t` at `now`. A deadline is met when its step happened at or before it, breached when
 * its step happened after it, or when it has not happened and the deadline has passed while the clock
 * ran (now > deadline; for a closed/cancelled ticket, closedAt > deadline). Closed and cancelled
 * tickets have no running clocks. Breaches are sticky: t.slaBreaches are kept, in order, and new ones
 * are appended in the order their deadlines fell. Only keys that are set are returned.
 */
export function evaluateSla(
  t: TicketRecord,
  now: number,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): SlaEvaluation {
  const ended = t.status === 'closed' || t.status === 'cancelled';
  // A clock stops when its step happens or the ticket ends; before that it runs until `now`.
  const stoppedAt = ended ? t.closedAt : now;
  const breaches = [...(t.slaBreaches ?? [])];
  const fresh: Clock[] = [];
  let atRisk = false;
  for (const c of clocksOf(t, policy)) {
    const breached =
      c.doneAt !== undefined ? c.doneAt > c.deadline : stoppedAt !== undefined && stoppedAt > c.deadline;
    if (breached) {
      if (!breaches.includes(c.kind) && !fresh.some((f) => f.kind === c.kind)) fresh.push(c);
    } else if (!ended && c.doneAt === undefined && now >= atRiskFrom(c, policy.atRiskFraction)) {
      atRisk = true;
    }
  }
  fresh.sort((a, b) => a.deadline - b.deadline);
  for (const c of fresh) breaches.push(c.kind);

  const out: SlaEvaluation = {};
  if (breaches.length > 0) {
    out.slaStatus = 'breached';
    out.slaBreaches = breaches;
  } else if (atRisk) {
    out.slaStatus = 'at_risk';
  }
  return out;
}

/** Alarms of severity minor and above open a ticket (device-protocol.md). */
export function priorityForSeverity(severity: Severity): Priority | undefined {
  switch (severity) {
    case 'critical':
      return 'P1';
    case 'major':
      return 'P2';
    case 'minor':
      return 'P3';
    case 'warning':
      return undefined;
  }
}
