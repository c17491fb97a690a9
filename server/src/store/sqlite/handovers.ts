// Shift handover rows (store/handovers.ts): the snapshot as JSON text; newest first with keyset
// paging; the sign-off a conditional update (acked_at IS NULL), so concurrent sign-offs have one winner.
import type Database from 'better-sqlite3';
import type { HandoverFilter, HandoverRecord } from '../handovers';
import { fromJson, omitNulls } from './rows';

interface HandoverRow {
  id: string;
  from_user: string;
  note: string;
  snapshot: string;
  created_at: number;
  acked_by: string | null;
  acked_at: number | null;
  ack_note: string | null;
}

const toRow = (h: HandoverRecord): HandoverRow => ({
  id: h.id,
  from_user: h.from,
  note: h.note,
  snapshot: JSON.stringify(h.snapshot),
  created_at: h.createdAt,
  acked_by: h.ackedBy ?? null,
  acked_at: h.ackedAt ?? null,
  ack_note: h.ackNote ?? null,
});

const fromRow = (r: HandoverRow): HandoverRecord =>
  omitNulls<HandoverRecord>({
    id: r.id,
    from: r.from_user,
    note: r.note,
    snapshot: fromJson<HandoverRecord['snapshot']>(r.snapshot),
    createdAt: r.created_at,
    ackedBy: r.acked_by,
    ackedAt: r.acked_at,
    ackNote: r.ack_note,
  });

const COLUMNS = [
  'id',
  'from_user',
  'note',
  'snapshot',
  'created_at',
  'acked_by',
  'acked_at',
  'ack_note',
] as const satisfies readonly (keyof HandoverRow)[];
const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM handovers`;

export function handoverStatements(db: Database.Database) {
  const insert = db.prepare<[HandoverRow]>(
    `INSERT INTO handovers (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const get = db.prepare<[string], HandoverRow>(`${SELECT} WHERE id = ?`);
  const ack = db.prepare<[number, string, string | null, string]>(
    'UPDATE handovers SET acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ? AND acked_at IS NULL',
  );
  const list = (f: HandoverFilter): HandoverRecord[] => {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (f.pending === true) where.push('acked_at IS NULL');
    if (f.pending === false) where.push('acked_at IS NOT NULL');
    if (f.before) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(f.before.at, f.before.at, f.before.id);
    }
    const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
    const limit = f.limit === undefined ? -1 : Math.max(0, Math.floor(f.limit));
    return db
      .prepare<(string | number)[], HandoverRow>(
        `${SELECT}${clause} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      )
      .all(...values)
      .map(fromRow);
  };
  return {
    insert: (h: HandoverRecord) => void insert.run(toRow(h)),
    get: (id: string) => {
      const row = get.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    list,
    ack: (id: string, at: number, by: string, note?: string) => ack.run(at, by, note ?? null, id).changes > 0,
  };
}
