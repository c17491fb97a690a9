// vitest globalSetup of the projects that need PostgreSQL: one throw-away server for the whole run
// (scripts/lib/postgres-server.ts), its URL provided to the tests as `postgresUrl`, stopped at the end.
// Each test store or test server then creates a database of its own on it (testDatabase).
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/lib/postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  // Teardown stops it; should the run end without one (an interrupted run), the exit still does.
  const stop = (): void => server.stop();
  process.once('exit', stop);
  project.provide('postgresUrl', server.url);
  return () => {
    process.removeListener('exit', stop);
    stop();
  };
}
