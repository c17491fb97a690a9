// A second connection to the store file (the commit worker's) must not release the first one's SQLite
// locks: POSIX locks belong to the process, and closing any descriptor of the file drops them all. The
// lock is what tells another process — `npm run restore` — that a server has the store open.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './open';

const require = createRequire(import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Whether another process can take the file's exclusive lock (it cannot while a connection has it open). */
function lockableElsewhere(file: string): boolean {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)}, { timeout: 0, fileMustExist: true });
    try { db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE; COMMIT'); process.stdout.write('free'); }
    catch (e) { process.stdout.write(e.code); } finally { db.close(); }`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }) === 'free';
}

it('keeps the first connection locked when a second one opens the same file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redsail-open-'));
  dirs.push(dir);
  const file = path.join(dir, 'redsail.db');
  const first = openDatabase(file, true);
  const second = openDatabase(file, false);
  try {
    expect(lockableElsewhere(file)).toBe(false);
  } finally {
    second.close();
    first.close();
  }
  expect(lockableElsewhere(file)).toBe(true);
});
