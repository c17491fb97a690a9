// Positions from the server are WGS-84. A Chinese tile provider draws in GCJ-02, so with
// TILE_CRS=gcj02 (GET /api/map-config) every position is converted before it is drawn (otherwise markers sit
// some hundred metres off the streets). With no tiles, or WGS-84 tiles, positions pass through.
import gcoord from 'gcoord';
import type { TileCrs } from './config';

export type LatLng = [lat: number, lng: number];

export type Projector = (lat: number, lng: number) => LatLng;

export function projector(crs: TileCrs): Projector {
  if (crs === 'wgs84') return (lat, lng) => [lat, lng];
  return (lat, lng) => {
    const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
    return [y, x];
  };
}

/** The inverse of `projector`: a position on the base layer (a map click) back to WGS-84. */
export function unprojector(crs: TileCrs): Projector {
  if (crs === 'wgs84') return (lat, lng) => [lat, lng];
  return (lat, lng) => {
    const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
    return [y, x];
  };
}
