// The incident view's pure model: the server's active incidents grouped by compound, then by root
// cause (the box and its power alarm), each dark device with the reason it has no ticket of its own
// (api.md "Incidents, silences, flapping"). Alarms the server holds back without an active
// incident (waiting for their box's alarm, or still dark after its power came back) are listed
// under their box as well. Texts are i18n keys with parameters, so this is tested without a page.
import type { AlarmDto, DeviceDto, IncidentAffected, IncidentDto, SilenceDto } from '../api/types';
import type { MessageKey, Params } from '../i18n/i18n.svelte';

/** Why a dark device has no ticket of its own. */
export type Why =
  /** Its alarm is grouped under the box's ticket (the one work order). */
  | { kind: 'grouped'; ticketId: string | undefined }
  /** Raised before the cause was known: held, waiting for the box's alarm (until when, if known). */
  | { kind: 'held'; until?: string | undefined }
  /** Raised under a silence. */
  | { kind: 'silenced'; by: string | undefined; until: string | undefined }
  /** The box has power again, the device is still dark: it gets a ticket of its own soon (at `until`). */
  | { kind: 'restoring'; until?: string | undefined }
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
  /** Its alarm was acknowledged (as the live alarms say). */
  acked: boolean;
  why: Why;
}

/**
 * An alarm the server holds back outside any active incident, under the box that feeds its device:
 * `held` before the box has a power alarm, `restoring` after the box's alarm cleared.
 */
export interface Pending {
  alarm: AlarmDto;
  feederId: string;
  why: Extract<Why, { kind: 'held' | 'restoring' }>;
}

export interface RootCause {
  incidentId: string;
  boxId: string;
  /** The box's power alarm; undefined for held alarms (none yet). */
  root: AlarmDto | undefined;
  /** cut: the box's power alarm is active; awaiting: none yet; restored: it cleared. */
  state: 'cut' | 'awaiting' | 'restored';
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
  /** The server's own reason per alarm id, where it gave one (it wins over the guess from the marks). */
  gateWhy?: ReadonlyMap<string, Why>;
}

/** Why `affected` (a device of `incident`) has no ticket of its own. */
export function whyNoTicket(
  incident: IncidentDto,
  affected: IncidentAffected,
  alarm: AlarmDto | undefined,
  silenceById: ReadonlyMap<string, SilenceDto>,
  gateWhy?: ReadonlyMap<string, Why>,
): Why {
  if (affected.ticketId) return { kind: 'own', ticketId: affected.ticketId };
  if (!affected.active) return { kind: 'back' };
  const told = gateWhy?.get(affected.alarmId);
  if (told?.kind === 'grouped') return { kind: 'grouped', ticketId: told.ticketId ?? incident.ticketId };
  if (told) return told;
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
      return why.until
        ? { key: 'incidents.why.heldUntil', params: { until: time(why.until) } }
        : { key: 'incidents.why.held', params: {} };
    case 'silenced':
      return {
        key: 'incidents.why.silenced',
        params: { by: why.by ?? '?', until: why.until ? time(why.until) : '?' },
      };
    case 'restoring':
      return why.until
        ? { key: 'incidents.why.restoringUntil', params: { until: time(why.until) } }
        : { key: 'incidents.why.restoring', params: {} };
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
 * that compound's devices), then by root cause, most dark devices first; the pending alarms go
 * under their box too, unless an active incident already lists them.
 */
export function groupIncidents(
  incidents: readonly IncidentDto[],
  l: IncidentLookups,
  pending: readonly Pending[] = [],
): CompoundGroup[] {
  const groups = new Map<string | undefined, Map<string, RootCause>>();
  const homeOf = (boxId: string) => l.deviceById.get(boxId)?.compoundId;
  const rootIn = (compoundId: string | undefined, key: string, make: () => RootCause): RootCause => {
    let roots = groups.get(compoundId);
    if (!roots) groups.set(compoundId, (roots = new Map<string, RootCause>()));
    let root = roots.get(key);
    if (!root) roots.set(key, (root = make()));
    return root;
  };
  const newRoot = (
    compoundId: string | undefined,
    boxId: string,
    home: string | undefined,
    over: Pick<RootCause, 'incidentId' | 'root' | 'state' | 'ticketId' | 'startedAt'>,
  ): RootCause => {
    const box = l.deviceById.get(boxId);
    return {
      ...over,
      boxId,
      boxName: box?.name ?? boxId,
      boxType: box?.type,
      boxElsewhere:
        home !== undefined && home !== compoundId ? (l.compoundNames.get(home) ?? home) : undefined,
      devices: [],
      dark: 0,
    };
  };
  const add = (root: RootCause, d: DarkDevice) => {
    root.devices.push(d);
    if (d.active) root.dark++;
  };
  const listed = new Set<string>();
  for (const inc of incidents) {
    const boxId = inc.rootAlarm.deviceId;
    const home = inc.compoundId ?? homeOf(boxId);
    const at = (c: string | undefined) =>
      rootIn(c, inc.id, () =>
        newRoot(c, boxId, home, {
          incidentId: inc.id,
          root: inc.rootAlarm,
          state: inc.endedAt === undefined && inc.rootAlarm.active ? 'cut' : 'restored',
          ticketId: inc.ticketId ?? inc.rootAlarm.ticketId,
          startedAt: inc.startedAt,
        }),
      );
    if (inc.affected.length === 0) at(home);
    for (const a of inc.affected) {
      listed.add(a.alarmId);
      const device = l.deviceById.get(a.deviceId);
      add(at(device?.compoundId ?? home), {
        deviceId: a.deviceId,
        alarmId: a.alarmId,
        name: device?.name ?? a.deviceId,
        type: device?.type,
        rule: a.rule,
        since: a.raisedAt,
        active: a.active,
        acked: l.alarmById.get(a.alarmId)?.ackedAt !== undefined,
        why: whyNoTicket(inc, a, l.alarmById.get(a.alarmId), l.silenceById, l.gateWhy),
      });
    }
  }
  for (const p of pending) {
    if (listed.has(p.alarm.id)) continue;
    const device = l.deviceById.get(p.alarm.deviceId);
    const c = device?.compoundId;
    const state = p.why.kind === 'held' ? 'awaiting' : 'restored';
    const root = rootIn(c, `${state}:${p.feederId}`, () =>
      newRoot(c, p.feederId, homeOf(p.feederId), {
        incidentId: `${state}:${p.feederId}`,
        root: undefined,
        state,
        ticketId: undefined,
        startedAt: p.alarm.raisedAt,
      }),
    );
    if (p.alarm.raisedAt < root.startedAt) root.startedAt = p.alarm.raisedAt;
    add(root, {
      deviceId: p.alarm.deviceId,
      alarmId: p.alarm.id,
      name: device?.name ?? p.alarm.deviceId,
      type: device?.type,
      rule: p.alarm.rule,
      since: p.alarm.raisedAt,
      active: p.alarm.active,
      acked: p.alarm.ackedAt !== undefined,
      why: p.why,
    });
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
