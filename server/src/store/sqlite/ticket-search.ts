// The `q` condition of listTickets on SQLite: LIKE (case-insensitive for ASCII; Chinese has no case)
// with `\` escaping the wildcards, over the fields api.md names. The values are bound, never put in
// the SQL. A search scans the tickets table; without `q` this condition is not added.
import { searchPatterns } from '../../pipeline/ticket-search';
import type { Condition } from './filtered-query';

const like = (expr: string) => `${expr} LIKE ? ESCAPE '\\'`;
/** A phone or ticket number compared without its dashes (the pattern is compact too). */
const compact = (expr: string) => like(`replace(${expr}, '-', '')`);
/** The callers array (JSON, written by the callers feature); anything else reads as no callers. */
const CALLERS = `json_each(CASE WHEN json_valid(callers) THEN CASE json_type(callers) WHEN 'array' THEN callers END END)`;

const SQL = `(${[
  compact('id'),
  like(`json_extract(reporter, '$.name')`),
  compact(`json_extract(reporter, '$.phone')`),
  like('address'),
  like('description'),
  like('device_id'),
  `EXISTS (SELECT 1 FROM devices d WHERE d.id = tickets.device_id AND ${like('d.name')})`,
  `EXISTS (SELECT 1 FROM compounds c WHERE c.id = tickets.compound_id AND ${like('c.name')})`,
  `EXISTS (SELECT 1 FROM ${CALLERS} WHERE ${like(`json_extract(value, '$.name')`)} OR ${compact(`json_extract(value, '$.phone')`)})`,
].join(' OR ')})`;

/** The search condition with its values, in the order of the `?`s above. */
export function searchCondition(q: string): Condition {
  const p = searchPatterns(q);
  return [SQL, p.compact, p.text, p.compact, p.text, p.text, p.text, p.text, p.text, p.text, p.compact];
}
