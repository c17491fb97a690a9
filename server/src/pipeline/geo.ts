// Great-circle geometry for dispatch: distances between vans and tickets, and travel-time estimates.
// Pure: no I/O, no clock. Coordinates are WGS-84 degrees; distances are meters.

/** Mean Earth radius (IUGG R1), meters. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in meters between (lat1, lng1) and (lat2, lng2), by the haversine formula. */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLng = Math.sin(((lng2 - lng1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLng * sinDLng;
  // Rounding can push h a hair above 1 for antipodal points; asin would return NaN.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * Seconds to cover `distanceM` at an average `speedKmh` (e.g. config URBAN_SPEED_KMH).
 * A zero distance takes 0 s; a non-positive or non-finite speed never arrives (Infinity).
 */
export function etaSeconds(distanceM: number, speedKmh: number): number {
  if (distanceM <= 0) return 0;
  if (!(speedKmh > 0) || !Number.isFinite(speedKmh)) return Infinity;
  return distanceM / (speedKmh / 3.6);
}
