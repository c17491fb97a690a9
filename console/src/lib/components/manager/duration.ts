// Durations for people: the two largest units that matter, "12 分 30 秒" / "12 min 30 s",
// "2 小时 5 分" / "2 h 5 min", "3 天 4 小时" / "3 d 4 h". Pure: the words come from `unit`.
export const DURATION_UNITS = ['d', 'h', 'min', 's'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface DurationPart {
  unit: DurationUnit;
  n: number;
}

const SECONDS: Record<DurationUnit, number> = { d: 86_400, h: 3_600, min: 60, s: 1 };

/** The largest non-zero unit and, when not zero, the next one; whole seconds, sign dropped. */
export function durationParts(seconds: number): DurationPart[] {
  let rest = Math.round(Math.abs(seconds));
  const all = DURATION_UNITS.map((unit): DurationPart => {
    const n = Math.floor(rest / SECONDS[unit]);
    rest -= n * SECONDS[unit];
    return { unit, n };
  });
  const first = all.findIndex((p) => p.n > 0);
  if (first === -1) return [{ unit: 's', n: 0 }];
  return all.slice(first, first + 2).filter((p, i) => i === 0 || p.n > 0);
}

/** `seconds` in words, each part through `unit` (e.g. n => `${n} 分`); `empty` for null. */
export function formatSeconds(
  seconds: number | null,
  unit: (part: DurationPart) => string,
  empty = '—',
): string {
  if (seconds === null || !Number.isFinite(seconds)) return empty;
  return durationParts(seconds).map(unit).join(' ');
}
