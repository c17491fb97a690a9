// The store's folder and files are the server's alone: DATA_DIR 0700, the database and its -wal and
// -shm files 0600, whatever the umask, for new stores and for existing ones on every start. (SQLite
// creates -wal and -shm with the database file's mode, so a 0600 database keeps them 0600.)
import fs from 'node:fs';
import path from 'node:path';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Before opening `file`: its folder exists and is 0700, and the database file exists and is 0600. */
export function prepareStoreFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  // Existing folders too (an older install made it 0755), but never a shared one such as /tmp (sticky)
  // or one the server does not own.
  const st = fs.statSync(dir);
  const ours = process.getuid === undefined || st.uid === process.getuid();
  if (ours && (st.mode & 0o1000) === 0 && (st.mode & 0o777) !== DIR_MODE) fs.chmodSync(dir, DIR_MODE);
  // An empty file is a valid, empty SQLite database; creating it here gives it our mode from the start.
  // Only when it is missing: closing a descriptor of the file would drop every SQLite lock this process
  // holds on it (POSIX locks are per process), so a second connection's open would unlock the first.
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  restrictStoreFiles(file);
}

/** The database and whichever of its -wal and -shm files exist are 0600. */
export function restrictStoreFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
