// Audit rows (api.md "Accounts, secrets and audit") and their statements: appended in one transaction,
// listed newest first with the filters of GET /api/audit. Triggers of migration 6 refuse any change.
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilter, AuditRecord } from '../store';
import { FilteredQuery, type Condition } from './filtered-query';
import { fromJson, omitNulls } from './rows';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  data: string;
}

const fromRow = (r: AuditRow): AuditEntry =>
  omitNulls<AuditEntry>({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    ip: r.ip,
    data: fromJson<AuditEntry['data']>(r.data),
  });

const SELECT = 'SELECT id, at, actor, action, entity, entity_id, ip, data FROM audit';

export function auditStatements(db: Database.Database) {
  const insert = db.prepare<[number, string, string, string, string | null, string | null, string]>(
    'INSERT INTO audit (at, actor, action, entity, entity_id, ip, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const append = db.transaction((entries: readonly AuditRecord[]) => {
    for (const e of entries)
      insert.run(e.at, e.actor, e.action, e.entity, e.entityId ?? null, e.ip ?? null, JSON.stringify(e.data));
  });
  const list = new FilteredQuery<AuditRow>(db, SELECT, 'id DESC');
  return {
    append: (entries: readonly AuditRecord[]) => void append.immediate(entries),
    list: (f: AuditFilter) => {
      const c: Condition[] = [];
      if (f.from !== undefined) c.push(['at >= ?', f.from]);
      if (f.to !== undefined) c.push(['at <= ?', f.to]);
      if (f.actor !== undefined) c.push(['actor = ?', f.actor]);
      if (f.entity !== undefined) c.push(['entity = ?', f.entity]);
      if (f.entityId !== undefined) c.push(['entity_id = ?', f.entityId]);
      if (f.beforeId !== undefined) c.push(['id < ?', f.beforeId]);
      return list.all(c, f.limit).map(fromRow);
    },
  };
}
