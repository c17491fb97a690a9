// GET /api/audit and /api/audit.csv (admin): the audit trail, newest first, filtered and paged
// (api.md "Accounts, secrets and audit"). The JSON body stays an array; the next page's cursor is the
// X-Next-Before header. The CSV (UTF-8 with a BOM, for spreadsheets) goes with the reports.
import { Router, type Request, type Response } from 'express';
import { AuditQuery, type AuditEntryDto } from '../../contracts/dto';
import { safeCell, toCsv } from '../../formats/csv';
import type { Services } from '../../services';
import type { AuditEntry, AuditFilter } from '../../store/store';
import { parse } from '../../contracts/parse';
import { allow } from '../auth';

export const NEXT_HEADER = 'x-next-before';

const filterOf = (q: AuditQuery): AuditFilter => ({
  limit: q.limit,
  ...(q.from !== undefined && { from: Date.parse(q.from) }),
  ...(q.to !== undefined && { to: Date.parse(q.to) }),
  ...(q.actor !== undefined && { actor: q.actor }),
  ...(q.entity !== undefined && { entity: q.entity }),
  ...(q.entityId !== undefined && { entityId: q.entityId }),
  ...(q.before !== undefined && { beforeId: q.before }),
});

export const auditDto = (e: AuditEntry): AuditEntryDto => ({ ...e, at: new Date(e.at).toISOString() });

export function auditRouter(s: Services): Router {
  const r = Router();
  /** One page; sets the cursor header when a full page suggests there may be more. */
  const page = async (req: Request, res: Response) => {
    const q = parse(AuditQuery, req.query, 'query');
    const entries = await s.audit.list(filterOf(q));
    const last = entries.at(-1);
    if (last && entries.length === q.limit) res.set(NEXT_HEADER, String(last.id));
    res.set('cache-control', 'no-store');
    return entries;
  };
  r.get('/audit', allow('admin'), async (req, res) => {
    res.json((await page(req, res)).map(auditDto));
  });
  r.get('/audit.csv', allow('admin'), async (req, res) => {
    const header = ['id', 'at', 'actor', 'action', 'entity', 'entityId', 'ip', 'data'];
    const rows = (await page(req, res)).map((e) =>
      [
        String(e.id),
        new Date(e.at).toISOString(),
        e.actor,
        e.action,
        e.entity,
        e.entityId ?? '',
        e.ip ?? '',
        JSON.stringify(e.data),
      ].map(safeCell),
    );
    res.type('text/csv; charset=utf-8');
    res.set('content-disposition', 'attachment; filename="redsail-audit.csv"');
    res.send('\uFEFF' + toCsv([header, ...rows]));
  });
  return r;
}
