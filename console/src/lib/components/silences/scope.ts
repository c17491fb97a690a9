// What a silence can cover and for how long, as the console offers it (api.md "Silences"): from an
// alarm (its device, or its device and rule) or from a compound (all of it, or one device type);
// duration presets up to the end of the shift; the preview summed up. Pure, tested beside it.
import type {
  AlarmDto,
  CreateSilenceBody,
  DeviceDto,
  SilenceMatch,
  SilencePreviewDto,
} from '../../api/types';

/** One way to scope a silence. `kind` picks its label; `type` / `rule` fill it. */
export interface SilenceOption {
  id: string;
  kind: 'device' | 'deviceRule' | 'compound' | 'compoundType';
  match: SilenceMatch;
}

/** Where a silence is started from: an alarm's row or a compound's heading. */
export type SilenceSource =
  | { from: 'alarm'; alarm: AlarmDto; device: DeviceDto | undefined }
  | { from: 'compound'; compoundId: string; name: string; devices: readonly DeviceDto[] };

export function silenceOptions(src: SilenceSource): SilenceOption[] {
  if (src.from === 'alarm') {
    const { deviceId, rule } = src.alarm;
    return [
      { id: 'device', kind: 'device', match: { deviceId } },
      { id: 'device-rule', kind: 'deviceRule', match: { deviceId, rule } },
    ];
  }
  const types = [...new Set(src.devices.filter((d) => d.compoundId === src.compoundId).map((d) => d.type))];
  return [
    { id: 'compound', kind: 'compound', match: { compoundId: src.compoundId } },
    ...types.sort().map((type): SilenceOption => ({
      id: `type-${type}`,
      kind: 'compoundType',
      match: { compoundId: src.compoundId, type },
    })),
  ];
}

export const DURATION_PRESETS = ['30m', '1h', '2h', '4h', 'shift'] as const;
export type DurationPreset = (typeof DURATION_PRESETS)[number];
const PRESET_MIN: Record<Exclude<DurationPreset, 'shift'>, number> = {
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '4h': 240,
};

/** Shifts change at 08:00 and 20:00 in Qufu (Asia/Shanghai, UTC+8 all year). */
export const SHIFT_CHANGES_H = [8, 20] as const;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Epoch ms of the next shift change after `now`. */
export function shiftEnd(now: number): number {
  const local = now + SHANGHAI_OFFSET_MS;
  const dayStart = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  for (const h of [...SHIFT_CHANGES_H, SHIFT_CHANGES_H[0] + 24]) {
    const at = dayStart + h * 3_600_000;
    if (at > local) return at - SHANGHAI_OFFSET_MS;
  }
  throw new Error('unreachable: the next day has a shift change');
}

/** The preset in whole minutes from `now` (the end of the shift rounded up to the minute). */
export function presetMinutes(preset: DurationPreset, now: number): number {
  if (preset === 'shift') return Math.max(1, Math.ceil((shiftEnd(now) - now) / 60_000));
  return PRESET_MIN[preset];
}

/** The body of POST /api/silences, or why it cannot be sent yet. */
export function silenceBody(
  match: SilenceMatch,
  preset: DurationPreset,
  reason: string,
  now: number,
): { body: CreateSilenceBody } | { problem: 'reason' } {
  const text = reason.trim();
  if (!text) return { problem: 'reason' };
  return { body: { match, durationMin: presetMinutes(preset, now), reason: text } };
}

export interface PreviewSummary {
  /** Registered devices the match covers. */
  devices: number;
  /** Of them, those listed by name (the server lists at most 50). */
  listed: number;
  /** Active alarms on them now (they keep their tickets). */
  alarms: number;
  /** The devices with an active alarm. */
  alarmDevices: number;
}

export function previewSummary(p: SilencePreviewDto): PreviewSummary {
  return {
    devices: p.deviceCount,
    listed: p.devices.length,
    alarms: p.activeAlarms.length,
    alarmDevices: new Set(p.activeAlarms.map((a) => a.deviceId)).size,
  };
}
