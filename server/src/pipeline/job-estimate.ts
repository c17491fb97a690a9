// When a busy van could take another job (issue: candidate ETAs count the job a van is on): the rest
// of its current job — the drive there, then the time on site — and the drive on from that site.
// An estimate with fixed figures (no history yet); the console labels it as one.
import type { Priority, TicketRecord } from '../store/store';

/** Expected time on site for a repair, seconds. */
export const ON_SITE_S = 45 * 60;
/** A job on site past its expected time still counts as ending soon, never as already over. */
export const MIN_LEFT_S = 5 * 60;

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

export interface JobAhead {
  ticketId: string;
  priority: Priority;
  status: TicketRecord['status'];
  /** Seconds until the van is expected to be free of it. */
  freeInS: number;
}

/**
 * The job a van is on, as a candidate list shows it: `toJobS` is the van's drive to that job's site
 * now (undefined when unknown), counted only while it is not there yet.
 */
export function jobAhead(job: TicketRecord, now: number, toJobS: number | undefined): JobAhead {
  const onSite = job.status === 'on_site' || job.status === 'resolved';
  const since = job.arrivedAt === undefined ? 0 : Math.max(0, (now - job.arrivedAt) / 1000);
  const freeInS = onSite ? Math.max(ON_SITE_S - since, MIN_LEFT_S) : (toJobS ?? 0) + ON_SITE_S;
  return { ticketId: job.id, priority: job.priority, status: job.status, freeInS: Math.round(freeInS) };
}

/** Whether a ticket of priority `a` may honestly be offered a van working on one of priority `b`. */
export const moreUrgent = (a: Priority, b: Priority): boolean => RANK[a] < RANK[b];
