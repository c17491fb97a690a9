// Small builders of wire objects for the incident and silence unit tests.
import type { AlarmDto, DeviceDto, IncidentAffected, IncidentDto, SilenceDto } from '../api/types';

export const T0 = Date.parse('2026-12-06T14:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export function alarm(id: string, deviceId: string, over: Partial<AlarmDto> = {}): AlarmDto {
  return {
    id,
    deviceId,
    rule: 'offline',
    severity: 'minor',
    active: true,
    count: 1,
    raisedAt: iso(T0),
    lastSeenAt: iso(T0),
    lastValue: {},
    ...over,
  };
}

export function device(
  id: string,
  type: string,
  compoundId?: string,
  over: Partial<DeviceDto> = {},
): DeviceDto {
  return {
    id,
    type,
    name: `${id} name`,
    ...(compoundId !== undefined && { compoundId }),
    attrs: {},
    status: 'online',
    state: {},
    createdAt: iso(T0),
    ...over,
  };
}

export function affected(deviceId: string, over: Partial<IncidentAffected> = {}): IncidentAffected {
  return {
    deviceId,
    alarmId: `a-${deviceId}`,
    rule: 'offline',
    active: true,
    raisedAt: iso(T0 + 5000),
    ...over,
  };
}

export function incident(
  box: string,
  list: IncidentAffected[],
  over: Partial<IncidentDto> = {},
): IncidentDto {
  const root = alarm(`root-${box}`, box, {
    rule: 'breaker_tripped',
    severity: 'critical',
    ticketId: `T-${box}`,
  });
  return {
    id: root.id,
    rootAlarm: root,
    ticketId: root.ticketId,
    affected: list,
    startedAt: root.raisedAt,
    ...over,
  };
}

export function silence(id: string, over: Partial<SilenceDto> = {}): SilenceDto {
  return {
    id,
    match: { compoundId: 'gongbao' },
    startsAt: iso(T0),
    endsAt: iso(T0 + 3_600_000),
    reason: '检修',
    createdBy: 'disp',
    createdAt: iso(T0),
    active: true,
    ...over,
  };
}
