// The duty roster as the Store keeps it (api.md v1.1 "Escalation": the supervisor on call).
/** Who works one shift of one day, and who is on call above them. */
export interface DutyRosterRecord {
  /** The day the shift starts, in the site's time zone: YYYY-MM-DD (a night shift runs into the next). */
  date: string;
  /** A shift of the configured ones (DUTY_SHIFTS). */
  shiftId: string;
  /** Usernames on that shift, in the order given. */
  members: string[];
  /** The supervisor on call: an escalation to level 1 notifies them. */
  supervisor?: string;
  /** The manager on call: an escalation to level 2 notifies them too. */
  manager?: string;
  updatedAt: number;
  updatedBy: string;
}

/** The duty roster's part of the Store. */
export interface DutyStore {
  /** The roster of the days from `from` to `to` (YYYY-MM-DD, both included), by day then shift id. */
  listDutyRoster(from: string, to: string): Promise<DutyRosterRecord[]>;
  /** Creates or replaces the roster of one day's shift. */
  putDutyRoster(entry: DutyRosterRecord): Promise<void>;
  /** Removes the roster of one day's shift; false if there was none. */
  deleteDutyRoster(date: string, shiftId: string): Promise<boolean>;
}
