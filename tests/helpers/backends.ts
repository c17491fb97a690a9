// The store backends the medium suite can start the server on. The backend is configuration, as in
// production (api.md "Running"): each entry says which settings select it for a test server, and
// REDSAIL_TEST_STORE picks one for a whole run (`sqlite`, the default). A backend that needs a
// service (PostgreSQL) starts it here, on a free loopback port, and stops it after the run.
export interface TestBackend {
  /** The settings that select this backend for a server whose data lives in dataDir. */
  env(dataDir: string): Record<string, string>;
}

export const TEST_BACKENDS: Record<string, TestBackend> = {
  sqlite: { env: (dataDir) => ({ DATA_DIR: dataDir }) },
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
