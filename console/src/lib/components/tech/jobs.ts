// The technician's day and steps, pure: today's jobs of the van (open first, then done today), the
// step the technician is on (the next one is the big button), and the "✓ done" line after a step.
import type { TicketDto } from '../../api/types';
import type { TechStep } from '../tickets/actions';
import { ACTIVE } from '../../state/tech.svelte';

/** The day of a moment in Qufu (Asia/Shanghai, UTC+8 all year), as YYYY-MM-DD. */
export function dayOf(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

const DONE: readonly TicketDto['status'][] = ['resolved', 'closed'];

/** When a finished ticket was finished (resolved, else closed). */
const doneAt = (t: TicketDto): string | undefined => t.resolvedAt ?? t.closedAt;

/**
 * Today's jobs of the van: the open ones in working order (under way first, then priority, then
 * age), then those resolved or closed today, latest first. Cancelled ones are not jobs done.
 */
export function todayJobs(tickets: readonly TicketDto[], now: number): TicketDto[] {
  const today = dayOf(now);
  const open = tickets
    .filter((t) => ACTIVE.includes(t.status))
    .sort(
      (a, b) =>
        ACTIVE.indexOf(a.status) - ACTIVE.indexOf(b.status) ||
        a.priority.localeCompare(b.priority) ||
        a.createdAt.localeCompare(b.createdAt),
    );
  const done = tickets
    .filter((t) => {
      const at = doneAt(t);
      return DONE.includes(t.status) && at !== undefined && dayOf(Date.parse(at)) === today;
    })
    .sort((a, b) => (doneAt(b) ?? '').localeCompare(doneAt(a) ?? ''));
  return [...open, ...done];
}

/** The step a status waits for: the one big primary button; the others are secondary. */
export function nextStep(status: TicketDto['status']): TechStep | undefined {
  switch (status) {
    case 'dispatched':
      return 'accept';
    case 'accepted':
      return 'depart';
    case 'en_route':
      return 'arrive';
    case 'on_site':
      return 'resolve';
    default:
      return undefined;
  }
}

/** The steps with the next one first (it is drawn big), the rest after it in their order. */
export function orderedSteps(steps: readonly TechStep[], status: TicketDto['status']): TechStep[] {
  const next = nextStep(status);
  return next && steps.includes(next) ? [next, ...steps.filter((s) => s !== next)] : [...steps];
}

export type Done = 'accepted' | 'en_route' | 'on_site' | 'resolved';

/** What the page itself last did on this ticket, and when (ms). */
export interface LocalStep {
  status: Done;
  at: number;
}

/**
 * The confirmation of the last step taken: the status the ticket is in, with its time — the
 * page's own record when it made the step, else the ticket's timestamp. Nothing before accepting.
 */
export function confirmation(
  t: Pick<TicketDto, 'status' | 'acceptedAt' | 'arrivedAt' | 'resolvedAt'>,
  local: LocalStep | undefined,
): { status: Done; at?: number } | undefined {
  const stamp: Partial<Record<TicketDto['status'], string | undefined>> = {
    accepted: t.acceptedAt,
    on_site: t.arrivedAt,
    resolved: t.resolvedAt,
    closed: t.resolvedAt,
  };
  const status: Done | undefined =
    t.status === 'closed'
      ? 'resolved'
      : (['accepted', 'en_route', 'on_site', 'resolved'] as const).find((s) => s === t.status);
  if (!status) return undefined;
  if (local?.status === status) return { status, at: local.at };
  const at = stamp[t.status];
  return at ? { status, at: Date.parse(at) } : { status };
}

/** The status a step leads to (what the confirmation then says). */
export const STEP_DONE: Readonly<Record<string, Done | undefined>> = {
  accept: 'accepted',
  depart: 'en_route',
  arrive: 'on_site',
  resolve: 'resolved',
};

/** How long ago, in the units people say it in: just now, minutes, hours and minutes, days. */
export type AgeParts =
  | { unit: 'now' }
  | { unit: 'min'; n: number }
  | { unit: 'h'; h: number; m: number }
  | { unit: 'd'; d: number };

export function ageParts(ms: number): AgeParts {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return { unit: 'now' };
  if (min < 60) return { unit: 'min', n: min };
  if (min < 24 * 60) return { unit: 'h', h: Math.floor(min / 60), m: min % 60 };
  return { unit: 'd', d: Math.floor(min / (24 * 60)) };
}
