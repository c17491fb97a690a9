// The Store contract against the PostgreSQL backend (a schema of its own per test, on the run's
// throw-away server), plus what only PostgreSQL has: migrations under an advisory lock, the uniqueness
// rules as partial unique indexes, the fenced commit, and connection errors.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/src/config/config';
import { openStore } from '../../server/src/store/open-store';
import { openPgStore, PG_MIGRATIONS, PgSchemaTooNewError } from '../../server/src/store/pg';
import { StaleFenceError, type Store } from '../../server/src/store/store';
import { testDatabase, testSchema } from '../helpers/postgres-db';
import { alarm, batch, device, fullTicket, ticket, ticketEvent, user } from './store.contract.fixtures';
import { runStoreContract } from './store.contract';

runStoreContract('postgres', async () => {
  const db = await testSchema();
  const store = await openPgStore({ url: db.url });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});

/** A fresh database per test, dropped after it; `open` opens a store on it (closed after the test). */
function freshDatabase() {
  const stores: Store[] = [];
  let db: { url: string; drop: () => Promise<void> } | undefined;
  beforeEach(async () => {
    db = await testDatabase();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await db?.drop();
  });
  const url = (): string => db?.url ?? '';
  return {
    url,
    open: async (): Promise<Store> => {
      const store = await openPgStore({ url: url() });
      stores.push(store);
      return store;
    },
    /** Runs raw SQL on the test database with a connection of its own. */
    sql: async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        return (await client.query<R>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

describe('PostgreSQL store: migrations', () => {
  const db = freshDatabase();
  const versions = () =>
    db.sql<{ version: number; applied_at: string }>('SELECT * FROM schema_migrations ORDER BY version');

  it('records each migration once and does not run it again on reopen', async () => {
    const first = await db.open();
    await first.createUser(user('alice'));
    await first.close();
    const recorded = await versions();
    expect(recorded.map((v) => v.version)).toStrictEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    const second = await db.open();
    expect(await versions()).toStrictEqual(recorded);
    expect(await second.getUser('alice')).toStrictEqual(user('alice'));
  });

  it('two stores opening the same fresh database at once both work, with one set of migrations', async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    expect((await versions()).map((v) => v.version)).toStrictEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    await a.createUser(user('alice'));
    expect(await b.getUser('alice')).toStrictEqual(user('alice'));
  });

  it('refuses a schema newer than this build, naming both versions', async () => {
    await (await db.open()).close();
    const newer = PG_MIGRATIONS.length + 1;
    await db.sql('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [newer]);
    const refused = openPgStore({ url: db.url() });
    await expect(refused).rejects.toBeInstanceOf(PgSchemaTooNewError);
    await expect(refused).rejects.toThrow(`schema version ${newer}, but this build knows only up to version`);
  });

  it('keeps data across close and reopen', async () => {
    const first = await db.open();
    await first.createDevice(device('d1', { attrs: { rating_a: 63 } }));
    await first.commit(
      batch({ tickets: [fullTicket('T-1')], ticketEvents: [ticketEvent('T-1', 'created')] }),
    );
    await first.close();
    const second = await db.open();
    expect(await second.getDevice('d1')).toStrictEqual(device('d1', { attrs: { rating_a: 63 } }));
    expect(await second.getTicket('T-1')).toStrictEqual(fullTicket('T-1'));
    expect(await second.getTimeline('T-1')).toStrictEqual([ticketEvent('T-1', 'created')]);
  });
});

describe('PostgreSQL store: uniqueness rules and fences in the database', () => {
  // What the rules mean is the Store contract's (store.contract.claims.ts); here, that PostgreSQL
  // itself holds them: the partial unique indexes refuse raw SQL too, and fences are rows.
  const db = freshDatabase();

  it.each([
    [
      'alarms_one_active',
      "INSERT INTO alarms SELECT 'a9', device_id, rule, severity, true, 1, 0, 0, NULL, '{}' FROM alarms",
    ],
    [
      'tickets_one_active_per_van',
      "INSERT INTO tickets (id, status, priority, source, category, description, van_id, created_at, updated_at, respond_by, resolve_by) VALUES ('T-9', 'on_site', 'P1', 'hotline', 'power', '', 'van-1', 0, 0, 0, 0)",
    ],
  ])('the index %s refuses raw SQL too', async (index, insert) => {
    const store = await db.open();
    await store.commit(
      batch({ alarms: [alarm('a1')], tickets: [ticket('T-1', { status: 'en_route', vanId: 'van-1' })] }),
    );
    await expect(db.sql(insert)).rejects.toMatchObject({ code: '23505', constraint: index });
  });

  it('keeps the newest epoch of each lease in the fences table', async () => {
    const store = await db.open();
    await store.commit(batch({}), { fence: { name: 'alarms', epoch: 3 } });
    await expect(store.commit(batch({}), { fence: { name: 'alarms', epoch: 2 } })).rejects.toBeInstanceOf(
      StaleFenceError,
    );
    await store.commit(batch({}), { fence: { name: 'tickets', epoch: 1 } });
    expect(await db.sql('SELECT name, epoch FROM fences ORDER BY name')).toStrictEqual([
      { name: 'alarms', epoch: '3' },
      { name: 'tickets', epoch: '1' },
    ]);
  });
});

describe('PostgreSQL store: connections', () => {
  const db = freshDatabase();

  it('close is idempotent and later calls reject', async () => {
    const store = await db.open();
    await store.close();
    await store.close();
    await expect(store.countUsers()).rejects.toThrow('the store is closed');
    await expect(store.commit(batch({}))).rejects.toThrow('the store is closed');
  });

  it('survives the server dropping its idle connections', async () => {
    const store = await db.open();
    await store.createUser(user('alice'));
    await db.sql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'redsail' AND pid <> pg_backend_pid()",
    );
    expect(await store.countUsers()).toBe(1);
  });

  it('an unreachable server rejects the open; openStore says where and never shows the password', async () => {
    const url = 'postgres://redsail:s3cret-pw@127.0.0.1:1/redsail';
    await expect(openPgStore({ url })).rejects.toThrow();
    const refused = openStore({ DATA_DIR: '/nonexistent', DATABASE_URL: url }, Date.now);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(
      /^PostgreSQL at 127\.0\.0\.1:1 is not reachable: .+; check DATABASE_URL$/,
    );
    await expect(refused).rejects.not.toThrow('s3cret-pw');
  });
});

describe('PostgreSQL store: search over the callers column', () => {
  const db = freshDatabase();

  it('finds a caller by name or phone in the callers JSON, and reads anything else there as no callers', async () => {
    const store = await db.open();
    await store.commit(
      batch({ tickets: ['T-1', 'T-2', 'T-3'].map((id) => ticket(id, { description: 'x' })) }),
    );
    const set = (callers: string, id: string) =>
      db.sql('UPDATE tickets SET callers = $1::jsonb WHERE id = $2', [callers, id]);
    await set(
      JSON.stringify([{ name: '赵大妈', phone: '0537-4412345', at: '2026-12-01T08:00:00.000Z' }]),
      'T-1',
    );
    await set('{"name": "not an array"}', 'T-2');
    await set('"a string"', 'T-3');
    const ids = async (q: string) => (await store.listTickets({ q })).map((t) => t.id);
    expect(await ids('赵大妈')).toStrictEqual(['T-1']);
    expect(await ids('0537 4412345')).toStrictEqual(['T-1']);
    expect(await ids('2026-12')).toStrictEqual([]); // when they called is not searched
    expect(await ids('array')).toStrictEqual([]);
    expect(await ids('string')).toStrictEqual([]);
  });
});
