// Versioned schema of the PostgreSQL store. Migration N (1-based) is PG_MIGRATIONS[N - 1]; applied
// versions are recorded in schema_migrations. To change the schema, APPEND a migration — never edit a
// released one. Migration 1 is the logical schema of SQLite's migrations 1–3 (store/sqlite/migrations.ts)
// in PostgreSQL types (epoch ms BIGINT, JSON as JSONB, coordinates DOUBLE PRECISION), plus what a
// cluster needs: the uniqueness rules as partial unique indexes, and the lease fences.
// Keys that lists are ordered by are COLLATE "C", so the order is the byte order SQLite uses.
import { BASE_PG_MIGRATIONS } from './schema-base';
import { REPORT_PG_MIGRATIONS } from './schema-reports';
import type pg from 'pg';

export const PG_MIGRATIONS: readonly string[] = [...BASE_PG_MIGRATIONS, ...REPORT_PG_MIGRATIONS];

/** The database was written by a newer build of Redsail than this one. */
export class PgSchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `PostgreSQL store has schema version ${found}, but this build knows only up to version ${known}; ` +
        'upgrade Redsail or point DATABASE_URL at another database',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the schema up to date in ONE transaction holding a transaction-level advisory lock, so nodes
 * starting at once on a fresh database migrate it once (the others wait, then find nothing to do).
 * Returns the versions applied now.
 */
export async function migrate(client: pg.ClientBase, migrations = PG_MIGRATIONS): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('redsail.schema_migrations'))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      applied_at BIGINT NOT NULL
    )`);
    const { rows } = await client.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::integer AS v FROM schema_migrations',
    );
    const from = rows[0]?.v ?? 0;
    if (from > migrations.length) throw new PgSchemaTooNewError(from, migrations.length);
    const applied: number[] = [];
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (version <= from) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        version,
        Date.now(),
      ]);
      applied.push(version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
