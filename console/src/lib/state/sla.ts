// Which deadline of a ticket is running, and how it stands (api.md "SLA": respond = on site,
// resolve = resolved; callbackBy after resolve). The server's slaStatus flags breach and risk; the
// console also counts down locally so a breach shows the second it happens.
import type { TicketDto } from '../api/types';

export type Deadline = 'respond' | 'resolve' | 'callback';
export type SlaState = 'ok' | 'at_risk' | 'breached';

export interface SlaView {
  deadline: Deadline;
  /** ms left; negative once overdue. */
  remainingMs: number;
  state: SlaState;
}

export function runningDeadline(t: TicketDto): { deadline: Deadline; by: string } | undefined {
  switch (t.status) {
    case 'new':
    case 'dispatched':
    case 'accepted':
    case 'en_route':
      return { deadline: 'respond', by: t.respondBy };
    case 'on_site':
      return { deadline: 'resolve', by: t.resolveBy };
    case 'resolved':
      return t.callbackBy ? { deadline: 'callback', by: t.callbackBy } : undefined;
    case 'closed':
    case 'cancelled':
      return undefined;
  }
}

export function slaView(t: TicketDto, now: number): SlaView | undefined {
  const running = runningDeadline(t);
  if (!running) return undefined;
  const remainingMs = Date.parse(running.by) - now;
  const state: SlaState = t.slaStatus === 'breached' || remainingMs < 0 ? 'breached' : (t.slaStatus ?? 'ok');
  return { deadline: running.deadline, remainingMs, state };
}
