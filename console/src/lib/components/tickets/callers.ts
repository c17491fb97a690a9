// A ticket's callers as the detail shows them (api.md v1.1 "Duplicates"): who reported the problem,
// how the call came in, and how far the callback round has got. Pure.
import type { CallerDto, TicketDto } from '../../api/types';

/** The ticket's callers, first first (the server lists a legacy ticket's reporter as its caller). */
export const callersOf = (t: Pick<TicketDto, 'callers'>): CallerDto[] => t.callers ?? [];

/** A ticket with a caller closes only through the callbacks (the server's rule). */
export const hasCallers = (t: Pick<TicketDto, 'callers' | 'reporter'>): boolean =>
  t.reporter !== undefined || callersOf(t).length > 0;

/** The callers still to call back in this round. */
export const pendingCallers = (t: Pick<TicketDto, 'callers'>): CallerDto[] =>
  callersOf(t).filter((c) => c.callback === undefined);

/** "已回访 1/3": how many callers were called back in this round, of how many. */
export function callbackProgress(t: Pick<TicketDto, 'callers'>): { done: number; total: number } {
  const callers = callersOf(t);
  return { done: callers.filter((c) => c.callback !== undefined).length, total: callers.length };
}

export type ViaKind = 'hotline' | 'grid' | 'inspection' | 'integration';

/** How the call came in, for its label (热线/网格/巡检/12345接口); unknown for a legacy caller. */
export function viaKind(via: string | undefined): ViaKind | undefined {
  if (via === 'hotline' || via === 'grid' || via === 'inspection') return via;
  if (via?.startsWith('integration:')) return 'integration';
  return undefined;
}
