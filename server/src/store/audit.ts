// The records of the audit trail (api.md "Accounts, secrets and audit") as the Store keeps them:
// append-only, one per state change made through the API.
export interface AuditRecord {
  at: number;
  /** username, or `system`. */
  actor: string;
  /** What was done, e.g. `user.update`, `device.secret`, `device.command`, `ticket.event`. */
  action: string;
  /** The kind of thing changed: `user`, `device`, `ticket`, `silence`, … */
  entity: string;
  entityId?: string;
  /** The client's address as the server saw it (behind a trusted proxy: the forwarded one). */
  ip?: string;
  data: Record<string, unknown>;
}

/** An audit record as stored: its id orders the trail (and pages it). */
export interface AuditEntry extends AuditRecord {
  id: number;
}

export interface AuditFilter {
  /** at within [from, to] (inclusive). */
  from?: number;
  to?: number;
  actor?: string;
  entity?: string;
  entityId?: string;
  /** Paging: only entries with an id below this. */
  beforeId?: number;
  limit?: number;
}
