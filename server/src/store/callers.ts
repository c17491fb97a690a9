// Who reported a ticket's problem (api.md v1.1 "Duplicates"): every caller, and the callback made to
// each in the current round (a reopen starts a new round). Stored as JSON in tickets.callers.
import type { z } from 'zod';
import type { SatisfactionSchema } from '../contracts/dto';

/** How the call came in: a ticket source, or `integration:<id>` for a report filed by an integration. */
export type CallerVia = 'hotline' | 'grid' | 'inspection' | `integration:${string}`;

export interface CallerCallback {
  satisfaction: z.infer<typeof SatisfactionSchema>;
  note?: string;
  at: number;
  /** Who made the callback (username). */
  by: string;
}

export interface CallerRecord {
  name: string;
  phone: string;
  /** When the call was taken (epoch ms). */
  at: number;
  via?: CallerVia;
  /** The callback to this caller in the current round; absent = still to call. */
  callback?: CallerCallback;
}
