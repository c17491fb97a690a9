// How fresh a device's readings are (pure): when the console last heard from it, and whether the
// readings it shows are the last ones before it went offline. The live store updates `lastSeen`
// with a status change only; a reading (device:state, throttled) carries no time, so the panel
// counts the arrival of a new reading as the device being heard from then.
import type { DeviceStatus } from '../../api/types';

export interface Arrival {
  deviceId: string;
  /** The readings object last seen (the live store replaces it on every new reading). */
  state: object;
  /** When a reading newer than the panel's first arrived (epoch ms); undefined: none yet. */
  at: number | undefined;
}

/** The arrival after the panel sees `state` for `deviceId` at `now`. */
export function nextArrival(
  prev: Arrival | undefined,
  deviceId: string,
  state: object,
  now: number,
): Arrival {
  if (!prev || prev.deviceId !== deviceId) return { deviceId, state, at: undefined };
  if (prev.state === state) return prev;
  return { deviceId, state, at: now };
}

/** When the device was last heard from: the later of its reported lastSeen and a reading's arrival. */
export function lastHeard(lastSeen: string | undefined, arrival: Arrival | undefined): number | undefined {
  const reported = lastSeen === undefined ? undefined : Date.parse(lastSeen);
  const arrived = arrival?.at;
  if (reported === undefined || Number.isNaN(reported)) return arrived;
  return arrived === undefined ? reported : Math.max(reported, arrived);
}

/** The readings are stale while the device is offline: they are the last it sent before. */
export function readingsStale(status: DeviceStatus): boolean {
  return status === 'offline';
}
