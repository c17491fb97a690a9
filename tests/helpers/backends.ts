// The store backends the medium suite can start the server on. The backend is configuration, as in
// production (api.md "Running"): each entry says which settings select it for a test server, and
// REDSAIL_TEST_STORE picks one for a whole run (`sqlite`, the default). PostgreSQL runs on the run's
// throw-away server (tests/helpers/postgres-setup.ts, vitest project `postgres`): each data directory
// gets a database of its own, created on first use.
import { databaseNameFor, postgresAdminUrl } from './postgres-db';
import { createDatabaseIfMissing, dropDatabase } from '../../scripts/lib/postgres-server';

export interface TestBackend {
  readonly name: string;
  /**
   * The settings that select this backend for a server whose data lives in dataDir. The same dataDir
   * gives the same data again (a restart finds what the previous server wrote).
   */
  prepare(dataDir: string): Promise<Record<string, string>>;
  /** Deletes what prepare(dataDir) set up beside the directory (the directory itself is the caller's). */
  discard(dataDir: string): Promise<void>;
}

export const TEST_BACKENDS: Record<string, TestBackend> = {
  sqlite: {
    name: 'sqlite',
    prepare: (dataDir) => Promise.resolve({ DATA_DIR: dataDir }),
    discard: () => Promise.resolve(),
  },
  postgres: {
    name: 'postgres',
    prepare: async (dataDir) => ({
      DATA_DIR: dataDir,
      DATABASE_URL: await createDatabaseIfMissing(postgresAdminUrl(), databaseNameFor(dataDir)),
    }),
    discard: (dataDir) => dropDatabase(postgresAdminUrl(), databaseNameFor(dataDir)),
  },
};

/** The backend this run uses; a name that is not one of TEST_BACKENDS stops the run with a clear error. */
export function testBackend(name = process.env.REDSAIL_TEST_STORE ?? 'sqlite'): TestBackend {
  const backend = TEST_BACKENDS[name];
  if (!backend) {
    throw new Error(
      `REDSAIL_TEST_STORE=${name} is not a store backend; use one of: ${Object.keys(TEST_BACKENDS).join(', ')}`,
    );
  }
  return backend;
}
