// Versioned schema of the SQLite store. Migration N (1-based) is MIGRATIONS[N - 1]; applied versions are
// recorded in schema_migrations. To change the schema, APPEND a migration — never edit a released one.
// Readings stay generic (one JSON row per message), so a new device type never needs a migration.
import { BASE_MIGRATIONS } from './schema-base';
import { REPORT_MIGRATIONS } from './schema-reports';
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [...BASE_MIGRATIONS, ...REPORT_MIGRATIONS];

/** The database was written by a newer build of Redsail than this one. */
export class SchemaTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `SQLite store ${file} has schema version ${found}, but this build knows only up to version ${known}; ` +
        'upgrade Redsail or point it at another database file',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Brings the schema up to date in ONE immediate transaction; returns the versions applied now. */
export function migrate(db: Database.Database, file: string): number[] {
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      applied_at INTEGER NOT NULL
    )`);
    const current = db
      .prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations')
      .pluck()
      .get();
    const from = current ?? 0;
    if (from > MIGRATIONS.length) throw new SchemaTooNewError(file, from, MIGRATIONS.length);
    const record = db.prepare<[number, number]>(
      'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)',
    );
    const applied: number[] = [];
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= from) return;
      db.exec(sql);
      record.run(version, Date.now());
      applied.push(version);
    });
    return applied;
  });
  // IMMEDIATE: two processes opening a fresh file at once must not both try to migrate it.
  return run.immediate();
}
