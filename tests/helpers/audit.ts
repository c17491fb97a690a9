// Reading the audit trail in tests: the newest entries as the API gives them, checked by their schema.
import { AuditEntryDto } from '../../server/src/contracts/dto';
import type { TestServer } from './server';

/** The newest entries (newest first), as the admin sees them. */
export async function auditEntries(s: TestServer, query = ''): Promise<AuditEntryDto[]> {
  const res = await s.api.get<unknown[]>(`/api/audit${query ? `?${query}` : ''}`, s.admin);
  if (res.status !== 200) throw new Error(`GET /api/audit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.map((e) => AuditEntryDto.parse(e));
}

/** The id of the newest entry (0 when the trail is empty). */
export async function newestAuditId(s: TestServer): Promise<number> {
  return (await auditEntries(s, 'limit=1'))[0]?.id ?? 0;
}

/** The entries made after the entry with id `since`, oldest first. */
export async function auditSince(s: TestServer, since: number): Promise<AuditEntryDto[]> {
  return (await auditEntries(s, 'limit=1000')).filter((e) => e.id > since).reverse();
}
