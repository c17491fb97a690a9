// Attachments in a SQLite backup: their bytes live as files under DATA_DIR/attachments/, not in the
// database, so the backup carries them in a table of its own (one file holds the whole store), checked
// against their sha256; a restore writes them back as files and drops the table.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackupError } from '../backup-files';

const TABLE = 'backup_attachment_files';
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface PackResult {
  packed: number;
  /** Attachments whose file is gone or does not match its sha256: not in the backup. */
  missing: string[];
}

/** Copies the bytes of every attachment the backup file lists into it, from `dir`. */
export function packAttachments(file: string, dir: string, progress: (message: string) => void): PackResult {
  const db = new Database(file, { fileMustExist: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'").get();
    if (!has) return { packed: 0, missing: [] }; // a store of a schema from before attachments
    db.exec(`CREATE TABLE ${TABLE} (id TEXT PRIMARY KEY, bytes BLOB NOT NULL)`);
    const rows = db.prepare('SELECT id, sha256 FROM attachments ORDER BY id').all() as {
      id: string;
      sha256: string;
    }[];
    const insert = db.prepare('INSERT INTO backup_attachment_files (id, bytes) VALUES (?, ?)');
    const missing: string[] = [];
    let packed = 0;
    const store = db.transaction((batch: { id: string; bytes: Buffer }[]) => {
      for (const b of batch) insert.run(b.id, b.bytes);
    });
    let batch: { id: string; bytes: Buffer }[] = [];
    let batchBytes = 0;
    for (const [i, row] of rows.entries()) {
      const bytes = SAFE_ID.test(row.id) ? readOrUndefined(path.join(dir, row.id)) : undefined;
      if (!bytes || createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
        missing.push(row.id);
        continue;
      }
      batch.push({ id: row.id, bytes });
      batchBytes += bytes.length;
      packed++;
      if (batchBytes > 64 << 20 || i === rows.length - 1) {
        store(batch);
        batch = [];
        batchBytes = 0;
        progress(`attachments: ${i + 1} of ${rows.length}`);
      }
    }
    if (batch.length > 0) store(batch);
    if (missing.length > 0)
      progress(
        `warning: ${missing.length} attachment file(s) missing or damaged in ${dir}, not in the backup: ${missing.slice(0, 5).join(', ')}`,
      );
    return { packed, missing };
  } finally {
    db.close();
  }
}

/** Writes the attachments a backup carries as files under `dir` (0600), then drops their table. */
export function unpackAttachments(file: string, dir: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(TABLE);
    if (!has) return 0;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    let n = 0;
    for (const row of db.prepare(`SELECT id, bytes FROM ${TABLE}`).iterate() as Iterable<{
      id: string;
      bytes: Buffer;
    }>) {
      if (!SAFE_ID.test(row.id))
        throw new BackupError(`the backup names an attachment ${JSON.stringify(row.id)}`);
      const target = path.join(dir, row.id);
      fs.writeFileSync(`${target}.part`, row.bytes, { mode: 0o600 });
      fs.renameSync(`${target}.part`, target);
      n++;
    }
    db.exec(`DROP TABLE ${TABLE}`);
    return n;
  } finally {
    db.close();
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
