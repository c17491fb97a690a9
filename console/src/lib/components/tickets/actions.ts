// Which ticket events the dispatcher's detail offers for a status (api.md "Ticket lifecycle").
import type { TicketDto } from '../../api/types';
import { hasCallers } from './callers';

export interface DispatcherActions {
  dispatch: boolean;
  cancel: boolean;
  close: boolean;
  /** With a reason; a resolved ticket with callers is reopened from a callback instead. */
  reopen: boolean;
  callback: boolean;
}

export function dispatcherActions(t: TicketDto): DispatcherActions {
  // Until it is resolved: also once the van is on its way or on site (api.md re-dispatch, cancel).
  const working = t.status !== 'resolved' && t.status !== 'closed' && t.status !== 'cancelled';
  const callers = hasCallers(t);
  return {
    dispatch: working,
    cancel: working,
    close: t.status === 'resolved' && !callers,
    reopen: t.status === 'closed' || (t.status === 'resolved' && !callers),
    callback: t.status === 'resolved' && callers,
  };
}

/** The technician's next steps for a status. */
export type TechStep = 'accept' | 'decline' | 'depart' | 'arrive' | 'resolve';

export function techSteps(status: TicketDto['status']): TechStep[] {
  switch (status) {
    case 'dispatched':
      return ['accept', 'decline'];
    case 'accepted':
      return ['depart', 'arrive'];
    case 'en_route':
      return ['arrive'];
    case 'on_site':
      return ['resolve'];
    default:
      return [];
  }
}

/** An API failure in words. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
