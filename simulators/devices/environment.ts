// The simulated world around the devices at a simulated instant: local time of day in Qufu, the
// sun (day length follows the season), daylight, and air temperature with a daily and seasonal
// drift. Pure functions of (time, weather).

/** Qufu, Shandong: latitude and longitude, and China Standard Time (UTC+8, no daylight saving). */
export const QUFU = { lat: 35.6, lng: 116.99 };
const UTC_OFFSET_H = 8;
const DEG = Math.PI / 180;

export interface Weather {
  tempOffsetC: number;
  /** 0 clear … 1 overcast. */
  cloud: number;
  rain: boolean;
}
export const CLEAR: Weather = { tempOffsetC: 0, cloud: 0, rain: false };

export interface Environment {
  /** Local hour of day, 0 ≤ h < 24. */
  hour: number;
  dayOfYear: number;
  /** Sine of the sun's elevation (negative at night). */
  sunSin: number;
  /** Ambient light outdoors, lx. */
  lux: number;
  /** Air temperature, °C. */
  airC: number;
  weather: Weather;
}

function localParts(ms: number): { hour: number; dayOfYear: number } {
  const local = new Date(ms + UTC_OFFSET_H * 3_600_000);
  const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((local.getTime() - startOfYear) / 86_400_000) + 1;
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60 + local.getUTCSeconds() / 3600;
  return { hour, dayOfYear };
}

/** Sine of the solar elevation (declination from the day of the year, hour angle from local time). */
export function sunSine(hour: number, dayOfYear: number): number {
  const decl = -23.44 * DEG * Math.cos(((2 * Math.PI) / 365) * (dayOfYear + 10));
  const solarNoon = 12 + (UTC_OFFSET_H * 15 - QUFU.lng) / 15; // ≈ 12:12 in Qufu
  const hourAngle = (hour - solarNoon) * 15 * DEG;
  const lat = QUFU.lat * DEG;
  return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle);
}

/** Outdoor light: night sky ≈ 1 lx, civil twilight up to ≈ 400 lx, full sun ≈ 100 klx (less under cloud). */
export function daylightLux(sunSin: number, cloud: number): number {
  const elevDeg = Math.asin(Math.max(-1, Math.min(1, sunSin))) / DEG;
  if (elevDeg <= -6) return 1;
  if (elevDeg <= 0) return 1 + 399 * ((elevDeg + 6) / 6) ** 3;
  return 400 + 100_000 * sunSin * (1 - 0.8 * cloud);
}

/** Air temperature: seasonal mean (≈ −1 °C in January, ≈ 27 °C in July) ± a daily swing peaking at 15:00. */
export function airTemperature(hour: number, dayOfYear: number, weather: Weather): number {
  const seasonal = 13 - 14 * Math.cos(((2 * Math.PI) / 365) * (dayOfYear - 15));
  const swing = 5 * (1 - 0.6 * weather.cloud);
  const daily = swing * Math.cos(((2 * Math.PI) / 24) * (hour - 15));
  return seasonal + daily + weather.tempOffsetC;
}

export function environmentAt(ms: number, weather: Weather = CLEAR): Environment {
  const { hour, dayOfYear } = localParts(ms);
  const sunSin = sunSine(hour, dayOfYear);
  return {
    hour,
    dayOfYear,
    sunSin,
    lux: daylightLux(sunSin, weather.cloud),
    airC: airTemperature(hour, dayOfYear, weather),
    weather,
  };
}
