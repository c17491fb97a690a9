// The filters of the Store's listings (devices, alarms, tickets) and their keyset cursor.
import type { z } from 'zod';
import type { PrioritySchema, TicketSourceSchema, TicketStatusSchema } from '../contracts/dto';

// Read from the wire schemas, as store.ts does (importing store.ts here would make a cycle).
type TicketStatus = z.infer<typeof TicketStatusSchema>;
type Priority = z.infer<typeof PrioritySchema>;
type TicketSource = z.infer<typeof TicketSourceSchema>;

export interface DeviceFilter {
  type?: string;
  compoundId?: string;
}
export interface AlarmFilter {
  active?: boolean;
  deviceId?: string;
  /** Alarms grouped under one of these causes (incidents). */
  causeAlarmIds?: string[];
  /** Alarms of these rules only. */
  rules?: string[];
  /** raisedAt at or after this. */
  raisedFrom?: number;
  /** Keyset paging: only alarms after this one in the list's order (raisedAt, id descending). */
  before?: ListCursor;
  limit?: number;
}
/** A position in a list ordered newest first by (at, id): the last item of the previous page. */
export interface ListCursor {
  at: number;
  id: string;
}
export interface TicketFilter {
  status?: TicketStatus[];
  priority?: Priority;
  deviceId?: string;
  compoundId?: string;
  vanId?: string;
  source?: TicketSource;
  /** createdAt within [createdFrom, createdTo] (inclusive). */
  createdFrom?: number;
  createdTo?: number;
  /** closedAt at or after this (a closed ticket a repeat fault may reopen). */
  closedFrom?: number;
  /**
   * Search text (GET /api/tickets?q=): a case-insensitive substring of the id, the reporter's and
   * any caller's name or phone, address, description, device id or name, or compound name
   * (pipeline/ticket-search.ts). Without it no field is scanned.
   */
  q?: string;
  /** Keyset paging: only tickets after this one in the list's order (createdAt, id descending). */
  before?: ListCursor;
  limit?: number;
}
