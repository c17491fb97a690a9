// Field work in the SQLite store (store/field-work.ts): idempotency keys in their table, attachments as
// a row each and their bytes as one file each under `<DATA_DIR>/attachments/` (folder 0700, files
// 0600, written to a temporary name and renamed, so a file that exists is whole).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type {
  AttachmentRecord,
  IdempotencyClaim,
  IdempotencyClaimRequest,
  IdempotencyRecord,
  IdempotentResponse,
} from '../field-work';

interface KeyRow {
  username: string;
  key: string;
  fingerprint: string;
  created_at: number;
  expires_at: number;
  status: number | null;
  body: string | null;
}

interface AttachmentRow {
  id: string;
  ticket_id: string;
  kind: AttachmentRecord['kind'];
  content_type: AttachmentRecord['contentType'];
  size: number;
  sha256: string;
  created_at: number;
  created_by: string;
}

const keyFromRow = (r: KeyRow): IdempotencyRecord => ({
  username: r.username,
  key: r.key,
  fingerprint: r.fingerprint,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ...(r.status !== null && r.body !== null && { response: { status: r.status, body: r.body } }),
});

const attachmentFromRow = (r: AttachmentRow): AttachmentRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  kind: r.kind,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

const ATTACHMENT_COLUMNS = 'id, ticket_id, kind, content_type, size, sha256, created_at, created_by';
/** Attachment ids are generated (pipeline/ids.ts); a file name is only ever one of them. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Where the attachment files of the database `file` live: `attachments/` beside it (`:memory:`: a fresh
 * temporary folder). Made (0700) on first use, so a store that never holds one makes none.
 */
export function attachmentsDirFor(file: string): () => string {
  let dir: string | undefined;
  return () => {
    if (dir !== undefined) return dir;
    const made =
      file === ':memory:'
        ? fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-attachments-'))
        : path.join(path.dirname(path.resolve(file)), 'attachments');
    fs.mkdirSync(made, { recursive: true, mode: 0o700 });
    fs.chmodSync(made, 0o700);
    return (dir = made);
  };
}

export function idempotencyStatements(db: Database.Database) {
  // An expired or abandoned record is taken over; any other is left as it is (no row changed).
  const claim = db.prepare<[Omit<KeyRow, 'status' | 'body'> & { abandoned_before: number }]>(
    `INSERT INTO idempotency_keys (username, key, fingerprint, created_at, expires_at)
     VALUES (@username, @key, @fingerprint, @created_at, @expires_at)
     ON CONFLICT (username, key) DO UPDATE SET fingerprint = excluded.fingerprint,
       created_at = excluded.created_at, expires_at = excluded.expires_at, status = NULL, body = NULL
     WHERE idempotency_keys.expires_at <= excluded.created_at
        OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= @abandoned_before)`,
  );
  const get = db.prepare<[string, string], KeyRow>(
    'SELECT * FROM idempotency_keys WHERE username = ? AND key = ?',
  );
  const complete = db.prepare<[number, string, string, string]>(
    'UPDATE idempotency_keys SET status = ?, body = ? WHERE username = ? AND key = ?',
  );
  const release = db.prepare<[string, string]>(
    'DELETE FROM idempotency_keys WHERE username = ? AND key = ? AND status IS NULL',
  );
  const purge = db.prepare<[number]>('DELETE FROM idempotency_keys WHERE expires_at <= ?');
  const claimOnce = db.transaction((r: IdempotencyClaimRequest): IdempotencyClaim => {
    const row = {
      username: r.username,
      key: r.key,
      fingerprint: r.fingerprint,
      created_at: r.createdAt,
      expires_at: r.expiresAt,
      abandoned_before: r.abandonedBefore ?? -1,
    };
    if (claim.run(row).changes > 0) return { claimed: true };
    const held = get.get(r.username, r.key);
    if (!held) throw new Error(`idempotency key of ${r.username} vanished while it was claimed`);
    return { claimed: false, record: keyFromRow(held) };
  });
  return {
    claim: (r: IdempotencyClaimRequest) => claimOnce.immediate(r),
    complete: (username: string, key: string, res: IdempotentResponse) =>
      void complete.run(res.status, res.body, username, key),
    release: (username: string, key: string) => void release.run(username, key),
    purge: (now: number) => purge.run(now).changes,
  };
}

export function attachmentStatements(db: Database.Database, dir: () => string) {
  const insert = db.prepare<[AttachmentRow]>(
    `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (@id, @ticket_id, @kind, @content_type, @size, @sha256, @created_at, @created_by)`,
  );
  const get = db.prepare<[string], AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`,
  );
  const list = db.prepare<[string], AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id IN (SELECT value FROM json_each(?))
     ORDER BY created_at, id`,
  );
  const fileOf = (id: string): string => {
    if (!SAFE_ID.test(id)) throw new Error(`attachment id ${JSON.stringify(id)} cannot name a file`);
    return path.join(dir(), id);
  };
  return {
    /** Row and file in one transaction: a duplicate id writes no file, a failed write leaves no row. */
    insert: db.transaction((r: AttachmentRecord, bytes: Buffer): void => {
      insert.run({
        id: r.id,
        ticket_id: r.ticketId,
        kind: r.kind,
        content_type: r.contentType,
        size: r.size,
        sha256: r.sha256,
        created_at: r.createdAt,
        created_by: r.createdBy,
      });
      const file = fileOf(r.id);
      const part = `${file}.part`;
      fs.writeFileSync(part, bytes, { mode: 0o600 });
      fs.renameSync(part, file);
    }),
    get: (id: string) => {
      const row = get.get(id);
      return row === undefined ? undefined : attachmentFromRow(row);
    },
    read: (id: string): Buffer | undefined => (get.get(id) ? fs.readFileSync(fileOf(id)) : undefined),
    list: (ticketIds: readonly string[]) => list.all(JSON.stringify(ticketIds)).map(attachmentFromRow),
  };
}
