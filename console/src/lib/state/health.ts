// Device health for the map, from its status and its active alarms:
//   alarm    an active alarm of severity critical, major or minor (other than the offline rule);
//   offline  the device is offline (its synthetic `offline` alarm is shown as this, not as alarm);
//   warning  an active warning-severity alarm;
//   ok       otherwise.
import type { AlarmDto, DeviceStatus } from '../api/types';

export const HEALTHS = ['ok', 'warning', 'offline', 'alarm'] as const;
export type Health = (typeof HEALTHS)[number];

/** Per device: whether it has an alarm-grade and/or a warning-grade active alarm. */
export interface AlarmFlags {
  alarm: boolean;
  warning: boolean;
}

export function alarmFlags(alarms: Iterable<AlarmDto>): Map<string, AlarmFlags> {
  const out = new Map<string, AlarmFlags>();
  for (const a of alarms) {
    if (!a.active || a.rule === 'offline') continue;
    let f = out.get(a.deviceId);
    if (!f) out.set(a.deviceId, (f = { alarm: false, warning: false }));
    if (a.severity === 'warning') f.warning = true;
    else f.alarm = true;
  }
  return out;
}

export function deviceHealth(status: DeviceStatus, flags: AlarmFlags | undefined): Health {
  if (flags?.alarm) return 'alarm';
  if (status === 'offline') return 'offline';
  if (flags?.warning) return 'warning';
  return 'ok';
}

/** Rank for "worst of" (clusters take the colour of their worst device). */
export function healthRank(h: Health): number {
  return HEALTHS.indexOf(h);
}
