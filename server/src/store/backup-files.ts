// Files of backup and restore, and the shape each backend's backup has: private (0600) from their creation, and put in place whole —
// beside the target, flushed, then renamed over it — so a crash leaves the old file or the new, never half.
import fs from 'node:fs';
import path from 'node:path';

/** A problem with a backup or its target, told to the operator as is (no stack). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Creates (or empties) `file` with mode 0600; returns its path. */
export function privateFile(file: string): string {
  fs.closeSync(fs.openSync(file, 'w', 0o600));
  fs.chmodSync(file, 0o600);
  return file;
}

/** Makes `from` 0600, flushes it to disk and renames it to `to`, then flushes the folder. */
export function replaceFile(from: string, to: string): void {
  fs.chmodSync(from, 0o600);
  const fd = fs.openSync(from, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(from, to);
  const dir = fs.openSync(path.dirname(path.resolve(to)), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

/**
 * Writes `file` whole: `make` fills `<file>.partial` (0600 from its creation), which then replaces
 * `file`; if `make` fails, the partial file is removed and `file` is left as it was.
 */
export async function writeWhole<T>(file: string, make: (partial: string) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  try {
    privateFile(partial);
  } catch (err) {
    throw new BackupError(`${file} cannot be written: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const result = await make(partial);
    replaceFile(partial, file);
    return result;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

export interface StoreBackup {
  /** The store, as told to the operator (a file, or a database's host and name). */
  where: string;
  /** An online, consistent copy of the store into `file` (mode 0600), checked before it is in place. */
  backup(file: string, progress: (message: string) => void): Promise<{ schemaVersion: number }>;
  /** Checks `file` is a sound backup; its schema version. Throws a BackupError if not. */
  inspect(file: string): Promise<number>;
  /** The newest schema version this build knows (a backup of a newer one is refused). */
  knownVersion: number;
  /** Whether a server (or another client) uses the store now. */
  inUse(): Promise<boolean>;
  /** Whether the target holds a store already. */
  hasStore(): Promise<boolean>;
  /** Puts the (inspected) backup in place of whatever is there; nothing changes if it fails. */
  restore(file: string): Promise<void>;
}
