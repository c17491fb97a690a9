// Silence rows (maintenance windows, api.md "Silences") and their statements: the match as JSON, the
// listing newest first with an optional "in force at" filter, and the early end.
import type Database from 'better-sqlite3';
import type { SilenceFilter, SilenceRecord } from '../store';
import { FilteredQuery, type Condition } from './filtered-query';
import { fromJson, omitNulls } from './rows';

interface SilenceRow {
  id: string;
  match: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  ticket_id: string | null;
  created_by: string;
  created_at: number;
  ended_at: number | null;
  ended_by: string | null;
}

const toRow = (s: SilenceRecord): SilenceRow => ({
  id: s.id,
  match: JSON.stringify(s.match),
  starts_at: s.startsAt,
  ends_at: s.endsAt,
  reason: s.reason,
  ticket_id: s.ticketId ?? null,
  created_by: s.createdBy,
  created_at: s.createdAt,
  ended_at: s.endedAt ?? null,
  ended_by: s.endedBy ?? null,
});

const fromRow = (r: SilenceRow): SilenceRecord =>
  omitNulls<SilenceRecord>({
    id: r.id,
    match: fromJson<SilenceRecord['match']>(r.match),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    reason: r.reason,
    ticketId: r.ticket_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
  });

const COLUMNS = [
  'id',
  'match',
  'starts_at',
  'ends_at',
  'reason',
  'ticket_id',
  'created_by',
  'created_at',
  'ended_at',
  'ended_by',
] as const satisfies readonly (keyof SilenceRow)[];
const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM silences`;

export function silenceStatements(db: Database.Database) {
  const insert = db.prepare<[SilenceRow]>(
    `INSERT INTO silences (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const get = db.prepare<[string], SilenceRow>(`${SELECT} WHERE id = ?`);
  const list = new FilteredQuery<SilenceRow>(db, SELECT, 'created_at DESC, id DESC');
  const end = db.prepare<[number, string, string]>(
    'UPDATE silences SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL',
  );
  return {
    insert: (s: SilenceRecord) => void insert.run(toRow(s)),
    get: (id: string) => {
      const row = get.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    list: (f: SilenceFilter) => {
      const c: Condition[] = [];
      if (f.activeAt !== undefined)
        c.push(['ended_at IS NULL AND ends_at > ?', f.activeAt], ['starts_at <= ?', f.activeAt]);
      return list.all(c, f.limit).map(fromRow);
    },
    end: (id: string, at: number, by: string) => end.run(at, by, id).changes > 0,
  };
}
