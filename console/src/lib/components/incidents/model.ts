// The incident view's pure model: the server's active incidents grouped by compound, then by root
// cause (the box and its power alarm), each dark device with the reason it has no ticket of its own
// (api.md "Incidents, silences, flapping"). Texts are i18n keys with parameters, so this is tested
// without a page.
import type { AlarmDto, DeviceDto, IncidentAffected, IncidentDto, SilenceDto } from '../../api/types';
import type { MessageKey, Params } from '../../i18n/i18n.svelte';

/** Why a dark device has no ticket of its own. */
export type Why =
  /** Its alarm is grouped under the box's ticket (the one work order). */
  | { kind: 'grouped'; ticketId: string | undefined }
  /** Raised before the cause was known: held, waiting for the box's alarm. */
  | { kind: 'held' }
  /** Raised under a silence. */
  | { kind: 'silenced'; by: string | undefined; until: string | undefined }
  /** The box has power again, the device is still dark: it gets a ticket of its own soon. */
  | { kind: 'restoring' }
  /** It has a ticket of its own now. */
  | { kind: 'own'; ticketId: string }
  /** It is back. */
  | { kind: 'back' };

export interface DarkDevice {
  deviceId: string;
  alarmId: string;
  name: string;
  type: string | undefined;
  rule: string;
  since: string;
  active: boolean;
  why: Why;
}

export interface RootCause {
  incidentId: string;
  root: AlarmDto;
  boxName: string;
  boxType: string | undefined;
  /** The box's compound, when it stands in another one than the devices listed with it. */
  boxElsewhere: string | undefined;
  ticketId: string | undefined;
  startedAt: string;
  /** The devices of this compound it darkened, still dark first. */
  devices: DarkDevice[];
  /** Of those, the ones still dark. */
  dark: number;
}

export interface CompoundGroup {
  /** Undefined: devices in no compound. */
  compoundId: string | undefined;
  name: string | undefined;
  roots: RootCause[];
  dark: number;
}

export interface IncidentLookups {
  deviceById: ReadonlyMap<string, DeviceDto>;
  compoundNames: ReadonlyMap<string, string>;
  /** The live active alarms by id (for silence and cause marks). */
  alarmById: ReadonlyMap<string, AlarmDto>;
  silenceById: ReadonlyMap<string, SilenceDto>;
}

/** Why `affected` (a device of `incident`) has no ticket of its own. */
export function whyNoTicket(
  incident: IncidentDto,
  affected: IncidentAffected,
  alarm: AlarmDto | undefined,
  silenceById: ReadonlyMap<string, SilenceDto>,
): Why {
  if (affected.ticketId) return { kind: 'own', ticketId: affected.ticketId };
  if (!affected.active) return { kind: 'back' };
  if (alarm?.silenceId) {
    const s = silenceById.get(alarm.silenceId);
    return { kind: 'silenced', by: s?.createdBy, until: s?.endsAt };
  }
  if (incident.endedAt !== undefined || !incident.rootAlarm.active) return { kind: 'restoring' };
  if (alarm && alarm.causeAlarmId === undefined) return { kind: 'held' };
  return { kind: 'grouped', ticketId: incident.ticketId ?? incident.rootAlarm.ticketId };
}

export interface Message {
  key: MessageKey;
  params: Params;
}

/** The "why" as a message; `time` formats the silence's end. */
export function whyMessage(why: Why, time: (iso: string) => string): Message {
  switch (why.kind) {
    case 'grouped':
      return why.ticketId
        ? { key: 'incidents.why.grouped', params: { ticket: why.ticketId } }
        : { key: 'incidents.why.groupedNoTicket', params: {} };
    case 'held':
      return { key: 'incidents.why.held', params: {} };
    case 'silenced':
      return {
        key: 'incidents.why.silenced',
        params: { by: why.by ?? '?', until: why.until ? time(why.until) : '?' },
      };
    case 'restoring':
      return { key: 'incidents.why.restoring', params: {} };
    case 'own':
      return { key: 'incidents.why.own', params: { ticket: why.ticketId } };
    case 'back':
      return { key: 'incidents.why.back', params: {} };
  }
}

const byName = (a: { name: string | undefined }, b: { name: string | undefined }) =>
  (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'zh-CN');

/**
 * Groups the incidents by compound (a box feeding two compounds appears under both, each time with
 * that compound's devices), then by root cause, most dark devices first.
 */
export function groupIncidents(incidents: readonly IncidentDto[], l: IncidentLookups): CompoundGroup[] {
  const groups = new Map<string | undefined, Map<string, RootCause>>();
  const rootIn = (compoundId: string | undefined, inc: IncidentDto, home: string | undefined): RootCause => {
    let roots = groups.get(compoundId);
    if (!roots) groups.set(compoundId, (roots = new Map<string, RootCause>()));
    let root = roots.get(inc.id);
    if (!root) {
      const box = l.deviceById.get(inc.rootAlarm.deviceId);
      root = {
        incidentId: inc.id,
        root: inc.rootAlarm,
        boxName: box?.name ?? inc.rootAlarm.deviceId,
        boxType: box?.type,
        boxElsewhere:
          home !== undefined && home !== compoundId ? (l.compoundNames.get(home) ?? home) : undefined,
        ticketId: inc.ticketId ?? inc.rootAlarm.ticketId,
        startedAt: inc.startedAt,
        devices: [],
        dark: 0,
      };
      roots.set(inc.id, root);
    }
    return root;
  };
  for (const inc of incidents) {
    const home = inc.compoundId ?? l.deviceById.get(inc.rootAlarm.deviceId)?.compoundId;
    if (inc.affected.length === 0) rootIn(home, inc, home);
    for (const a of inc.affected) {
      const device = l.deviceById.get(a.deviceId);
      const root = rootIn(device?.compoundId ?? home, inc, home);
      root.devices.push({
        deviceId: a.deviceId,
        alarmId: a.alarmId,
        name: device?.name ?? a.deviceId,
        type: device?.type,
        rule: a.rule,
        since: a.raisedAt,
        active: a.active,
        why: whyNoTicket(inc, a, l.alarmById.get(a.alarmId), l.silenceById),
      });
      if (a.active) root.dark++;
    }
  }
  const out: CompoundGroup[] = [];
  for (const [compoundId, roots] of groups) {
    const list = [...roots.values()];
    for (const r of list) {
      r.devices.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh-CN'));
    }
    list.sort((a, b) => b.dark - a.dark || a.boxName.localeCompare(b.boxName, 'zh-CN'));
    const name = compoundId === undefined ? undefined : (l.compoundNames.get(compoundId) ?? compoundId);
    out.push({ compoundId, name, roots: list, dark: list.reduce((n, r) => n + r.dark, 0) });
  }
  return out.sort((a, b) => b.dark - a.dark || byName(a, b));
}

/** The name of the device whose alarm caused `alarm` (its box), if it is part of an incident. */
export function causeName(
  alarm: AlarmDto,
  alarmById: ReadonlyMap<string, AlarmDto>,
  deviceById: ReadonlyMap<string, DeviceDto>,
  incidents: readonly IncidentDto[] = [],
): string | undefined {
  if (alarm.causeAlarmId === undefined) return undefined;
  const cause =
    alarmById.get(alarm.causeAlarmId) ?? incidents.find((i) => i.id === alarm.causeAlarmId)?.rootAlarm;
  if (!cause) return alarm.causeAlarmId;
  return deviceById.get(cause.deviceId)?.name ?? cause.deviceId;
}
