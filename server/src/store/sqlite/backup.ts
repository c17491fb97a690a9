// Backup and restore of the SQLite store (docs/backup.md): an online copy through SQLite's backup API
// under one read transaction (a consistent snapshot while the server keeps writing, never restarted by
// its commits), checked with integrity_check, with the attachment files inside it; and a restore that
// checks the file first, refuses a store in use or one already there (unless forced), writes the
// attachments back, and swaps the file in whole.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackupError, type StoreBackup, privateFile, replaceFile, writeWhole } from '../backup-files';
import { packAttachments, unpackAttachments } from './backup-attachments';
import { MIGRATIONS } from './migrations';

/** Pages copied per step of the backup API (16 MB at 4 KB pages): progress is reported between steps. */
const PAGES_PER_STEP = 4096;

/** The backup file's schema version, after its integrity check; a BackupError if it is not a sound store. */
function inspect(file: string): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened: ${(err as Error).message}`);
  }
  try {
    const check = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = check.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new BackupError(`${file} is damaged: ${problems.slice(0, 3).join('; ')}`);
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!table) throw new BackupError(`${file} is not a Redsail store (no schema_migrations table)`);
    const row = db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as {
      v: number;
    };
    return row.v;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a sound SQLite store: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/** Whether another connection — a running server — has the database open: it then holds a shared lock. */
function inUse(dbFile: string): boolean {
  if (!fs.existsSync(dbFile)) return false;
  const db = new Database(dbFile, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY') return true;
    if (code === 'SQLITE_NOTADB') return false; // not a store: nothing can be using it as one
    throw err;
  } finally {
    db.close();
  }
}

/** Copies the live database `dbFile` into `dest` through the backup API, as of one moment. */
async function copyOnline(dbFile: string, dest: string, progress: (message: string) => void): Promise<void> {
  const source = new Database(dbFile, { fileMustExist: true });
  try {
    // The read transaction pins one snapshot for every step of the copy.
    source.exec('BEGIN');
    source.prepare('SELECT count(*) FROM sqlite_master').get();
    let lastTenth = -1;
    await source.backup(dest, {
      progress({ totalPages, remainingPages }) {
        const tenth = Math.floor((10 * (totalPages - remainingPages)) / totalPages);
        if (totalPages > PAGES_PER_STEP && tenth !== lastTenth) {
          lastTenth = tenth;
          progress(`${tenth * 10}% of ${totalPages} pages`);
        }
        return PAGES_PER_STEP;
      },
    });
    source.exec('COMMIT');
  } finally {
    source.close();
  }
}

/** The backup of the store file `dbFile` (DATA_DIR/redsail.db). */
export function sqliteBackup(dbFile: string): StoreBackup {
  const attachmentsDir = path.join(path.dirname(path.resolve(dbFile)), 'attachments');
  return {
    where: dbFile,
    async backup(file, progress) {
      if (!fs.existsSync(dbFile)) throw new BackupError(`there is no store at ${dbFile} (check DATA_DIR)`);
      const schemaVersion = await writeWhole(file, async (partial) => {
        await copyOnline(dbFile, partial, progress);
        // A file of its own: no -wal beside it, whatever the server's journal mode.
        const copy = new Database(partial, { fileMustExist: true });
        try {
          copy.pragma('journal_mode = DELETE');
        } finally {
          copy.close();
        }
        const { packed } = packAttachments(partial, attachmentsDir, progress);
        progress(`${packed} attachment(s) in the backup`);
        return inspect(partial);
      });
      return { schemaVersion };
    },
    inspect: (file) => Promise.resolve(inspect(file)),
    knownVersion: MIGRATIONS.length,
    inUse: () => Promise.resolve(inUse(dbFile)),
    hasStore: () => Promise.resolve(fs.existsSync(dbFile) && fs.statSync(dbFile).size > 0),
    restore(file) {
      fs.mkdirSync(path.dirname(dbFile), { recursive: true, mode: 0o700 });
      const partial = privateFile(`${dbFile}.restoring`);
      try {
        fs.copyFileSync(file, partial);
      } catch (err) {
        fs.rmSync(partial, { force: true });
        throw new BackupError(
          `${file} could not be copied into ${partial}: ${(err as NodeJS.ErrnoException).code}`,
        );
      }
      try {
        unpackAttachments(partial, attachmentsDir);
      } catch (err) {
        fs.rmSync(partial, { force: true });
        if (err instanceof BackupError) throw err;
        throw new BackupError(
          `the attachments of ${file} could not be written to ${attachmentsDir}: ${(err as Error).message}`,
        );
      }
      // The old store's journal must not be replayed into the restored one. (The in-use check's own
      // connection has folded it into the old file already, so removing it first loses nothing.)
      for (const f of [`${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) fs.rmSync(f, { force: true });
      replaceFile(partial, dbFile);
      return Promise.resolve();
    },
  };
}
