import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: `main` (every test; the medium suite on SQLite) and `postgres` (the Store contract on
// PostgreSQL and the medium suite again on PostgreSQL), which starts one throw-away PostgreSQL server
// for the run (tests/helpers/postgres-setup.ts). REDSAIL_TEST_STORE=sqlite|postgres runs the medium
// suite on that backend only.
const only = process.env.REDSAIL_TEST_STORE;
const medium = 'tests/medium/**/*.test.ts';
const pgContract = 'tests/contract/pg.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'server/**/*.test.ts',
            'devices/**/*.test.ts',
            'simulators/**/*.test.ts',
            'tests/**/*.test.ts',
            'console/src/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, pgContract, ...(only === 'postgres' ? [medium] : [])],
          env: { REDSAIL_TEST_STORE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [pgContract, ...(only === 'sqlite' ? [] : [medium])],
          env: { REDSAIL_TEST_STORE: 'postgres' },
          globalSetup: ['tests/helpers/postgres-setup.ts'],
        },
      },
    ],
  },
});
