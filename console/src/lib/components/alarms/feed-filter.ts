// The alarm feed's filters: severities, one compound, one device type. Pure rules (which alarms
// match, whether anything is filtered, reading a stored filter back defensively); the console keeps
// the filter in localStorage so it survives a reload, and always says when it is filtering.
import { SEVERITIES, type Severity } from '../../../../../devices/lib/types';
import type { AlarmDto, DeviceDto } from '../../api/types';

export interface FeedFilter {
  /** Empty: every severity. */
  severities: Severity[];
  compoundId?: string | undefined;
  deviceType?: string | undefined;
}

export const NO_FILTER: FeedFilter = { severities: [] };
export const FILTER_STORAGE_KEY = 'redsail.alarmFeedFilter';

export function isFiltering(f: FeedFilter): boolean {
  return f.severities.length > 0 || f.compoundId !== undefined || f.deviceType !== undefined;
}

export function matchesFilter(f: FeedFilter, alarm: AlarmDto, device: DeviceDto | undefined): boolean {
  if (f.severities.length > 0 && !f.severities.includes(alarm.severity)) return false;
  if (f.compoundId !== undefined && device?.compoundId !== f.compoundId) return false;
  if (f.deviceType !== undefined && device?.type !== f.deviceType) return false;
  return true;
}

/** A stored filter read back: anything unreadable or unknown is dropped, never thrown. */
export function parseFilter(raw: string | null): FeedFilter {
  if (!raw) return NO_FILTER;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return NO_FILTER;
  }
  if (typeof v !== 'object' || v === null) return NO_FILTER;
  const o = v as Record<string, unknown>;
  const severities = Array.isArray(o.severities)
    ? SEVERITIES.filter((s) => (o.severities as unknown[]).includes(s))
    : [];
  const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  return { severities, compoundId: str(o.compoundId), deviceType: str(o.deviceType) };
}

/** Turns one severity on or off, keeping the severities in their order of weight. */
export function toggleSeverity(f: FeedFilter, s: Severity): FeedFilter {
  const on = f.severities.includes(s);
  return { ...f, severities: SEVERITIES.filter((x) => (x === s ? !on : f.severities.includes(x))) };
}

/** The alarms that pass `f`. */
export function filterAlarms(
  f: FeedFilter,
  alarms: readonly AlarmDto[],
  deviceById: ReadonlyMap<string, DeviceDto>,
): AlarmDto[] {
  return alarms.filter((a) => matchesFilter(f, a, deviceById.get(a.deviceId)));
}
