// What kind of trouble a failed store operation is in, for health, metrics, logs and the 503 the API
// answers while changes cannot be recorded: the disk is full, the file or folder is read-only, the
// store does not answer (PostgreSQL gone, the commit worker died), or some other failure. Works on the
// errors of both backends (better-sqlite3's SqliteError codes, node-postgres' SQLSTATE and socket codes).

export type StoreFaultKind = 'full' | 'read-only' | 'unavailable' | 'failed';

export interface StoreFault {
  kind: StoreFaultKind;
  /** The store's own words, for the log and the health problem. */
  message: string;
  /** Wall time of the first failure of this run of failures. */
  since: number;
}

/** For a person: what the fault means, as health and the 503 say it. */
export const FAULT_REASON: Record<StoreFaultKind, string> = {
  full: 'disk full',
  'read-only': 'read-only',
  unavailable: 'unavailable',
  failed: 'write failed',
};

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Classifies one error of a store operation. */
export function classifyStoreError(error: unknown): StoreFaultKind {
  const code = codeOf(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC' || /ENOSPC|disk is full/i.test(message))
    return 'full';
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_IOERR_WRITE' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'EROFS' ||
    code === '25006' || // read_only_sql_transaction
    /EROFS|read-only|readonly/i.test(message)
  )
    return 'read-only';
  if (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('SQLITE_BUSY') || // another connection held the write lock past the busy timeout
    code.startsWith('SQLITE_LOCKED') ||
    code.startsWith('08') || // connection_exception
    /Connection terminated|connection .*closed|commit worker stopped|store is closed|timeout exceeded when trying to connect/i.test(
      message,
    )
  )
    return 'unavailable';
  return 'failed';
}
