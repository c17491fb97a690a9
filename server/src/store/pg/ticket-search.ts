// The `q` condition of listTickets on PostgreSQL: ILIKE with `\` escaping the wildcards, over the
// fields api.md names; the two patterns are bound parameters, never put in the SQL. Without `q` this
// condition is not added.
const ilike = (expr: string, p: string) => `${expr} ILIKE ${p} ESCAPE '\\'`;
/** A phone or ticket number compared without its dashes (the pattern is compact too). */
const compact = (expr: string, p: string) => ilike(`replace(${expr}, '-', '')`, p);
/** The callers array (written by the callers feature); anything else reads as no callers. */
const CALLERS = `jsonb_array_elements(CASE WHEN jsonb_typeof(callers) = 'array' THEN callers ELSE '[]'::jsonb END) AS e(v)`;

/** The condition over two parameters: `text` and `comp` are their placeholders ($n), bound to searchPatterns(q). */
export function searchSql(text: string, comp: string): string {
  return `(${[
    compact('id', comp),
    ilike(`reporter ->> 'name'`, text),
    compact(`reporter ->> 'phone'`, comp),
    ilike('address', text),
    ilike('description', text),
    ilike('device_id', text),
    `EXISTS (SELECT 1 FROM devices d WHERE d.id = tickets.device_id COLLATE "C" AND ${ilike('d.name', text)})`,
    `EXISTS (SELECT 1 FROM compounds c WHERE c.id = tickets.compound_id COLLATE "C" AND ${ilike('c.name', text)})`,
    `EXISTS (SELECT 1 FROM ${CALLERS} WHERE ${ilike(`v ->> 'name'`, text)} OR ${compact(`v ->> 'phone'`, comp)})`,
  ].join(' OR ')})`;
}
