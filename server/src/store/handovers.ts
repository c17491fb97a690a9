// Shift handovers as the Store keeps them (api.md v1.1 "Reports, intake and handover"): the outgoing
// dispatcher's note with the snapshot frozen at that moment, and the incoming one's sign-off.
import type { HandoverSnapshotDto } from '../contracts/dto/handovers';
import type { ListCursor } from './filters';

export interface HandoverRecord {
  id: string;
  /** The outgoing dispatcher (username). */
  from: string;
  note: string;
  /** The handover sheet as it was sent (wire form); never changed after. */
  snapshot: HandoverSnapshotDto;
  createdAt: number;
  ackedBy?: string;
  ackedAt?: number;
  ackNote?: string;
}

export interface HandoverFilter {
  /** true: only those not signed off; false: only signed ones. */
  pending?: boolean;
  /** Keyset paging: only handovers after this one (createdAt, id descending). */
  before?: ListCursor;
  limit?: number;
}

/** The shift handovers' part of the Store. */
export interface HandoverStore {
  /** Rejects a duplicate id with StoreConflictError. */
  createHandover(h: HandoverRecord): Promise<void>;
  getHandover(id: string): Promise<HandoverRecord | undefined>;
  /** Newest first (createdAt, then id, descending). */
  listHandovers(f?: HandoverFilter): Promise<HandoverRecord[]>;
  /**
   * Signs one off, only if it is not yet signed (one winner among concurrent sign-offs, on any node);
   * false, and nothing changed, when it was signed already or does not exist.
   */
  ackHandover(id: string, at: number, by: string, note?: string): Promise<boolean>;
}
