// The Store contract against the PostgreSQL backend (a database of its own per test, on the run's
// throw-away server), plus what only PostgreSQL has: migrations under an advisory lock, the uniqueness
// rules as partial unique indexes, the fenced commit, and connection errors.
import { runStoreContract } from './store.contract';
import { openPgStore } from '../../server/src/store/pg';
import { testDatabase } from '../helpers/postgres-db';

runStoreContract('postgres', async () => {
  const db = await testDatabase();
  const store = await openPgStore({ url: db.url });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});
