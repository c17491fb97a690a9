// Integration rows (store/integrations.ts, migration 13): the API key as a hash, revocation once, and
// the last use (only ever moved forward).
import type Database from 'better-sqlite3';
import type { IntegrationRecord, IntegrationSource } from '../integrations';
import { omitNulls } from './rows';

interface IntegrationRow {
  id: string;
  name: string;
  source: string;
  secret_hash: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
}

const toRow = (i: IntegrationRecord): IntegrationRow => ({
  id: i.id,
  name: i.name,
  source: i.source,
  secret_hash: i.secretHash,
  created_by: i.createdBy,
  created_at: i.createdAt,
  revoked_at: i.revokedAt ?? null,
  revoked_by: i.revokedBy ?? null,
  last_used_at: i.lastUsedAt ?? null,
});

const fromRow = (r: IntegrationRow): IntegrationRecord =>
  omitNulls<IntegrationRecord>({
    id: r.id,
    name: r.name,
    source: r.source as IntegrationSource,
    secretHash: r.secret_hash,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    lastUsedAt: r.last_used_at,
  });

const COLUMNS = [
  'id',
  'name',
  'source',
  'secret_hash',
  'created_by',
  'created_at',
  'revoked_at',
  'revoked_by',
  'last_used_at',
] as const satisfies readonly (keyof IntegrationRow)[];
const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM integrations`;

export function integrationStatements(db: Database.Database) {
  const insert = db.prepare<[IntegrationRow]>(
    `INSERT INTO integrations (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const get = db.prepare<[string], IntegrationRow>(`${SELECT} WHERE id = ?`);
  const list = db.prepare<[], IntegrationRow>(`${SELECT} ORDER BY created_at, id`);
  const revoke = db.prepare<[number, string, string]>(
    'UPDATE integrations SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const touch = db.prepare<[number, string, number]>(
    'UPDATE integrations SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  );
  return {
    insert: (i: IntegrationRecord) => void insert.run(toRow(i)),
    get: (id: string) => {
      const row = get.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    list: () => list.all().map(fromRow),
    revoke: (id: string, at: number, by: string) => revoke.run(at, by, id).changes > 0,
    touch: (id: string, at: number) => void touch.run(at, id, at),
  };
}
