// Duty roster rows (store/duty.ts): one per day and shift, members as JSON; upserted, listed by day.
import type Database from 'better-sqlite3';
import type { DutyRosterRecord } from '../duty';
import { fromJson, omitNulls } from './rows';

interface DutyRow {
  date: string;
  shift_id: string;
  members: string;
  supervisor: string | null;
  manager: string | null;
  updated_at: number;
  updated_by: string;
}

const toRow = (r: DutyRosterRecord): DutyRow => ({
  date: r.date,
  shift_id: r.shiftId,
  members: JSON.stringify(r.members),
  supervisor: r.supervisor ?? null,
  manager: r.manager ?? null,
  updated_at: r.updatedAt,
  updated_by: r.updatedBy,
});

const fromRow = (r: DutyRow): DutyRosterRecord =>
  omitNulls<DutyRosterRecord>({
    date: r.date,
    shiftId: r.shift_id,
    members: fromJson<string[]>(r.members),
    supervisor: r.supervisor,
    manager: r.manager,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  });

const COLUMNS = [
  'date',
  'shift_id',
  'members',
  'supervisor',
  'manager',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof DutyRow)[];

export function dutyStatements(db: Database.Database) {
  const cols = COLUMNS.map((c) => `"${c}"`).join(', ');
  const put = db.prepare<[DutyRow]>(
    `INSERT INTO duty_roster (${cols}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
     ON CONFLICT (date, shift_id) DO UPDATE SET members = excluded.members, supervisor = excluded.supervisor,
       manager = excluded.manager, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const list = db.prepare<[string, string], DutyRow>(
    `SELECT ${cols} FROM duty_roster WHERE date >= ? AND date <= ? ORDER BY date, shift_id`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM duty_roster WHERE date = ? AND shift_id = ?');
  return {
    put: (r: DutyRosterRecord) => void put.run(toRow(r)),
    list: (from: string, to: string) => list.all(from, to).map(fromRow),
    remove: (date: string, shiftId: string) => remove.run(date, shiftId).changes > 0,
  };
}
