// The dispatcher map's home: the area it may show and the "fit all" view. The area is the city
// around the configured centre (CITY_HALF_KM each way) joined with everything on the map; the map
// never zooms out further than the zoom at which that area fills the screen (so there is never an
// empty screen around a dot of a city) and pans at most half the area's size beyond it. Pure:
// boxes in drawn coordinates (the base layer's), sizes in CSS pixels, zooms in Web Mercator.

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}
export type Point = [lat: number, lng: number];

/** Half the side of the city square around the centre: Qufu's built-up area is ~12 km across. */
export const CITY_HALF_KM = 8;
/** The lowest and highest minimum zoom the map may get (3: a continent; 15: a few streets). */
export const MIN_ZOOM_FLOOR = 3;
export const MIN_ZOOM_CEILING = 15;
/** How far beyond the area the map may be panned, as a share of its size on each side. */
export const MAX_BOUNDS_PAD = 0.5;
/** "Fit all" never zooms in closer than this (one device alone: a few blocks around it). */
export const FIT_MAX_ZOOM = 17;

const KM_PER_DEG_LAT = 111.32;

/** The city square around a centre. */
export function cityBox([lat, lng]: Point, halfKm = CITY_HALF_KM): Box {
  const dLat = halfKm / KM_PER_DEG_LAT;
  const dLng = halfKm / (KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  return { south: lat - dLat, west: lng - dLng, north: lat + dLat, east: lng + dLng };
}

/** The smallest box holding these points, or undefined for none. */
export function boxOf(points: Iterable<Point>): Box | undefined {
  let b: Box | undefined;
  for (const [lat, lng] of points) {
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    if (!b) b = { south: lat, west: lng, north: lat, east: lng };
    else {
      b.south = Math.min(b.south, lat);
      b.north = Math.max(b.north, lat);
      b.west = Math.min(b.west, lng);
      b.east = Math.max(b.east, lng);
    }
  }
  return b;
}

export function union(a: Box, b: Box | undefined): Box {
  if (!b) return a;
  return {
    south: Math.min(a.south, b.south),
    west: Math.min(a.west, b.west),
    north: Math.max(a.north, b.north),
    east: Math.max(a.east, b.east),
  };
}

/** The box grown by `share` of its height and width on each side. */
export function pad(b: Box, share: number): Box {
  const dLat = (b.north - b.south) * share;
  const dLng = (b.east - b.west) * share;
  return { south: b.south - dLat, west: b.west - dLng, north: b.north + dLat, east: b.east + dLng };
}

const mercY = (lat: number) => {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

/** The highest (fractional) zoom at which the box fits in a view of this size. */
export function fitZoom(b: Box, widthPx: number, heightPx: number): number {
  const w = Math.max((b.east - b.west) / 360, 1e-9);
  const h = Math.max(mercY(b.south) - mercY(b.north), 1e-9);
  return Math.log2(Math.min(widthPx / (256 * w), heightPx / (256 * h)));
}

/** The map's minimum zoom for an area and a view size: the area fits, on the zoom steps (snap). */
export function minZoomFor(area: Box, widthPx: number, heightPx: number, snap = 0.5): number {
  if (widthPx <= 0 || heightPx <= 0) return MIN_ZOOM_FLOOR;
  const z = Math.floor(fitZoom(area, widthPx, heightPx) / snap) * snap;
  return Math.max(MIN_ZOOM_FLOOR, Math.min(MIN_ZOOM_CEILING, z));
}

/** The area of the map: the city around `center` joined with every point on it. */
export function homeArea(center: Point, points: Iterable<Point>): Box {
  return union(cityBox(center), boxOf(points));
}

export const sameBox = (a: Box | undefined, b: Box | undefined): boolean =>
  a === b ||
  (!!a && !!b && a.south === b.south && a.west === b.west && a.north === b.north && a.east === b.east);

/** What "fit all" shows: the box of every point, or the configured home view when there is none. */
export function fitTarget(
  points: Iterable<Point>,
  home: { center: Point; zoom: number },
): { box: Box } | { center: Point; zoom: number } {
  const box = boxOf(points);
  return box ? { box } : home;
}
