// Filtered listings: a SELECT whose WHERE clause depends on which filters are set, one prepared
// statement per combination of filters actually used.
import type Database from 'better-sqlite3';

/** One SQL condition with one value bound per `?` in it, in order. */
export type Condition = readonly [sql: string, ...values: (string | number)[]];

/** A SELECT whose WHERE clause depends on which filters are set; statements are cached per shape. */
export class FilteredQuery<Row> {
  private readonly cache = new Map<string, Database.Statement<unknown[], Row>>();

  constructor(
    private readonly db: Database.Database,
    private readonly select: string,
    private readonly orderBy: string,
  ) {}

  all(conditions: readonly Condition[], limit?: number): Row[] {
    const where = conditions.map(([sql]) => sql).join(' AND ');
    let stmt = this.cache.get(where);
    if (stmt === undefined) {
      const clause = where === '' ? '' : ` WHERE ${where}`;
      stmt = this.db.prepare<unknown[], Row>(`${this.select}${clause} ORDER BY ${this.orderBy} LIMIT ?`);
      this.cache.set(where, stmt);
    }
    const max = limit === undefined ? -1 : Math.max(0, Math.floor(limit));
    return stmt.all(...conditions.flatMap(([, ...values]) => values), max);
  }
}
