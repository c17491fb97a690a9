// The SQLite store's folder is 0700 and its files 0600 (issue 16 point 4), for a new store and for an
// existing one left world-readable by an older version. Always on SQLite: PostgreSQL keeps no files here.
import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../helpers/backends';
import { startServer, tempDir, type TestServer } from '../helpers/server';

const sqlite = TEST_BACKENDS.sqlite;
const mode = (p: string) => statSync(p).mode & 0o777;
const FILES = ['redsail.db', 'redsail.db-wal', 'redsail.db-shm'];

describe('store file modes', () => {
  const parent = tempDir('redsail-modes-');
  const dataDir = path.join(parent, 'data');
  let s: TestServer | undefined;
  afterAll(async () => {
    await s?.stop();
  });

  it('a new DATA_DIR is 0700 and the database, -wal and -shm are 0600', async () => {
    s = await startServer({ dataDir, backend: sqlite });
    await s.api.userToken(s.admin, 'view', 'viewer'); // a write, so the WAL has content
    expect(mode(dataDir)).toBe(0o700);
    for (const f of FILES) {
      expect(existsSync(path.join(dataDir, f)), f).toBe(true);
      expect(mode(path.join(dataDir, f)), f).toBe(0o600);
    }
    await s.stop({ keepData: true });
    s = undefined;
  });

  it('an existing store left 0755/0644 is made private on start', async () => {
    chmodSync(dataDir, 0o755);
    for (const f of FILES) if (existsSync(path.join(dataDir, f))) chmodSync(path.join(dataDir, f), 0o644);
    s = await startServer({ dataDir, backend: sqlite });
    expect(mode(dataDir)).toBe(0o700);
    for (const f of FILES) {
      if (existsSync(path.join(dataDir, f))) expect(mode(path.join(dataDir, f)), f).toBe(0o600);
    }
    expect(mode(path.join(dataDir, 'redsail.db'))).toBe(0o600);
  });
});
