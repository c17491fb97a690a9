// Duty roster rows (store/duty.ts) in PostgreSQL: one per day and shift, upserted, listed by day.
import type pg from 'pg';
import type { DutyRosterRecord } from '../store';
import { fromRow, insertOne, selectFrom } from './table-sql';
import { DUTY_ROSTER } from './tables';

export async function listDutyRoster(pool: pg.Pool, from: string, to: string): Promise<DutyRosterRecord[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `${selectFrom(DUTY_ROSTER)} WHERE date >= $1 AND date <= $2 ORDER BY date, shift_id`,
    [from, to],
  );
  return rows.map((r) => fromRow<DutyRosterRecord>(r));
}

export async function putDutyRoster(pool: pg.Pool, entry: DutyRosterRecord): Promise<void> {
  const insert = insertOne(DUTY_ROSTER, entry);
  await pool.query(
    `${insert.text} ON CONFLICT (date, shift_id) DO UPDATE SET members = EXCLUDED.members,
       supervisor = EXCLUDED.supervisor, manager = EXCLUDED.manager,
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    insert.values,
  );
}

export async function deleteDutyRoster(pool: pg.Pool, date: string, shiftId: string): Promise<boolean> {
  const r = await pool.query('DELETE FROM duty_roster WHERE date = $1 AND shift_id = $2', [date, shiftId]);
  return (r.rowCount ?? 0) > 0;
}
