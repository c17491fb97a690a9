// Store records → wire DTOs (epoch ms → ISO strings). The only place that shapes responses.
import type {
  AlarmDto,
  AttachmentDto,
  CallerDto,
  DeviceDto,
  DutyRosterEntryDto,
  DutyShiftDto,
  GateWhyDto,
  IncidentDto,
  RoadClosureDto,
  SiteDto,
  SilenceDto,
  TicketDto,
  UserDto,
} from './contracts/dto';
import { callersOf } from './pipeline/callers';
import type { ShiftDef } from './pipeline/duty';
import type { GateWhy } from './pipeline/incidents';
import type { Incident } from './services/incident-list';
import type {
  AlarmRecord,
  AttachmentRecord,
  PartUsed,
  DeviceRecord,
  DeviceStateRecord,
  DutyRosterRecord,
  RoadClosureRecord,
  SilenceRecord,
  SiteRecord,
  TicketRecord,
  UserRecord,
} from './store/store';

const iso = (t: number) => new Date(t).toISOString();
const isoOpt = (t: number | undefined) => (t === undefined ? undefined : iso(t));

/** Drops keys whose value is undefined so JSON and schema checks see absent fields. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function userDto(u: UserRecord): UserDto {
  return compact({
    username: u.username,
    role: u.role,
    vanId: u.vanId,
    createdAt: iso(u.createdAt),
    disabledAt: isoOpt(u.disabledAt),
  });
}

export function alarmDto(a: AlarmRecord): AlarmDto {
  return compact({
    id: a.id,
    deviceId: a.deviceId,
    rule: a.rule,
    severity: a.severity,
    active: a.active,
    count: a.count,
    raisedAt: iso(a.raisedAt),
    lastSeenAt: iso(a.lastSeenAt),
    clearedAt: isoOpt(a.clearedAt),
    lastValue: a.lastValue,
    ackedAt: isoOpt(a.ackedAt),
    ackedBy: a.ackedBy,
    ticketId: a.ticketId,
    causeAlarmId: a.causeAlarmId,
    silenceId: a.silenceId,
    flapping: a.flapping,
  });
}

export function siteDto(x: SiteRecord): SiteDto {
  return compact({
    id: x.id,
    kind: x.kind,
    name: x.name,
    lat: x.lat,
    lng: x.lng,
    compoundId: x.compoundId,
    address: x.address,
    phone: x.phone,
    createdAt: iso(x.createdAt),
  });
}

export function deviceDto(d: DeviceRecord, s: DeviceStateRecord | undefined): DeviceDto {
  return compact({
    id: d.id,
    type: d.type,
    name: d.name,
    compoundId: d.compoundId,
    lat: d.lat,
    lng: d.lng,
    attrs: d.attrs,
    poweredBy: d.poweredBy,
    status: s?.status ?? 'unknown',
    state: s?.state ?? {},
    lastSeen: isoOpt(s?.lastSeen),
    createdAt: iso(d.createdAt),
    decommissionedAt: isoOpt(d.decommissionedAt),
  });
}

export function attachmentDto(a: AttachmentRecord): AttachmentDto {
  return {
    id: a.id,
    kind: a.kind,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    at: iso(a.createdAt),
    by: a.createdBy,
  };
}

/** Sum of qty × unit cost over the parts that have one, rounded to the fen; undefined if none has. */
export function partsCost(parts: readonly PartUsed[] | undefined): number | undefined {
  const costed = (parts ?? []).filter((p) => p.unitCostYuan !== undefined);
  if (costed.length === 0) return undefined;
  const fen = costed.reduce((sum, p) => sum + Math.round(p.qty * (p.unitCostYuan ?? 0) * 100), 0);
  return fen / 100;
}

/** The ticket's callers (a legacy reporter-only ticket: its reporter), absent when it has none. */
function callersDto(t: TicketRecord): CallerDto[] | undefined {
  const callers = callersOf(t);
  if (callers.length === 0) return undefined;
  return callers.map((c) =>
    compact({
      name: c.name,
      phone: c.phone,
      at: iso(c.at),
      via: c.via,
      callback: c.callback && compact({ ...c.callback, at: iso(c.callback.at) }),
    }),
  );
}

/** `attachments`: given where the response lists them (the ticket list and detail). */
export function ticketDto(t: TicketRecord, attachments?: readonly AttachmentRecord[]): TicketDto {
  return compact({
    id: t.id,
    status: t.status,
    priority: t.priority,
    source: t.source,
    category: t.category,
    description: t.description,
    deviceId: t.deviceId,
    alarmRule: t.alarmRule,
    compoundId: t.compoundId,
    lat: t.lat,
    lng: t.lng,
    address: t.address,
    reporter: t.reporter,
    callers: callersDto(t),
    vanId: t.vanId,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    dispatchedAt: isoOpt(t.dispatchedAt),
    acceptedAt: isoOpt(t.acceptedAt),
    arrivedAt: isoOpt(t.arrivedAt),
    resolvedAt: isoOpt(t.resolvedAt),
    closedAt: isoOpt(t.closedAt),
    respondBy: iso(t.respondBy),
    resolveBy: iso(t.resolveBy),
    callback: t.callback,
    slaStatus: t.slaStatus,
    slaBreaches: t.slaBreaches,
    callbackBy: isoOpt(t.callbackBy),
    repeatCount: t.repeatCount ?? 0,
    parts: t.parts,
    partsCostYuan: partsCost(t.parts),
    labourMin: t.labourMin,
    attachments: attachments?.map(attachmentDto),
    escalationLevel: t.escalationLevel,
    etaS: t.etaS,
    etaBasis: t.etaBasis,
  });
}

export function incidentDto(i: Incident): IncidentDto {
  const { root } = i;
  return compact({
    id: root.id,
    rootAlarm: alarmDto(root),
    compoundId: i.compoundId,
    ticketId: root.ticketId,
    affected: i.affected.map((a) =>
      compact({
        deviceId: a.deviceId,
        alarmId: a.id,
        rule: a.rule,
        active: a.active,
        raisedAt: iso(a.raisedAt),
        clearedAt: isoOpt(a.clearedAt),
        ticketId: a.ticketId,
      }),
    ),
    startedAt: iso(root.raisedAt),
    endedAt: isoOpt(root.clearedAt),
  });
}

/** `active`: in force now (the caller knows the time). */
export function roadClosureDto(c: RoadClosureRecord): RoadClosureDto {
  return compact({
    id: c.id,
    geometry: c.geometry,
    radiusM: c.radiusM,
    reason: c.reason,
    until: isoOpt(c.until),
    createdBy: c.createdBy,
    createdAt: iso(c.createdAt),
  });
}

export function silenceDto(s: SilenceRecord, active: boolean): SilenceDto {
  return compact({
    id: s.id,
    match: { ...s.match },
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    reason: s.reason,
    ticketId: s.ticketId,
    createdBy: s.createdBy,
    createdAt: iso(s.createdAt),
    endedAt: isoOpt(s.endedAt),
    endedBy: s.endedBy,
    active,
  });
}

export function gateWhyDto(w: GateWhy): GateWhyDto {
  switch (w.code) {
    case 'awaiting_cause':
    case 'silenced':
      return { ...w, until: iso(w.until) };
    case 'power_restored': {
      const { until, ...rest } = w;
      return until === undefined ? rest : { ...rest, until: iso(until) };
    }
    default:
      return w;
  }
}

export function dutyShiftDto(s: ShiftDef): DutyShiftDto {
  return { id: s.id, label: { zh: s.label.zh, en: s.label.en }, start: s.start, end: s.end };
}

export function dutyEntryDto(e: DutyRosterRecord): DutyRosterEntryDto {
  return compact({
    date: e.date,
    shiftId: e.shiftId,
    members: e.members,
    supervisor: e.supervisor,
    manager: e.manager,
    updatedAt: iso(e.updatedAt),
    updatedBy: e.updatedBy,
  });
}
