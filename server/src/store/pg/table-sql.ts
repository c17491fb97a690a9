// SQL from table definitions (tables.ts): SELECT lists with the columns aliased to the record's field
// names, so a row IS the record once its NULLs are dropped; single-row inserts; and the multi-row
// statements of the group commit (one per table and batch: `INSERT … SELECT * FROM unnest($1::text[], …)`).
export type SqlType = 'text' | 'bigint' | 'integer' | 'double precision' | 'boolean' | 'jsonb';

/** Every field of R (optional ones too) names its column and type: a new field cannot be forgotten. */
export type Columns<R> = { readonly [K in keyof R & string]-?: readonly [column: string, type: SqlType] };

export interface Table<R> {
  readonly name: string;
  readonly key: keyof R & string;
  readonly columns: Columns<R>;
}

const q = (identifier: string): string => `"${identifier}"`;
const entries = <R>(t: Table<R>): [string, readonly [string, SqlType]][] =>
  Object.entries<readonly [string, SqlType]>(t.columns);

/** `SELECT "col" AS "field", … FROM table`. */
export function selectFrom<R>(t: Table<R>): string {
  const list = entries(t).map(([field, [column]]) => `${q(column)} AS ${q(field)}`);
  return `SELECT ${list.join(', ')} FROM ${t.name}`;
}

/** A row selected with selectFrom → the record: NULL columns become absent fields. */
export function fromRow<R>(row: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (const key in row) if (row[key] !== null) out[key] = row[key];
  return out as R;
}

function toParam(type: SqlType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  // JSON is sent as text: node-postgres would turn a JS array into a PostgreSQL array literal.
  return type === 'jsonb' ? JSON.stringify(value) : value;
}

/** `INSERT INTO table (…) VALUES ($1::type, …)` and its parameters for one record. */
export function insertOne<R>(t: Table<R>, record: R): { text: string; values: unknown[] } {
  const cols = entries(t);
  const fields = record as Record<string, unknown>;
  return {
    text:
      `INSERT INTO ${t.name} (${cols.map(([, [c]]) => q(c)).join(', ')}) ` +
      `VALUES (${cols.map(([, [, type]], i) => `$${i + 1}::${type}`).join(', ')})`,
    values: cols.map(([field, [, type]]) => toParam(type, fields[field])),
  };
}

/** `UPDATE table SET … WHERE key = $n`: every non-key column of the record, the key last. */
export function updateOne<R>(t: Table<R>, record: R): { text: string; values: unknown[] } {
  const keyColumn = t.columns[t.key][0];
  const cols = entries(t).filter(([field]) => field !== t.key);
  const fields = record as Record<string, unknown>;
  return {
    text:
      `UPDATE ${t.name} SET ${cols.map(([, [c, type]], i) => `${q(c)} = $${i + 1}::${type}`).join(', ')} ` +
      `WHERE ${q(keyColumn)} = $${cols.length + 1}`,
    values: [...cols.map(([field, [, type]]) => toParam(type, fields[field])), fields[t.key]],
  };
}

/** The records with one per key, the last write of each (ON CONFLICT cannot touch a row twice). */
export function lastPerKey<R>(t: Table<R>, records: readonly R[]): R[] {
  const byKey = new Map<unknown, R>();
  for (const r of records) {
    const key = r[t.key];
    byKey.delete(key); // keeps the order of the last writes
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

export interface UpsertRules {
  /** Columns that, once set, a later write with them unset does not clear. */
  sticky?: readonly string[];
  /** The condition (over the stored row and EXCLUDED) under which an existing row is replaced. */
  replaceIf?: string;
}

/**
 * One statement writing every record: insert, or replace every non-key column of the existing row
 * (last write wins, within `rules`); returns the keys written. `records` must have distinct keys
 * (lastPerKey).
 */
export function upsertMany<R>(
  t: Table<R>,
  records: readonly R[],
  rules: UpsertRules = {},
): { text: string; values: unknown[] } {
  const cols = entries(t);
  const key = t.columns[t.key][0];
  const set = cols
    .filter(([, [c]]) => c !== key)
    .map(([, [c]]) =>
      rules.sticky?.includes(c)
        ? `${q(c)} = coalesce(EXCLUDED.${q(c)}, ${t.name}.${q(c)})`
        : `${q(c)} = EXCLUDED.${q(c)}`,
    )
    .join(', ');
  return {
    text:
      `INSERT INTO ${t.name} (${cols.map(([, [c]]) => q(c)).join(', ')}) ` +
      `SELECT * FROM unnest(${cols.map(([, [, type]], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
      `ON CONFLICT (${q(key)}) DO UPDATE SET ${set}` +
      (rules.replaceIf ? ` WHERE ${rules.replaceIf}` : '') +
      ` RETURNING ${q(key)} AS key`,
    values: cols.map(([field, [, type]]) =>
      records.map((r) => toParam(type, (r as Record<string, unknown>)[field])),
    ),
  };
}

/** Appends every record in one statement, in the order given (identity columns follow it). */
export function insertMany<R>(t: Table<R>, records: readonly R[]): { text: string; values: unknown[] } {
  const cols = entries(t);
  const names = cols.map(([, [c]]) => q(c)).join(', ');
  return {
    text:
      `INSERT INTO ${t.name} (${names}) SELECT ${names} ` +
      `FROM unnest(${cols.map(([, [, type]], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
      `WITH ORDINALITY AS u (${names}, ord) ORDER BY ord`,
    values: cols.map(([field, [, type]]) =>
      records.map((r) => toParam(type, (r as Record<string, unknown>)[field])),
    ),
  };
}
