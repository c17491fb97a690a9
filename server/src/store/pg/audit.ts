// The audit trail on PostgreSQL: appended in one multi-row statement, listed newest first with the
// filters of GET /api/audit. A trigger of migration 3 refuses any change to an entry.
import type pg from 'pg';
import type { AuditEntry, AuditFilter, AuditRecord } from '../store';
import { fromRow } from './table-sql';

export async function appendAudit(pool: pg.Pool, entries: readonly AuditRecord[]): Promise<void> {
  if (entries.length === 0) return;
  await pool.query(
    `INSERT INTO audit (at, actor, action, entity, entity_id, ip, data)
     SELECT at, actor, action, entity, entity_id, ip, data
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
       WITH ORDINALITY AS u(at, actor, action, entity, entity_id, ip, data, n)
     ORDER BY n`,
    [
      entries.map((e) => e.at),
      entries.map((e) => e.actor),
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId ?? null),
      entries.map((e) => e.ip ?? null),
      entries.map((e) => JSON.stringify(e.data)),
    ],
  );
}

export async function listAudit(pool: pg.Pool, f: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (p: string) => string, v: unknown) => where.push(sql(`$${values.push(v)}`));
  if (f.from !== undefined) add((p) => `at >= ${p}`, f.from);
  if (f.to !== undefined) add((p) => `at <= ${p}`, f.to);
  if (f.actor !== undefined) add((p) => `actor = ${p}`, f.actor);
  if (f.entity !== undefined) add((p) => `entity = ${p}`, f.entity);
  if (f.entityId !== undefined) add((p) => `entity_id = ${p}`, f.entityId);
  if (f.beforeId !== undefined) add((p) => `id < ${p}`, f.beforeId);
  const limit = f.limit === undefined ? null : Math.max(0, Math.floor(f.limit));
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT id::integer AS "id", at AS "at", actor AS "actor", action AS "action", entity AS "entity",
       entity_id AS "entityId", ip AS "ip", data AS "data"
     FROM audit${clause} ORDER BY id DESC LIMIT $${values.push(limit)}`,
    values,
  );
  return rows.map((r) => fromRow<AuditEntry>(r));
}
