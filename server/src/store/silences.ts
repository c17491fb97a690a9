// The records of silences (maintenance windows, api.md "Silences") as the Store keeps them.
/** What a silence matches: every field given must match (at least one is given). */
export interface SilenceMatch {
  deviceId?: string;
  compoundId?: string;
  /** A device type. */
  type?: string;
  rule?: string;
}

/** A maintenance window: alarms raised under it open no ticket and notify nobody until it ends. */
export interface SilenceRecord {
  id: string;
  match: SilenceMatch;
  startsAt: number;
  endsAt: number;
  reason: string;
  /** Tied to a ticket: the silence ends when that ticket closes. */
  ticketId?: string;
  createdBy: string;
  createdAt: number;
  /** Ended early (deleted, or its ticket closed); absent while it runs to endsAt. */
  endedAt?: number;
  endedBy?: string;
}

export interface SilenceFilter {
  /** Only those in force at this time (started, not ended, endsAt after it). */
  activeAt?: number;
  limit?: number;
}
