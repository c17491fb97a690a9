// Field work in the store (api.md "Field work and notifications (v1.1)"): idempotency keys, shared by
// every node through the database, and ticket attachments (photos, signatures) with their bytes.
// Both are part of the Store interface; contract: tests/contract/store.contract.fieldwork.ts.

/** The first answer to a request sent with an Idempotency-Key. */
export interface IdempotentResponse {
  status: number;
  /** The response body as sent (JSON text). */
  body: string;
}

/** One (user, key): the request it was first used for, and its answer once there is one. */
export interface IdempotencyRecord {
  username: string;
  key: string;
  /** sha256 of the first request (method, path, body): a repeat must match it. */
  fingerprint: string;
  createdAt: number;
  expiresAt: number;
  /** Absent while the first request is still being handled. */
  response?: IdempotentResponse;
}

/** A claim: the record to store, and when a claim left without an answer counts as abandoned. */
export interface IdempotencyClaimRequest extends Omit<IdempotencyRecord, 'response'> {
  /**
   * A record still without an answer that was claimed at or before this time is taken over: the request
   * that claimed it died with its server (none takes this long). Absent: such records are kept.
   */
  abandonedBefore?: number;
}

/** `claimed`: this request holds the key now; otherwise the record that holds it. */
export type IdempotencyClaim = { claimed: true } | { claimed: false; record: IdempotencyRecord };

export interface IdempotencyStore {
  /**
   * Takes the key for this request unless an unexpired record of the same user and key exists (then
   * returns it, unchanged). An expired record is replaced, and so is an abandoned one (no answer, claimed
   * at or before `abandonedBefore`). Uniqueness is the database's, so of two concurrent claims (on any
   * nodes) exactly one is claimed.
   */
  claimIdempotencyKey(record: IdempotencyClaimRequest): Promise<IdempotencyClaim>;
  /** Stores the answer of a claimed key. */
  completeIdempotencyKey(username: string, key: string, response: IdempotentResponse): Promise<void>;
  /** Gives up a claim that has no answer (the request failed): a retry may apply it afresh. */
  releaseIdempotencyKey(username: string, key: string): Promise<void>;
  /** Removes the records that expired at or before `now`; returns how many. */
  deleteExpiredIdempotencyKeys(now: number): Promise<number>;
}

export type AttachmentKind = 'before' | 'after' | 'signature';
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface AttachmentRecord {
  id: string;
  ticketId: string;
  kind: AttachmentKind;
  contentType: ImageType;
  size: number;
  /** Hex sha256 of the bytes. */
  sha256: string;
  createdAt: number;
  createdBy: string;
}

export interface AttachmentStore {
  /** Stores the record and its bytes; StoreConflictError if the id exists. */
  createAttachment(record: AttachmentRecord, bytes: Buffer): Promise<void>;
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** The bytes of a stored attachment; undefined if there is none. */
  readAttachment(id: string): Promise<Buffer | undefined>;
  /** The attachments of these tickets, oldest first (by createdAt, then id). */
  listAttachments(ticketIds: readonly string[]): Promise<AttachmentRecord[]>;
}

/** A part used in a repair (resolve). */
export interface PartUsed {
  name: string;
  qty: number;
  unitCostYuan?: number;
}
