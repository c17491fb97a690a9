// What the console calls out (flash + chime + the tab title): a critical alarm or a P1 ticket that
// is new since the page loaded. The first snapshot is the baseline (nothing in it is "new"); after
// that, an id never seen before is new once. Pure: the seen ids are passed in and returned.

export interface AlertTicket {
  id: string;
  priority: string;
  status: string;
}
export interface AlertAlarm {
  id: string;
  severity: string;
  active: boolean;
}

export interface AlertSeen {
  /** False until the first snapshot was taken as the baseline. */
  ready: boolean;
  tickets: ReadonlySet<string>;
  alarms: ReadonlySet<string>;
}

export const NOTHING_SEEN: AlertSeen = { ready: false, tickets: new Set(), alarms: new Set() };

export interface AlertDecision {
  seen: AlertSeen;
  /** P1 tickets and critical alarms to call out now. */
  tickets: string[];
  alarms: string[];
}

/** A P1 is worth a call-out until a technician is on site (resolved and later: no longer). */
const OPEN = new Set(['new', 'dispatched', 'accepted', 'en_route', 'on_site']);
const isP1 = (t: AlertTicket): boolean => t.priority === 'P1' && OPEN.has(t.status);
const isCritical = (a: AlertAlarm): boolean => a.severity === 'critical' && a.active;

/**
 * Compares what is shown now with what was seen. A ticket that became P1 later (raised priority)
 * is called out too: "seen" holds only the ids seen as P1 / critical.
 */
export function decideAlerts(
  seen: AlertSeen,
  tickets: readonly AlertTicket[],
  alarms: readonly AlertAlarm[],
): AlertDecision {
  const p1 = tickets.filter(isP1).map((t) => t.id);
  const critical = alarms.filter(isCritical).map((a) => a.id);
  const next: AlertSeen = {
    ready: true,
    tickets: new Set([...seen.tickets, ...p1]),
    alarms: new Set([...seen.alarms, ...critical]),
  };
  if (!seen.ready) return { seen: next, tickets: [], alarms: [] };
  return {
    seen: next,
    tickets: p1.filter((id) => !seen.tickets.has(id)),
    alarms: critical.filter((id) => !seen.alarms.has(id)),
  };
}

/** The tab title while alerts wait to be looked at: "(2) 新P1 · 红帆调度". */
export function alertTitle(base: string, unseen: number, label: string): string {
  return unseen > 0 ? `(${unseen}) ${label} · ${base}` : base;
}
