// The records of notification channels and their delivery log (api.md "Field work and notifications",
// bullet Channels) as the Store keeps them. Secrets are stored as given: they are needed to sign.
import type { z } from 'zod';
import type { ChannelTypeSchema, PrioritySchema } from '../contracts/dto';

// Read from the wire schemas, as filters.ts does (importing store.ts here would make a cycle).
type Priority = z.infer<typeof PrioritySchema>;
export type ChannelType = z.infer<typeof ChannelTypeSchema>;

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  name: string;
  /** The robot's or receiver's URL (http or https), as the admin gave it. */
  url: string;
  /** Signing secret; never returned by the API. */
  secret?: string;
  /** Tickets at or above this priority (P1 is the highest). */
  minPriority: Priority;
  /** Only tickets of these compounds; absent = all. */
  compoundIds?: string[];
  createdBy: string;
  createdAt: number;
}

/** One message to one channel: claimed once (channel + key) before it is sent, updated as it goes. */
export interface DeliveryRecord {
  id: string;
  channelId: string;
  /** What makes the message unique for the channel, e.g. `ticket.created:T…`: claimed once across nodes. */
  key: string;
  at: number;
  /** `ticket.created`, `ticket.escalated`, `ticket.sla_breached` or `test`. */
  event: string;
  ticketId?: string;
  level?: number;
  /** Attempts made so far (0 while queued). */
  attempts: number;
  ok: boolean;
  /** The HTTP status of the last attempt; absent when there was no answer. */
  status?: number;
  /** Why the last attempt failed (network error, timeout, the provider's error message). */
  error?: string;
  /** When the last attempt ended; absent while the message is queued or retrying. */
  doneAt?: number;
}

export interface DeliveryFilter {
  /** Keyset paging: only deliveries after this one (by id) in the list's order (at, id descending). */
  before?: string;
  limit?: number;
}

/** The Store's part for channels; backends implement it with the rest of the Store. */
export interface NotificationStore {
  /** Rejects a duplicate id with StoreConflictError. */
  createChannel(channel: ChannelRecord): Promise<void>;
  getChannel(id: string): Promise<ChannelRecord | undefined>;
  /** Oldest first (createdAt, id). */
  listChannels(): Promise<ChannelRecord[]>;
  /** Removes the channel and its delivery log; false if there was none. */
  deleteChannel(id: string): Promise<boolean>;
  /**
   * Inserts the delivery unless one with the same channel and key exists: true if this call claimed it
   * (the caller sends it), false if another claim holds it (another node sends it). The database's
   * unique constraint decides, so it holds across nodes.
   */
  claimDelivery(delivery: DeliveryRecord): Promise<boolean>;
  /** Replaces attempts, ok, status, error and doneAt of an existing delivery; false if there is none. */
  updateDelivery(delivery: DeliveryRecord): Promise<boolean>;
  /** One channel's deliveries, newest first (at, id descending). */
  listDeliveries(channelId: string, filter?: DeliveryFilter): Promise<DeliveryRecord[]>;
}
