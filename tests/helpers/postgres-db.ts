// Databases of their own for tests, on the run's PostgreSQL server (started by postgres-setup.ts).
import { createHash, randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from './postgres';

/** The run's server; a clear error when the project has no PostgreSQL set-up. */
export function postgresAdminUrl(): string {
  const url = inject('postgresUrl') as string | undefined;
  if (!url) {
    throw new Error(
      'no PostgreSQL server for this test: run it in a vitest project whose globalSetup is tests/helpers/postgres-setup.ts',
    );
  }
  return url;
}

/** A database name unique to this run: `prefix` plus random hex. */
export function uniqueDatabaseName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The same key (e.g. a data directory) always gives the same database name. */
export function databaseNameFor(key: string): string {
  return `d_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** A fresh, empty database; returns its URL and a function that drops it. */
export async function testDatabase(
  name = uniqueDatabaseName(),
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgresAdminUrl();
  const url = await createDatabase(admin, name);
  return { url, drop: () => dropDatabase(admin, name) };
}
