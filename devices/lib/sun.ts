// The sun as the condition language sees it (types.ts `sun` conditions): its altitude above the
// horizon at a place and a time, by suncalc. Pure in effect: the answer is a function of the place's
// ~1 km grid cell and the minute, memoised, so the lamps of a town cost a few suncalc calls a minute
// in all, not one per reading (scripts/sun-rules-cost.ts measures it).
import SunCalc from 'suncalc';

/** Where a device is (a device record: either coordinate may be missing). */
export interface Place {
  lat?: number | undefined;
  lng?: number | undefined;
}

const DEG = 180 / Math.PI;
const MINUTE_MS = 60_000;

/** The sun's altitude in degrees (negative below the horizon) at (lat, lng) at `ts` (epoch ms). */
export function sunAltitudeDeg(lat: number, lng: number, ts: number): number {
  return SunCalc.getPosition(new Date(ts), lat, lng).altitude * DEG;
}

/** Grid cells per degree: 0.01° (~1 km), where the sun's altitude differs by under 0.01°. */
const CELLS_PER_DEG = 100;
/** Cells remembered at most (then the memo starts over): far more than a town's lamps span. */
const MAX_CELLS = 4096;

interface Memo {
  minute: number;
  alt: number;
}
// One entry per grid cell: every lamp of a street shares one suncalc call a minute.
const memo = new Map<number, Memo>();

/**
 * The sun's altitude during the minute of `ts` at a place — at the middle of the minute and of the
 * place's 0.01° grid cell, so it is a function of (cell, minute) and costs one suncalc call per cell
 * and minute; undefined when the place has no coordinates (the sun conditions are then false).
 */
export function sunAltitudeAt(place: Place, ts: number): number | undefined {
  const { lat, lng } = place;
  if (lat === undefined || lng === undefined) return undefined;
  const minute = Math.floor(ts / MINUTE_MS);
  const latI = Math.round(lat * CELLS_PER_DEG);
  const lngI = Math.round(lng * CELLS_PER_DEG);
  const key = (latI + 90 * CELLS_PER_DEG) * (361 * CELLS_PER_DEG) + (lngI + 180 * CELLS_PER_DEG);
  const m = memo.get(key);
  if (m !== undefined && m.minute === minute) return m.alt;
  const mid = minute * MINUTE_MS + MINUTE_MS / 2;
  const alt = sunAltitudeDeg(latI / CELLS_PER_DEG, lngI / CELLS_PER_DEG, mid);
  if (m !== undefined) {
    m.minute = minute;
    m.alt = alt;
  } else {
    if (memo.size >= MAX_CELLS) memo.clear();
    memo.set(key, { minute, alt });
  }
  return alt;
}

/** When the sun sets at (lat, lng) on the day around `noon` (epoch ms); undefined if it does not. */
export function sunsetNear(lat: number, lng: number, noon: number): number | undefined {
  const t = SunCalc.getTimes(new Date(noon), lat, lng).sunset.getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** When the sun rises at (lat, lng) on the day around `noon` (epoch ms); undefined if it does not. */
export function sunriseNear(lat: number, lng: number, noon: number): number | undefined {
  const t = SunCalc.getTimes(new Date(noon), lat, lng).sunrise.getTime();
  return Number.isFinite(t) ? t : undefined;
}
