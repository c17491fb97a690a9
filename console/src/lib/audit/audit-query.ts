// The audit page's filters and the GET /api/audit query they make (plain functions, no state).

/** Entries per page. */
export const AUDIT_PAGE = 100;
/** The entities the filter offers (what the server records). */
export const AUDIT_ENTITIES = [
  'user',
  'device',
  'ticket',
  'alarm',
  'silence',
  'compound',
  'site',
  'van',
  'channel',
] as const;

export interface AuditFilters {
  /** datetime-local values (the browser's time zone), '' for none. */
  from: string;
  to: string;
  actor: string;
  /** '' for all. */
  entity: string;
}

/** Whether the entity is one the filter offers (and so has a label). */
export function knownEntity(entity: string): entity is (typeof AUDIT_ENTITIES)[number] {
  return (AUDIT_ENTITIES as readonly string[]).includes(entity);
}

/** The query string of the filters, with a page size and an optional cursor. */
export function auditQuery(f: AuditFilters, page: { limit: number; before?: number }): string {
  const q = new URLSearchParams();
  const at = (v: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : '');
  if (at(f.from)) q.set('from', at(f.from));
  if (at(f.to)) q.set('to', at(f.to));
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.entity) q.set('entity', f.entity);
  q.set('limit', String(page.limit));
  if (page.before !== undefined) q.set('before', String(page.before));
  return q.toString();
}
