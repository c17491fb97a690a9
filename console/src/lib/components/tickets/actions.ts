// Which ticket events the dispatcher's detail offers for a status (api.md "Ticket lifecycle").
import type { TicketDto } from '../../api/types';

export interface DispatcherActions {
  dispatch: boolean;
  cancel: boolean;
  close: boolean;
  /** With a reason; a resident's resolved ticket is reopened from its callback instead. */
  reopen: boolean;
  callback: boolean;
}

export function dispatcherActions(t: TicketDto): DispatcherActions {
  const early = t.status === 'new' || t.status === 'dispatched' || t.status === 'accepted';
  return {
    dispatch: early,
    cancel: early,
    close: t.status === 'resolved' && !t.reporter,
    reopen: t.status === 'closed' || (t.status === 'resolved' && !t.reporter),
    callback: t.status === 'resolved' && !!t.reporter,
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
