// The audit trail on the wire (api.md "Accounts, secrets and audit"): GET /api/audit's query and entries.
import { z } from 'zod';
import { iso } from './common';

/** Most entries one page may hold. */
export const AUDIT_PAGE_MAX = 1000;

export const AuditQuery = z.object({
  from: iso.optional(),
  to: iso.optional(),
  actor: z.string().min(1).max(64).optional(),
  entity: z.string().min(1).max(32).optional(),
  entityId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
  /** Paging: entries older than this id (the X-Next-Before header of the previous page). */
  before: z.coerce.number().int().min(1).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryDto = z.object({
  id: z.number().int(),
  at: iso,
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().optional(),
  ip: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;
