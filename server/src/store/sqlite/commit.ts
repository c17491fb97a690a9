// The group commit's SQL, defined once: a WriteBatch becomes plain SQL parameters on the calling thread
// (toCommitRows), and one transaction writes them, on that thread or in the commit worker.
import type Database from 'better-sqlite3';
import type { WriteBatch } from '../store';
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
}

export function toCommitRows(b: WriteBatch): CommitRows {
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
  };
}

/** Prepares the commit's statements on `db`; the returned function writes one batch in one transaction. */
export function prepareCommit(db: Database.Database): (rows: CommitRows) => void {
  const s = prepareStatements(db);
  const insertTelemetry = db.prepare<[string, number, string]>(
    'INSERT INTO telemetry (device_id, ts, data) VALUES (?, ?, ?)',
  );
  const write = db.transaction((r: CommitRows) => {
    for (const row of r.states) s.upsertDeviceState.run(row);
    for (let i = 0; i < r.telemetryIds.length; i++) {
      insertTelemetry.run(r.telemetryIds[i]!, r.telemetryTs[i]!, r.telemetryData[i]!);
    }
    for (const row of r.alarms) s.upsertAlarm.run(row);
    for (const row of r.tickets) s.upsertTicket.run(row);
    for (const row of r.events) s.insertTicketEvent.run(row);
  });
  return (rows) => write.immediate(rows);
}
