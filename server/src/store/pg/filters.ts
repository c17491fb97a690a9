// WHERE clauses of the filtered, newest-first listings (tickets and alarms), with numbered parameters.
import { searchPatterns } from '../../pipeline/ticket-search';
import type { AlarmFilter, SilenceFilter, TicketFilter } from '../store';
import { searchSql } from './ticket-search';

export interface Where {
  sql: string;
  values: unknown[];
}

/** Collects `column op $n` conditions; the values are bound in order. */
class Conditions {
  private readonly parts: string[] = [];
  readonly values: unknown[] = [];

  add(sql: (param: string) => string, value: unknown): void {
    this.values.push(value);
    this.parts.push(sql(`$${this.values.length}`));
  }

  /** A condition over several values, one placeholder each, bound in order. */
  addAll(sql: (...params: string[]) => string, ...values: unknown[]): void {
    const params = values.map((v) => {
      this.values.push(v);
      return `$${this.values.length}`;
    });
    this.parts.push(sql(...params));
  }

  where(): Where {
    return { sql: this.parts.length === 0 ? '' : ` WHERE ${this.parts.join(' AND ')}`, values: this.values };
  }
}

export function ticketWhere(f: TicketFilter): Where {
  const c = new Conditions();
  if (f.status !== undefined) c.add((p) => `status = ANY(${p}::text[])`, f.status);
  if (f.priority !== undefined) c.add((p) => `priority = ${p}`, f.priority);
  if (f.deviceId !== undefined) c.add((p) => `device_id = ${p}`, f.deviceId);
  if (f.compoundId !== undefined) c.add((p) => `compound_id = ${p}`, f.compoundId);
  if (f.vanId !== undefined) c.add((p) => `van_id = ${p}`, f.vanId);
  if (f.source !== undefined) c.add((p) => `source = ${p}`, f.source);
  if (f.createdFrom !== undefined) c.add((p) => `created_at >= ${p}`, f.createdFrom);
  if (f.createdTo !== undefined) c.add((p) => `created_at <= ${p}`, f.createdTo);
  if (f.closedFrom !== undefined) c.add((p) => `closed_at >= ${p}`, f.closedFrom);
  if (f.q !== undefined) {
    const p = searchPatterns(f.q);
    c.addAll((text = '', comp = '') => searchSql(text, comp), p.text, p.compact);
  }
  if (f.before !== undefined) c.add((p) => beforeSql('created_at', p), JSON.stringify(f.before));
  return c.where();
}

export function alarmWhere(f: AlarmFilter): Where {
  const c = new Conditions();
  if (f.active !== undefined) c.add((p) => `active = ${p}`, f.active);
  if (f.deviceId !== undefined) c.add((p) => `device_id = ${p}`, f.deviceId);
  if (f.causeAlarmIds !== undefined) c.add((p) => `cause_alarm_id = ANY(${p}::text[])`, f.causeAlarmIds);
  if (f.rules !== undefined) c.add((p) => `rule = ANY(${p}::text[])`, f.rules);
  if (f.raisedFrom !== undefined) c.add((p) => `raised_at >= ${p}`, f.raisedFrom);
  if (f.before !== undefined) c.add((p) => beforeSql('raised_at', p), JSON.stringify(f.before));
  return c.where();
}

/** (column, id) after the cursor (a JSON parameter {at, id}) in a newest-first list. */
function beforeSql(column: string, p: string): string {
  return `(${column}, id) < ((${p}::jsonb ->> 'at')::bigint, ${p}::jsonb ->> 'id')`;
}

/** Silences newest first; `activeAt`: those in force at that time. */
export function silenceWhere(f: SilenceFilter): Where {
  const c = new Conditions();
  if (f.activeAt !== undefined) {
    c.add((p) => `ended_at IS NULL AND ends_at > ${p}`, f.activeAt);
    c.add((p) => `starts_at <= ${p}`, f.activeAt);
  }
  return c.where();
}

/** `ORDER BY … LIMIT $n` appended to a Where: no limit binds NULL (PostgreSQL: no limit). */
export function orderAndLimit(w: Where, orderBy: string, limit: number | undefined): Where {
  const values = [...w.values, limit === undefined ? null : Math.max(0, Math.floor(limit))];
  return { sql: `${w.sql} ORDER BY ${orderBy} LIMIT $${values.length}`, values };
}
