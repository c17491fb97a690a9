// The group commit's SQL, defined once: a WriteBatch becomes plain SQL parameters on the calling thread
// (toCommitRows), and one transaction writes them, on that thread or in the commit worker.
import type Database from 'better-sqlite3';
import { StaleFenceError, type CommitOptions, type CommitResult, type WriteBatch } from '../store';
import {
  alarmToRow,
  deviceStateToRow,
  ticketEventToRow,
  type AlarmRow,
  type DeviceStateRow,
  type TicketEventRow,
} from './rows';
import { prepareStatements } from './statements';
import { ticketToRow, type TicketRow } from './tickets';

/** A WriteBatch as SQL parameters: strings and numbers only, cheap to post to a worker thread. */
export interface CommitRows {
  states: DeviceStateRow[];
  /** Telemetry as three parallel columns (device id, ts, data as JSON): no object per row. */
  telemetryIds: string[];
  telemetryTs: number[];
  telemetryData: string[];
  alarms: AlarmRow[];
  tickets: TicketRow[];
  events: TicketEventRow[];
  fence?: NonNullable<CommitOptions['fence']>;
}

export function toCommitRows(b: WriteBatch, opts: CommitOptions = {}): CommitRows {
  const n = b.telemetry.length;
  const telemetryIds = new Array<string>(n);
  const telemetryTs = new Array<number>(n);
  const telemetryData = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const t = b.telemetry[i]!;
    telemetryIds[i] = t.deviceId;
    telemetryTs[i] = t.ts;
    telemetryData[i] = JSON.stringify(t.data);
  }
  return {
    states: b.deviceStates.map(deviceStateToRow),
    telemetryIds,
    telemetryTs,
    telemetryData,
    alarms: b.alarms.map(alarmToRow),
    tickets: b.tickets.map(ticketToRow),
    events: b.ticketEvents.map(ticketEventToRow),
    ...(opts.fence && { fence: opts.fence }),
  };
}

/** A write that broke a unique index other than the row's own key: a claim held by another row. */
function isClaimTaken(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs each write; the ids of those whose claim another row holds, or that wrote nothing (an older
 * revision), are returned, the rest stand.
 */
function writeClaims<Row extends { id: string }>(
  rows: Row[],
  write: (row: Row) => { changes: number },
): string[] {
  const rejected: string[] = [];
  for (const row of rows) {
    try {
      // a failed statement is undone alone; the transaction goes on
      if (write(row).changes === 0) rejected.push(row.id);
    } catch (error) {
      if (!isClaimTaken(error)) throw error;
      rejected.push(row.id);
    }
  }
  return rejected;
}

/** Prepares the commit's statements on `db`; the returned function writes one batch in one transaction. */
export function prepareCommit(db: Database.Database): (rows: CommitRows) => CommitResult {
  const s = prepareStatements(db);
  const insertTelemetry = db.prepare<[string, number, string]>(
    'INSERT INTO telemetry (device_id, ts, data) VALUES (?, ?, ?)',
  );
  const advanceFence = db.prepare<[string, number]>(
    `INSERT INTO fences (name, epoch) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET epoch = excluded.epoch WHERE fences.epoch <= excluded.epoch`,
  );
  const write = db.transaction((r: CommitRows): CommitResult => {
    if (r.fence && advanceFence.run(r.fence.name, r.fence.epoch).changes === 0) {
      throw new StaleFenceError(r.fence.name, r.fence.epoch);
    }
    for (const row of r.states) s.upsertDeviceState.run(row);
    for (let i = 0; i < r.telemetryIds.length; i++) {
      insertTelemetry.run(r.telemetryIds[i]!, r.telemetryTs[i]!, r.telemetryData[i]!);
    }
    const alarms = writeClaims(r.alarms, (row) => s.upsertAlarm.run(row));
    const tickets = writeClaims(r.tickets, (row) => s.upsertTicket.run(row));
    const left = new Set(tickets);
    for (const row of r.events) if (!left.has(row.ticket_id)) s.insertTicketEvent.run(row);
    return { alarms, tickets };
  });
  return (rows) => write.immediate(rows);
}
