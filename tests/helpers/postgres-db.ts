// Databases of their own for tests, on the run's PostgreSQL server (started by postgres-setup.ts).
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from '../../scripts/lib/postgres-server';

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

let sharedDatabase: Promise<string> | undefined;

/**
 * A fresh, empty schema in a database shared by this test process: much cheaper than a database
 * (CREATE DATABASE copies a template) when every test wants an empty store. The URL sets search_path,
 * so a store on it sees only its own schema.
 */
export async function testSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  sharedDatabase ??= createDatabase(postgresAdminUrl(), uniqueDatabaseName('s'));
  const dbUrl = await sharedDatabase;
  const schema = uniqueDatabaseName('schema');
  await runSql(dbUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(dbUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => runSql(dbUrl, `DROP SCHEMA ${schema} CASCADE`) };
}

async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
