// The shift handover sheet (交接班, api.md v1.1 "Reports, intake and handover"): what the outgoing
// dispatcher hands over — the open tickets (most urgent first, at most a cap, counted by status and
// priority, SLA at risk or breached, awaiting callback, urgent ones no van has), the active incidents,
// the vans, and which shift ends and who is on the next. Pure: everything is a parameter.
import {
  HANDOVER_TICKETS_MAX,
  type HandoverCountsDto,
  type HandoverShiftDto,
  type HandoverSnapshotDto,
  type HandoverTicketDto,
} from '../contracts/dto/handovers';
import type { DutyRosterRecord, Priority, TicketRecord } from '../store/store';
import { isOpen } from './lifecycle';
import { addDays, localTime, minutesOf, shiftAt, type ShiftDef } from './duty';

export interface SnapshotIncident {
  alarmId: string;
  deviceId: string;
  compoundId?: string;
  since: number;
  affected: number;
}

export interface SnapshotVan {
  id: string;
  name: string;
  status: 'offline' | 'idle' | 'assigned' | 'en_route' | 'on_site';
  ticketId?: string;
}

export interface SnapshotInput {
  now: number;
  timeZone: string;
  tickets: readonly TicketRecord[];
  compoundNames: ReadonlyMap<string, string>;
  incidents: readonly SnapshotIncident[];
  vans: readonly SnapshotVan[];
  shifts: readonly ShiftDef[];
  /** The roster of the days around now (yesterday to tomorrow is enough). */
  roster: readonly DutyRosterRecord[];
  /** The shift handed over; by default the one on duty at `now`. */
  shiftId?: string;
  /** How many tickets are listed one by one. */
  maxTickets?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
const SLA_RANK = { breached: 0, at_risk: 1, ok: 2 } as const;

/** Most urgent first: SLA breached, then at risk, then priority, then the oldest. */
export function byUrgency(a: TicketRecord, b: TicketRecord): number {
  return (
    SLA_RANK[a.slaStatus ?? 'ok'] - SLA_RANK[b.slaStatus ?? 'ok'] ||
    PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export const awaitingCallback = (t: TicketRecord) => t.status === 'resolved' && t.callbackBy !== undefined;
export const unassignedUrgent = (t: TicketRecord) =>
  (t.priority === 'P1' || t.priority === 'P2') && t.vanId === undefined && t.status === 'new';

export function countTickets(open: readonly TicketRecord[], activeIncidents: number): HandoverCountsDto {
  const byStatus: Record<string, number> = {};
  const byPriority = { P1: 0, P2: 0, P3: 0, P4: 0 };
  for (const t of open) {
    byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    byPriority[t.priority] += 1;
  }
  return {
    open: open.length,
    byStatus,
    byPriority,
    slaAtRisk: open.filter((t) => t.slaStatus === 'at_risk').length,
    slaBreached: open.filter((t) => t.slaStatus === 'breached').length,
    awaitingCallback: open.filter(awaitingCallback).length,
    unassignedUrgent: open.filter(unassignedUrgent).length,
    activeIncidents,
  };
}

function compactTicket(t: TicketRecord, names: ReadonlyMap<string, string>): HandoverTicketDto {
  const name = t.compoundId === undefined ? undefined : names.get(t.compoundId);
  return {
    id: t.id,
    priority: t.priority,
    status: t.status,
    category: t.category,
    ...(t.compoundId !== undefined && { compoundId: t.compoundId }),
    ...(name !== undefined && { compoundName: name }),
    ...(t.address !== undefined && { address: t.address }),
    ...(t.vanId !== undefined && { vanId: t.vanId }),
    createdAt: iso(t.createdAt),
    respondBy: iso(t.respondBy),
    resolveBy: iso(t.resolveBy),
    ...(t.slaStatus !== undefined && { slaStatus: t.slaStatus }),
    ...(t.callbackBy !== undefined && { callbackBy: iso(t.callbackBy) }),
  };
}

function shiftSheet(shift: ShiftDef, date: string, roster: readonly DutyRosterRecord[]): HandoverShiftDto {
  const entry = roster.find((r) => r.date === date && r.shiftId === shift.id);
  return {
    date,
    shiftId: shift.id,
    label: shift.label,
    start: shift.start,
    end: shift.end,
    members: entry?.members ?? [],
    ...(entry?.supervisor !== undefined && { supervisor: entry.supervisor }),
  };
}

/**
 * The shift that ends and the one after it. Without `shiftId` (or naming the shift on duty): the shift
 * on duty now, and the one on duty the minute it ends. Naming another shift (handed over a little
 * after it ended): its latest start before now, and the shift on duty now.
 */
export function shiftsAround(
  now: number,
  timeZone: string,
  shifts: readonly ShiftDef[],
  roster: readonly DutyRosterRecord[],
  shiftId?: string,
): { ending?: HandoverShiftDto; next?: HandoverShiftDto } {
  const current = shiftAt(now, timeZone, shifts);
  const named = shiftId === undefined ? undefined : shifts.find((s) => s.id === shiftId);
  const { date: today, minute } = localTime(now, timeZone);
  if (named && named.id !== current?.shift.id) {
    const date = minutesOf(named.start) <= minute ? today : addDays(today, -1);
    return {
      ending: shiftSheet(named, date, roster),
      ...(current && { next: shiftSheet(current.shift, current.date, roster) }),
    };
  }
  if (!current) return {};
  const left = (minutesOf(current.shift.end) - minute + 24 * 60) % (24 * 60) || 24 * 60;
  const after = shiftAt(now + left * 60_000, timeZone, shifts);
  return {
    ending: shiftSheet(current.shift, current.date, roster),
    ...(after && { next: shiftSheet(after.shift, after.date, roster) }),
  };
}

/** The handover sheet at `now`. */
export function buildHandoverSnapshot(input: SnapshotInput): HandoverSnapshotDto {
  const open = input.tickets.filter((t) => isOpen(t.status)).sort(byUrgency);
  const max = input.maxTickets ?? HANDOVER_TICKETS_MAX;
  const listed = open.slice(0, max);
  const incidents = [...input.incidents].sort((a, b) => a.since - b.since);
  return {
    takenAt: iso(input.now),
    timeZone: input.timeZone,
    counts: countTickets(open, incidents.length),
    tickets: listed.map((t) => compactTicket(t, input.compoundNames)),
    truncated: open.length - listed.length,
    incidents: incidents.map((i) => {
      const name = i.compoundId === undefined ? undefined : input.compoundNames.get(i.compoundId);
      return {
        alarmId: i.alarmId,
        deviceId: i.deviceId,
        ...(i.compoundId !== undefined && { compoundId: i.compoundId }),
        ...(name !== undefined && { compoundName: name }),
        since: iso(i.since),
        affected: i.affected,
      };
    }),
    vans: [...input.vans]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((v) => ({
        id: v.id,
        name: v.name,
        status: v.status,
        ...(v.ticketId && { ticketId: v.ticketId }),
      })),
    ...shiftsAround(input.now, input.timeZone, input.shifts, input.roster, input.shiftId),
  };
}
