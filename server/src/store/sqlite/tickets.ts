// Ticket rows: one column per TicketRecord field (reporter, callers, callback, slaBreaches as JSON), and the filtered,
// newest-first listing of tickets and alarms.
import type { AlarmFilter, ListCursor, TicketFilter, TicketRecord } from '../store';
import { fromJsonOrNull, omitNulls } from './rows';
import type { Condition } from './filtered-query';
import { searchCondition } from './ticket-search';

export interface TicketRow {
  id: string;
  status: TicketRecord['status'];
  priority: TicketRecord['priority'];
  source: TicketRecord['source'];
  category: string;
  description: string;
  device_id: string | null;
  alarm_rule: string | null;
  compound_id: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  reporter: string | null;
  callers: string | null;
  van_id: string | null;
  created_at: number;
  updated_at: number;
  dispatched_at: number | null;
  accepted_at: number | null;
  arrived_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  respond_by: number;
  resolve_by: number;
  callback: string | null;
  sla_status: NonNullable<TicketRecord['slaStatus']> | null;
  sla_breaches: string | null;
  callback_by: number | null;
  rev: number | null;
  repeat_count: number;
  parts: string | null;
  labour_min: number | null;
  escalation_level: number | null;
  escalation_from: number | null;
  eta_s: number | null;
  eta_basis: NonNullable<TicketRecord['etaBasis']> | null;
}

const jsonOrNull = (value: object | undefined): string | null =>
  value === undefined ? null : JSON.stringify(value);

export const ticketToRow = (t: TicketRecord): TicketRow => ({
  id: t.id,
  status: t.status,
  priority: t.priority,
  source: t.source,
  category: t.category,
  description: t.description,
  device_id: t.deviceId ?? null,
  alarm_rule: t.alarmRule ?? null,
  compound_id: t.compoundId ?? null,
  lat: t.lat ?? null,
  lng: t.lng ?? null,
  address: t.address ?? null,
  reporter: jsonOrNull(t.reporter),
  callers: jsonOrNull(t.callers),
  van_id: t.vanId ?? null,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  dispatched_at: t.dispatchedAt ?? null,
  accepted_at: t.acceptedAt ?? null,
  arrived_at: t.arrivedAt ?? null,
  resolved_at: t.resolvedAt ?? null,
  closed_at: t.closedAt ?? null,
  respond_by: t.respondBy,
  resolve_by: t.resolveBy,
  callback: jsonOrNull(t.callback),
  sla_status: t.slaStatus ?? null,
  sla_breaches: jsonOrNull(t.slaBreaches),
  callback_by: t.callbackBy ?? null,
  rev: t.rev ?? null,
  repeat_count: t.repeatCount ?? 0,
  parts: jsonOrNull(t.parts),
  labour_min: t.labourMin ?? null,
  escalation_level: t.escalationLevel ?? null,
  escalation_from: t.escalationFrom ?? null,
  eta_s: t.etaS ?? null,
  eta_basis: t.etaBasis ?? null,
});

export const ticketFromRow = (r: TicketRow): TicketRecord =>
  omitNulls<TicketRecord>({
    id: r.id,
    status: r.status,
    priority: r.priority,
    source: r.source,
    category: r.category,
    description: r.description,
    deviceId: r.device_id,
    alarmRule: r.alarm_rule,
    compoundId: r.compound_id,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    reporter: fromJsonOrNull<NonNullable<TicketRecord['reporter']>>(r.reporter),
    callers: fromJsonOrNull<NonNullable<TicketRecord['callers']>>(r.callers),
    vanId: r.van_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dispatchedAt: r.dispatched_at,
    acceptedAt: r.accepted_at,
    arrivedAt: r.arrived_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    respondBy: r.respond_by,
    resolveBy: r.resolve_by,
    callback: fromJsonOrNull<NonNullable<TicketRecord['callback']>>(r.callback),
    slaStatus: r.sla_status,
    slaBreaches: fromJsonOrNull<NonNullable<TicketRecord['slaBreaches']>>(r.sla_breaches),
    callbackBy: r.callback_by,
    rev: r.rev,
    repeatCount: r.repeat_count === 0 ? null : r.repeat_count,
    parts: fromJsonOrNull<NonNullable<TicketRecord['parts']>>(r.parts),
    labourMin: r.labour_min,
    escalationLevel: r.escalation_level,
    escalationFrom: r.escalation_from,
    etaS: r.eta_s,
    etaBasis: r.eta_basis,
  });

/** WHERE conditions of listTickets; `status` is bound as a JSON array so one statement serves any length. */
export function ticketConditions(f: TicketFilter): Condition[] {
  const c: Condition[] = [];
  if (f.status !== undefined)
    c.push(['status IN (SELECT value FROM json_each(?))', JSON.stringify(f.status)]);
  if (f.priority !== undefined) c.push(['priority = ?', f.priority]);
  if (f.deviceId !== undefined) c.push(['device_id = ?', f.deviceId]);
  if (f.compoundId !== undefined) c.push(['compound_id = ?', f.compoundId]);
  if (f.vanId !== undefined) c.push(['van_id = ?', f.vanId]);
  if (f.source !== undefined) c.push(['source = ?', f.source]);
  if (f.createdFrom !== undefined) c.push(['created_at >= ?', f.createdFrom]);
  if (f.createdTo !== undefined) c.push(['created_at <= ?', f.createdTo]);
  if (f.closedFrom !== undefined) c.push(['closed_at >= ?', f.closedFrom]);
  if (f.q !== undefined) c.push(searchCondition(f.q));
  if (f.before !== undefined) c.push(beforeCondition('created_at', f.before));
  return c;
}

export function alarmConditions(f: AlarmFilter): Condition[] {
  const c: Condition[] = [];
  if (f.active !== undefined) c.push(['active = ?', f.active ? 1 : 0]);
  if (f.deviceId !== undefined) c.push(['device_id = ?', f.deviceId]);
  if (f.causeAlarmIds !== undefined)
    c.push(['cause_alarm_id IN (SELECT value FROM json_each(?))', JSON.stringify(f.causeAlarmIds)]);
  if (f.rules !== undefined) c.push(['rule IN (SELECT value FROM json_each(?))', JSON.stringify(f.rules)]);
  if (f.raisedFrom !== undefined) c.push(['raised_at >= ?', f.raisedFrom]);
  if (f.before !== undefined) c.push(beforeCondition('raised_at', f.before));
  return c;
}

/** (column, id) after the cursor in a newest-first list; one bound value (JSON) per condition. */
function beforeCondition(column: string, cursor: ListCursor): Condition {
  return [
    `(${column}, id) < (SELECT json_extract(j, '$.at'), json_extract(j, '$.id') FROM (SELECT ? AS j))`,
    JSON.stringify(cursor),
  ];
}
