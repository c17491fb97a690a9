// The Store contract against the SQLite backend, plus what only SQLite has: a file that outlives the
// process, a schema version, WAL mode, and chunked compaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/src/store/sqlite/migrations';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store';
import type { Store, TelemetryRecord } from '../../server/src/store/store';
import {
  batch,
  deviceState,
  device,
  fullTicket,
  site,
  T0,
  ticket,
  ticketEvent,
  user,
  van,
} from './store.contract.fixtures';
import { runStoreContract } from './store.contract';

const tempDirs: string[] = [];
function tempFile(name = 'redsail.db'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-sqlite-'));
  tempDirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite (commit worker)', () => {
  const store = openSqliteStore({ file: tempFile() });
  return Promise.resolve({ store, cleanup: () => store.close() });
});

runStoreContract('sqlite (commit on the calling thread)', () => {
  const store = openSqliteStore({ file: tempFile(), commitIn: 'thread' });
  return Promise.resolve({ store, cleanup: () => store.close() });
});

describe('SQLite store specifics', () => {
  const readOnly = <T>(file: string, read: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const versions = (file: string) =>
    readOnly(file, (db) =>
      db
        .prepare<[], { version: number; applied_at: number }>(
          'SELECT * FROM schema_migrations ORDER BY version',
        )
        .all(),
    );

  it('keeps data across close and reopen of the same file', async () => {
    const file = tempFile();
    const first = openSqliteStore({ file });
    await first.createUser(user('alice', { vanId: 'van-1' }));
    await first.createDevice(device('d1', { attrs: { rating_a: 63 } }));
    await first.createVan(van('van-1', { homeLat: 39.9, homeLng: 116.4 }));
    const state = deviceState('d1', { status: 'online', state: { v: 1 }, lastSeen: T0 });
    const telemetry: TelemetryRecord = { deviceId: 'd1', ts: T0, data: { v: 1 } };
    await first.commit(
      batch({ deviceStates: [state], telemetry: [telemetry], tickets: [fullTicket('T-1')] }),
    );
    await first.commit(batch({ ticketEvents: [ticketEvent('T-1', 'created')] }));
    await first.close();

    const second = openSqliteStore({ file });
    expect(await second.getUser('alice')).toStrictEqual(user('alice', { vanId: 'van-1' }));
    expect(await second.getDevice('d1')).toStrictEqual(device('d1', { attrs: { rating_a: 63 } }));
    expect(await second.listVans()).toStrictEqual([van('van-1', { homeLat: 39.9, homeLng: 116.4 })]);
    expect(await second.listDeviceStates()).toStrictEqual([state]);
    expect(await second.getTicket('T-1')).toStrictEqual(fullTicket('T-1'));
    expect(await second.getTimeline('T-1')).toStrictEqual([ticketEvent('T-1', 'created')]);
    expect(await second.queryTelemetry('d1', 'v', T0, T0)).toStrictEqual([{ ts: T0, value: 1 }]);
    await second.close();
  });

  it('records each migration once; reopening does not re-run them', async () => {
    const file = tempFile();
    await openSqliteStore({ file }).close();
    const applied = versions(file);
    expect(applied.map((v) => v.version)).toStrictEqual(MIGRATIONS.map((_, i) => i + 1));
    await openSqliteStore({ file }).close();
    expect(versions(file)).toStrictEqual(applied);
  });

  it('upgrades a database written by migration 1 in place, keeping its rows', async () => {
    const file = tempFile();
    const old = ticket('T-1', { vanId: 'van-1', reporter: { name: 'Li Wei', phone: '+86 139' } });
    const v1 = new Database(file);
    // What migrate() did in a build that knew only migration 1.
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    v1.exec(MIGRATIONS[0] ?? '');
    v1.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(1, T0);
    v1.prepare(
      `INSERT INTO tickets (id, status, priority, source, category, description, reporter, van_id,
         created_at, updated_at, respond_by, resolve_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      old.id,
      old.status,
      old.priority,
      old.source,
      old.category,
      old.description,
      JSON.stringify(old.reporter),
      'van-1',
      old.createdAt,
      old.updatedAt,
      old.respondBy,
      old.resolveBy,
    );
    v1.close();

    const store = openSqliteStore({ file });
    const got = await store.getTicket('T-1');
    expect(got).toStrictEqual(old);
    expect(got && ['slaStatus', 'slaBreaches', 'callbackBy'].filter((k) => k in got)).toStrictEqual([]);
    expect(await store.listTickets({ createdFrom: T0, createdTo: T0, vanId: 'van-1' })).toStrictEqual([old]);
    const withSla = {
      ...old,
      slaStatus: 'at_risk' as const,
      slaBreaches: ['respond' as const],
      callbackBy: T0,
    };
    await store.commit(batch({ tickets: [withSla] }));
    expect(await store.getTicket('T-1')).toStrictEqual(withSla);
    expect(await store.listVans()).toStrictEqual([]);
    await store.createVan(van('van-1'));
    expect(await store.getVan('van-1')).toStrictEqual(van('van-1'));
    await store.close();

    const applied = versions(file);
    expect(applied.map((v) => v.version)).toStrictEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(applied[0]?.applied_at).toBe(T0); // version 1 was not re-run
  });

  it('upgrades a database written by migrations 1 and 2 in place, keeping its rows and adding sites', async () => {
    const file = tempFile();
    const v2 = new Database(file);
    // What migrate() did in a build that knew only migrations 1 and 2.
    v2.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const record = v2.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const [i, sql] of MIGRATIONS.slice(0, 2).entries()) {
      v2.exec(sql);
      record.run(i + 1, T0 + i);
    }
    v2.prepare('INSERT INTO vans (id, name, home_lat, home_lng, created_at) VALUES (?, ?, ?, ?, ?)').run(
      'van-1',
      'Van van-1',
      35.59,
      116.99,
      T0,
    );
    v2.close();

    const store = openSqliteStore({ file });
    expect(await store.listVans()).toStrictEqual([van('van-1', { homeLat: 35.59, homeLng: 116.99 })]);
    expect(await store.listSites()).toStrictEqual([]);
    const depot = site('depot', { kind: 'depot', address: '曲阜 鼓楼北街' });
    await store.createSite(depot);
    await store.close();

    const reopened = openSqliteStore({ file });
    expect(await reopened.listSites()).toStrictEqual([depot]);
    await reopened.close();
    const applied = versions(file);
    expect(applied.map((v) => v.version)).toStrictEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(applied.slice(0, 2).map((v) => v.applied_at)).toStrictEqual([T0, T0 + 1]); // not re-run
  });

  it('upgrades a database with two active alarms of one device and rule, keeping the newest active', async () => {
    const file = tempFile();
    const v3 = new Database(file);
    // What migrate() did in a build that knew only migrations 1-3 (no uniqueness in the database).
    v3.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const record = v3.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const [i, sql] of MIGRATIONS.slice(0, 3).entries()) {
      v3.exec(sql);
      record.run(i + 1, T0);
    }
    const insert = v3.prepare(
      `INSERT INTO alarms (id, device_id, rule, severity, active, count, raised_at, last_seen_at, last_value)
       VALUES (?, 'd1', 'over_temp', 'major', 1, 1, ?, ?, '{}')`,
    );
    insert.run('a-old', T0, T0 + 5);
    insert.run('a-new', T0 + 10, T0 + 10);
    v3.close();

    const store = openSqliteStore({ file });
    expect((await store.listAlarms({ active: true })).map((a) => a.id)).toStrictEqual(['a-new']);
    expect(await store.getAlarm('a-old')).toMatchObject({ active: false, clearedAt: T0 + 5 });
    await store.close();
  });

  it('runs in WAL mode', async () => {
    const file = tempFile();
    const store = openSqliteStore({ file });
    expect(readOnly(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    await store.close();
  });

  it('enforces foreign keys: a session needs its user', async () => {
    const store = openSqliteStore({ file: tempFile() });
    const session = { tokenHash: 'h', username: 'ghost', createdAt: T0, expiresAt: Date.now() + 60_000 };
    await expect(store.createSession(session)).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('refuses a database written by a newer schema, with a clear error', async () => {
    const file = tempFile();
    await openSqliteStore({ file }).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
      MIGRATIONS.length + 7,
      T0,
    );
    db.close();
    expect(() => openSqliteStore({ file })).toThrow(
      new RegExp(`schema version ${MIGRATIONS.length + 7}.*only up to version ${MIGRATIONS.length}`),
    );
  });

  it('judges session expiry by the injected clock', async () => {
    let clock = T0;
    const store = openSqliteStore({ file: tempFile(), now: () => clock });
    await store.createUser(user('alice'));
    await store.createSession({ tokenHash: 'h', username: 'alice', createdAt: T0, expiresAt: T0 + 1_000 });
    expect((await store.getSession('h'))?.tokenHash).toBe('h'); // long past in wall time
    clock = T0 + 1_000;
    expect(await store.getSession('h')).toBeUndefined();
    await store.close();
  });

  it('creates the directory of the file when it is missing', async () => {
    const file = path.join(path.dirname(tempFile()), 'nested', 'deeper', 'store.db');
    const store = openSqliteStore({ file });
    expect(fs.existsSync(file)).toBe(true);
    await store.close();
  });

  it('close is idempotent; calls after close reject instead of throwing', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.getUser('alice')).rejects.toThrow();
    await expect(store.commit(batch({}))).rejects.toThrow();
  });

  it('compacts in many small transactions with the same result as one big one', async () => {
    const rows: TelemetryRecord[] = [];
    for (let i = 0; i < 200; i += 1) {
      rows.push({
        deviceId: `d${i % 7}`,
        ts: T0 + Math.floor(i / 3) * 1_000,
        data: { v: i, ok: i % 2 === 0 },
      });
    }
    const run = async (chunk: number): Promise<{ store: Store; result: unknown }> => {
      const store = openSqliteStore({ file: tempFile(), compactChunkRows: chunk });
      await store.commit(batch({ telemetry: rows }));
      const result = await store.compactTelemetry({
        rawBefore: T0 + 50_000,
        rollupBefore: 0,
        bucketMs: 10_000,
      });
      return { store, result };
    };
    const small = await run(4);
    const big = await run(1_000_000);
    expect(small.result).toStrictEqual(big.result);
    expect(small.result).toStrictEqual({
      rolledUp: rows.filter((r) => r.ts < T0 + 50_000).length,
      deleted: 0,
    });
    for (let d = 0; d < 7; d += 1) {
      const a = await small.store.queryTelemetry(`d${d}`, 'v', T0, T0 + 100_000);
      expect(a).toStrictEqual(await big.store.queryTelemetry(`d${d}`, 'v', T0, T0 + 100_000));
      expect(a.length).toBeGreaterThan(0);
    }
    await small.store.close();
    await big.store.close();
  });

  it('rejects a non-positive bucket width', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await expect(store.compactTelemetry({ rawBefore: T0, rollupBefore: 0, bucketMs: 0 })).rejects.toThrow(
      RangeError,
    );
    await store.close();
  });
});

describe('SQLite store: search over the callers column', () => {
  it('finds a caller by name or phone in the callers JSON, and reads anything else there as no callers', async () => {
    const file = tempFile();
    const store = openSqliteStore({ file, now: Date.now });
    await store.commit(
      batch({ tickets: ['T-1', 'T-2', 'T-3'].map((id) => ticket(id, { description: 'x' })) }),
    );
    const raw = new Database(file);
    const set = raw.prepare<[string, string]>('UPDATE tickets SET callers = ? WHERE id = ?');
    set.run(
      JSON.stringify([{ name: '赵大妈', phone: '0537-4412345', at: '2026-12-01T08:00:00.000Z' }]),
      'T-1',
    );
    set.run('{"name": "not an array"}', 'T-2');
    set.run('not json at all', 'T-3');
    raw.close();
    const ids = async (q: string) => (await store.listTickets({ q })).map((t) => t.id);
    expect(await ids('赵大妈')).toStrictEqual(['T-1']);
    expect(await ids('0537 4412345')).toStrictEqual(['T-1']);
    expect(await ids('2026-12')).toStrictEqual([]); // when they called is not searched
    expect(await ids('array')).toStrictEqual([]);
    expect(await ids('json')).toStrictEqual([]);
    await store.close();
  });
});
