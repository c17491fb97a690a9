// Field work in the PostgreSQL store (store/field-work.ts): idempotency keys, and attachments with their
// bytes in a bytea column, so every node of a cluster serves the same files.
import type pg from 'pg';
import { StoreConflictError } from '../store';
import type {
  IdempotencyClaimRequest,
  AttachmentRecord,
  AttachmentStore,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
} from '../field-work';
import { isUniqueViolation } from './pool';

const KEY_SELECT = `SELECT username, key, fingerprint, created_at AS "createdAt", expires_at AS "expiresAt",
  status, body FROM idempotency_keys WHERE username = $1 AND key = $2`;
const ATTACHMENT_SELECT = `SELECT id, ticket_id AS "ticketId", kind, content_type AS "contentType", size, sha256,
  created_at AS "createdAt", created_by AS "createdBy" FROM attachments`;

interface KeyRow extends Omit<IdempotencyRecord, 'response'> {
  status: number | null;
  body: string | null;
}

const keyFromRow = ({ status, body, ...r }: KeyRow): IdempotencyRecord =>
  status !== null && body !== null ? { ...r, response: { status, body } } : r;

async function claim(pool: pg.Pool, r: IdempotencyClaimRequest): Promise<IdempotencyClaim> {
  // Inserted, or an expired or abandoned record taken over: a row comes back. Otherwise none, and it stays.
  const taken = await pool.query(
    `INSERT INTO idempotency_keys (username, key, fingerprint, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
       created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, status = NULL, body = NULL
     WHERE idempotency_keys.expires_at <= EXCLUDED.created_at
        OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= $6)
     RETURNING username`,
    [r.username, r.key, r.fingerprint, r.createdAt, r.expiresAt, r.abandonedBefore ?? -1],
  );
  if ((taken.rowCount ?? 0) > 0) return { claimed: true };
  const held = (await pool.query<KeyRow>(KEY_SELECT, [r.username, r.key])).rows[0];
  // Released or purged in between: the key is free again, so try once more.
  if (!held) return claim(pool, r);
  return { claimed: false, record: keyFromRow(held) };
}

export function pgIdempotency(pool: pg.Pool): IdempotencyStore {
  return {
    claimIdempotencyKey: (r) => claim(pool, r),
    completeIdempotencyKey: async (username, key, res) =>
      void (await pool.query(
        'UPDATE idempotency_keys SET status = $1, body = $2 WHERE username = $3 AND key = $4',
        [res.status, res.body, username, key],
      )),
    releaseIdempotencyKey: async (username, key) =>
      void (await pool.query(
        'DELETE FROM idempotency_keys WHERE username = $1 AND key = $2 AND status IS NULL',
        [username, key],
      )),
    deleteExpiredIdempotencyKeys: async (now) =>
      (await pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now])).rowCount ?? 0,
  };
}

export function pgAttachments(pool: pg.Pool): AttachmentStore {
  return {
    createAttachment: async (r: AttachmentRecord, bytes: Buffer) => {
      try {
        await pool.query(
          `INSERT INTO attachments (id, ticket_id, kind, content_type, size, sha256, created_at, created_by, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [r.id, r.ticketId, r.kind, r.contentType, r.size, r.sha256, r.createdAt, r.createdBy, bytes],
        );
      } catch (error) {
        throw isUniqueViolation(error) ? new StoreConflictError(`attachment ${r.id}`) : error;
      }
    },
    getAttachment: async (id) =>
      (await pool.query<AttachmentRecord>(`${ATTACHMENT_SELECT} WHERE id = $1`, [id])).rows[0],
    readAttachment: async (id) =>
      (await pool.query<{ data: Buffer }>('SELECT data FROM attachments WHERE id = $1', [id])).rows[0]?.data,
    listAttachments: async (ticketIds) =>
      (
        await pool.query<AttachmentRecord>(
          `${ATTACHMENT_SELECT} WHERE ticket_id = ANY($1::text[]) ORDER BY created_at, id`,
          [ticketIds],
        )
      ).rows,
  };
}
