// Ticket decisions (api.md "Ticket lifecycle", SLA): open or append to the open ticket of a fault,
// hotline tickets, linked reports, lifecycle steps with their SLA and callback bookkeeping, SLA flags.
// Pure: each takes the current ticket(s) and returns the change — the next record and its timeline
// entry — or throws a domain error; ids and the time are parameters.
import type { CreateTicketBody, LinkReportBody, TicketEventBody } from '../contracts/dto';
import type { z } from 'zod';
import { conflict, forbidden, invalid } from '../errors';
import type { AlarmRecord, Priority, TicketEventRecord, TicketRecord } from '../store/store';
import { callersOf, viaOf, withCaller } from './callers';
import { applyTicketEvent } from './lifecycle';
import { escalationAfterStep } from './escalation';
import { callbackDue, evaluateSla, slaDeadlines, type SlaPolicy } from './sla';

/**
 * One ticket changed: `prev` absent for a new ticket; `entry` is what goes on its timeline, after
 * `before` when one step wrote two entries (a repeat fault: `reopen`, then `alarm_raised`).
 */
export interface TicketChange {
  prev?: TicketRecord;
  next: TicketRecord;
  before?: TicketEventRecord;
  entry?: TicketEventRecord;
}

/** Who asks for a change. */
export interface Actor {
  username: string;
  role: string;
  vanId?: string;
}
export const SYSTEM: Actor = { username: 'system', role: 'admin' };

/** What a technician may do to their own van's ticket; the rest is the dispatcher's. */
const TECHNICIAN_EVENTS = new Set<TicketEventBody['type']>([
  'accept',
  'decline',
  'depart',
  'arrive',
  'resolve',
  'note',
]);

/** The device whose alarm opens a ticket, as the ticket describes it. */
export interface FaultSource {
  deviceId: string;
  deviceName?: string;
  compoundId?: string;
  lat?: number;
  lng?: number;
  category: string;
  typeLabelZh: string;
  ruleLabelZh?: string;
}

/** A raised alarm goes on the timeline of its fault's open ticket, or opens a new one. */
export function ticketForAlarm(
  open: TicketRecord | undefined,
  alarm: AlarmRecord,
  source: FaultSource,
  priority: Priority,
  sla: SlaPolicy,
  newId: (now: number) => string,
): TicketChange {
  const now = alarm.raisedAt;
  const data = { alarmId: alarm.id, rule: alarm.rule, severity: alarm.severity, value: alarm.lastValue };
  const by = `device:${alarm.deviceId}`;
  if (open) return { prev: open, next: { ...open, updatedAt: now }, entry: alarmRaisedEntry(open.id, alarm) };
  const next: TicketRecord = {
    id: newId(now),
    status: 'new',
    priority,
    source: 'alarm',
    category: source.category,
    description: `${source.typeLabelZh} ${source.deviceName ?? source.deviceId}：${source.ruleLabelZh ?? alarm.rule}`,
    deviceId: source.deviceId,
    alarmRule: alarm.rule,
    createdAt: now,
    updatedAt: now,
    ...slaDeadlines(priority, now, sla),
    ...(source.compoundId !== undefined && { compoundId: source.compoundId }),
    ...(source.lat !== undefined && { lat: source.lat }),
    ...(source.lng !== undefined && { lng: source.lng }),
  };
  return { next, entry: { ticketId: next.id, at: now, type: 'created', by, data } };
}

/** The timeline entry of an alarm raised on an existing ticket. */
export function alarmRaisedEntry(ticketId: string, alarm: AlarmRecord): TicketEventRecord {
  const data = { alarmId: alarm.id, rule: alarm.rule, severity: alarm.severity, value: alarm.lastValue };
  return { ticketId, at: alarm.raisedAt, type: 'alarm_raised', by: `device:${alarm.deviceId}`, data };
}

/**
 * An alarm clearing goes on its ticket's timeline, if the ticket is still open: while the crew is on
 * site or the ticket is resolved, as `device_verified` — the device proves the repair (api.md v1.1).
 */
export function ticketOnAlarmCleared(
  open: TicketRecord | undefined,
  alarm: AlarmRecord,
): TicketChange | undefined {
  const at = alarm.clearedAt;
  if (!open || at === undefined) return undefined;
  const next = { ...open, updatedAt: at };
  const verified = open.status === 'on_site' || open.status === 'resolved';
  const data = verified
    ? { alarmId: alarm.id, rule: alarm.rule, at: new Date(at).toISOString() }
    : { alarmId: alarm.id, rule: alarm.rule, count: alarm.count };
  const type = verified ? 'device_verified' : 'alarm_cleared';
  const entry = { ticketId: next.id, at, type, by: `device:${alarm.deviceId}`, data };
  return { prev: open, next, entry };
}

/** A ticket opened by a person (hotline, grid worker, inspection); `suggested` priority when none given. */
export function manualTicket(
  body: z.infer<typeof CreateTicketBody>,
  priority: Priority,
  by: Actor,
  now: number,
  sla: SlaPolicy,
  newId: (now: number) => string,
): TicketChange {
  const { source, ...rest } = body;
  const next: TicketRecord = {
    ...rest,
    id: newId(now),
    status: 'new',
    priority,
    source,
    createdAt: now,
    updatedAt: now,
    ...slaDeadlines(priority, now, sla),
    // The one who called is the ticket's first caller (api.md v1.1 "Duplicates").
    ...(body.reporter && { callers: withCaller([], body.reporter, now, viaOf(source, by.username)) }),
  };
  const data = { priority, suggested: body.priority === undefined };
  return { next, entry: { ticketId: next.id, at: now, type: 'created', by: by.username, data } };
}

/**
 * A further report of the same problem joins the open ticket instead of opening a duplicate; its
 * reporter becomes a caller (the same phone again stays one caller; the `link` entry records the call).
 */
export function linkReport(
  open: TicketRecord,
  report: z.infer<typeof LinkReportBody>,
  by: Actor,
  now: number,
): TicketChange {
  const next: TicketRecord = { ...open, updatedAt: now };
  if (!next.reporter && report.reporter) next.reporter = report.reporter;
  if (report.reporter)
    next.callers = withCaller(callersOf(open), report.reporter, now, viaOf(report.source, by.username));
  return {
    prev: open,
    next,
    entry: { ticketId: open.id, at: now, type: 'link', by: by.username, data: { ...report } },
  };
}

/** Throws unless the actor may send this event to this ticket (a technician: own van, own steps). */
export function authorizeEvent(t: TicketRecord, ev: TicketEventBody, by: Actor): void {
  if (by.role !== 'technician') return;
  if (t.vanId !== by.vanId) throw forbidden(`ticket ${t.id} is not assigned to your van`);
  if (!TECHNICIAN_EVENTS.has(ev.type))
    throw forbidden(`a technician may not '${ev.type}' a ticket; ask the dispatcher`);
}

/** The ticket with its SLA flags as of now (breaches already recorded stay). */
function withSla(t: TicketRecord, now: number, sla: SlaPolicy): TicketRecord {
  const { slaStatus: _s, slaBreaches: _b, ...rest } = t;
  return { ...rest, ...evaluateSla(t, now, sla) };
}

/** One lifecycle step (people and the system alike); a step the status does not allow is a conflict. */
export function transition(
  current: TicketRecord,
  ev: TicketEventBody,
  by: string,
  now: number,
  sla: SlaPolicy,
): TicketChange {
  const res = applyTicketEvent(current, ev, by, now);
  if (!res.ok && res.invalid) throw invalid(res.message);
  if (!res.ok) throw conflict(res.message, 'conflict', { allowed: res.allowed });
  let t = res.ticket;
  if (ev.type === 'resolve' && (t.reporter || callersOf(t).length > 0))
    t = { ...t, callbackBy: callbackDue(now, sla) };
  if (ev.type === 'reopen') {
    // A reopened ticket is a fresh promise to the resident; earlier breaches stay on record.
    const { callbackBy: _c, slaStatus: _s, ...rest } = t;
    t = { ...rest, ...slaDeadlines(t.priority, now, sla) };
  }
  t = escalationAfterStep(current, t, ev, now);
  return { prev: current, next: withSla(t, now, sla), entry: res.entry };
}

/** Periodic: a ticket whose SLA flags changed (at risk, a deadline newly missed); else undefined. */
export function slaCheck(t: TicketRecord, now: number, sla: SlaPolicy): TicketChange | undefined {
  const next = withSla(t, now, sla);
  const before = t.slaBreaches ?? [];
  const after = next.slaBreaches ?? [];
  if (next.slaStatus === t.slaStatus && after.length === before.length) return undefined;
  next.updatedAt = now;
  if (after.length === before.length) return { prev: t, next };
  const data = { deadlines: after.slice(before.length) };
  return { prev: t, next, entry: { ticketId: t.id, at: now, type: 'sla_breached', by: 'system', data } };
}
