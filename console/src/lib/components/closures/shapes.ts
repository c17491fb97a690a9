// How closures are drawn with Leaflet: a point as a circle of its radius, a line as a band as wide as
// the radius on both sides (its width in pixels follows the zoom) with red stripes across and a red
// dashed centre line. Positions are WGS-84 [lng, lat], projected for the base layer by `project`.
import L from 'leaflet';
import type { Projector } from '../../map/coords';
import type { GeoPoint } from '../../map/pick';

export const CLOSURE_RED = '#c8102e';

/** Metres per screen pixel at a latitude and zoom (Web Mercator, 256-px tiles). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (156_543.033_92 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

export interface ShapeInput {
  points: GeoPoint[];
  radiusM: number;
  shape: 'point' | 'line';
}

/** The Leaflet layers of one closure (or the draft), all in `pane`; the first is the one to hover. */
export function closureLayers(c: ShapeInput, zoom: number, project: Projector, pane: string): L.Path[] {
  const at = c.points.map((p) => project(p.lat, p.lng));
  const [first] = at;
  if (!first) return [];
  const base = { pane, color: CLOSURE_RED };
  if (c.shape === 'point')
    return [
      L.circle(first, {
        ...base,
        radius: c.radiusM,
        weight: 2,
        dashArray: '6 4',
        fillColor: CLOSURE_RED,
        fillOpacity: 0.2,
      }),
    ];
  const width = Math.max(6, (2 * c.radiusM) / metresPerPixel(first[0], zoom));
  return [
    L.polyline(at, { ...base, weight: width, opacity: 0.18, lineCap: 'round', lineJoin: 'round' }),
    L.polyline(at, {
      ...base,
      weight: width,
      opacity: 0.45,
      dashArray: '3 7',
      lineCap: 'butt',
      interactive: false,
    }),
    L.polyline(at, { ...base, weight: 2.5, dashArray: '10 6', interactive: false }),
  ];
}

/** GeoJSON [lng, lat] positions → points. */
export const pointsOf = (coordinates: readonly (readonly number[])[]): GeoPoint[] =>
  coordinates.map(([lng = 0, lat = 0]) => ({ lat, lng }));
