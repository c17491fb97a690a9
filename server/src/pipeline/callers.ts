// The callers of a ticket (api.md v1.1 "Duplicates"): who reported the problem, how, and the callback
// made to each in the current round. Pure. A ticket stored before v1.1 (no `callers`) with a
// reporter has one caller, the reporter, at createdAt; callersOf is the one place that says so.
import type { CallerRecord, CallerVia, Reporter, TicketRecord } from '../store/store';

/** Satisfaction from worst to best: the ticket's callback is the worst of its round. */
const RANK = { unsatisfied: 0, neutral: 1, satisfied: 2 } as const;

/** Every caller of the ticket, first first (a legacy reporter-only ticket: the reporter). */
export function callersOf(t: TicketRecord): CallerRecord[] {
  if (t.callers) return t.callers;
  if (!t.reporter) return [];
  const legacy: CallerRecord = { name: t.reporter.name, phone: t.reporter.phone, at: t.createdAt };
  // A legacy ticket closed through its callback: that one callback was the reporter's.
  if (t.callback && t.status === 'closed')
    legacy.callback = { ...t.callback, at: t.closedAt ?? t.updatedAt, by: 'unknown' };
  return [legacy];
}

/** The callers still to call back in this round. */
export const pendingCallers = (callers: readonly CallerRecord[]): CallerRecord[] =>
  callers.filter((c) => c.callback === undefined);

/** The callers with one more; the same phone again is the same caller (the first is kept). */
export function withCaller(
  callers: readonly CallerRecord[],
  reporter: Reporter,
  at: number,
  via: CallerVia,
): CallerRecord[] {
  if (callers.some((c) => c.phone === reporter.phone)) return [...callers];
  return [...callers, { name: reporter.name, phone: reporter.phone, at, via }];
}

/** How a report came in: an integration files as `integration:<id>`, people by the report's source. */
export function viaOf(source: 'hotline' | 'grid' | 'inspection', by: string): CallerVia {
  return by.startsWith('integration:') ? (by as CallerVia) : source;
}

/** The worst callback of the round (unsatisfied < neutral < satisfied), with that callback's note. */
export function worstCallback(callers: readonly CallerRecord[]): TicketRecord['callback'] {
  let worst: CallerRecord['callback'];
  for (const c of callers)
    if (c.callback && (!worst || RANK[c.callback.satisfaction] < RANK[worst.satisfaction]))
      worst = c.callback;
  if (!worst) return undefined;
  return worst.note === undefined
    ? { satisfaction: worst.satisfaction }
    : { satisfaction: worst.satisfaction, note: worst.note };
}

/** Every caller as still to call: a reopen starts a new round after the next repair. */
export const newRound = (callers: readonly CallerRecord[]): CallerRecord[] =>
  callers.map(({ callback: _c, ...c }) => c);

export type CallbackTarget =
  | { ok: true; caller?: CallerRecord; index: number; pending: CallerRecord[] }
  | { ok: false; status: 400 | 409; message: string };

/** Whom a callback with this phone (or none) is made to; why not (400 bad phone/choice, 409 already called). */
export function callbackTarget(callers: readonly CallerRecord[], phone: string | undefined): CallbackTarget {
  const pending = pendingCallers(callers);
  const list = (cs: CallerRecord[]) => cs.map((c) => `${c.name} ${c.phone}`).join(', ');
  if (callers.length === 0) {
    if (phone === undefined) return { ok: true, index: -1, pending };
    return {
      ok: false,
      status: 400,
      message: `phone ${phone} is not a caller: this ticket has no callers; leave phone out`,
    };
  }
  if (phone === undefined) {
    const only = pending.length === 1 ? pending[0] : undefined;
    if (only) return { ok: true, caller: only, index: callers.indexOf(only), pending };
    if (pending.length === 0) return { ok: false, status: 409, message: 'every caller has been called back' };
    return {
      ok: false,
      status: 400,
      message: `say which caller was called back: give phone, one of the callers still to call: ${list(pending)}`,
    };
  }
  const index = callers.findIndex((c) => c.phone === phone);
  const caller = callers[index];
  if (!caller)
    return {
      ok: false,
      status: 400,
      message: `phone ${phone} is not a caller of this ticket; callers still to call: ${list(pending)}`,
    };
  if (caller.callback)
    return {
      ok: false,
      status: 409,
      message: `${caller.name} ${phone} has already been called back in this round`,
    };
  return { ok: true, caller, index, pending };
}
