// Wire formats of roads (api.md v1.1 "Roads, routes and tracks"): a route, a road closure, a van's
// track point. GeoJSON positions are [lng, lat]; query coordinates are "lat,lng".
import { z } from 'zod';
import { iso, lat, lng } from './common';

const position = z.tuple([lng, lat]);
export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: position });
export const LineStringGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(position).min(2).max(500),
});
export type LineStringGeometry = z.infer<typeof LineStringGeometry>;

/** "lat,lng" in a query string, e.g. `35.597,116.99`. */
export const LatLngParam = z
  .string()
  .regex(/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/, 'write a position as lat,lng, e.g. 35.597,116.99')
  .transform((s) => {
    const [a, b] = s.split(',').map(Number);
    return { lat: a!, lng: b! };
  })
  .pipe(z.object({ lat, lng }));

export const RouteQuery = z.object({ from: LatLngParam, to: LatLngParam });
export const RouteDto = z.object({
  distance_m: z.number(),
  duration_s: z.number(),
  geometry: LineStringGeometry.extend({ coordinates: z.array(position).min(1) }),
});
export type RouteDto = z.infer<typeof RouteDto>;

export const CreateRoadClosureBody = z.object({
  geometry: z.discriminatedUnion('type', [PointGeometry, LineStringGeometry]),
  radiusM: z.number().min(1).max(2000).default(20),
  reason: z.string().trim().min(1, 'say why the road is closed').max(200),
  until: iso.optional(),
});
export type CreateRoadClosureBody = z.infer<typeof CreateRoadClosureBody>;
export const RoadClosureDto = z.object({
  id: z.string(),
  geometry: z.discriminatedUnion('type', [PointGeometry, LineStringGeometry]),
  radiusM: z.number(),
  reason: z.string(),
  until: iso.optional(),
  createdBy: z.string(),
  createdAt: iso,
});
export type RoadClosureDto = z.infer<typeof RoadClosureDto>;

export const TrackQuery = z.object({ from: iso.optional(), to: iso.optional() });
export const TrackPointDto = z.object({
  ts: iso,
  lat: z.number(),
  lng: z.number(),
  speed_kmh: z.number().optional(),
  heading: z.number().optional(),
});
export type TrackPointDto = z.infer<typeof TrackPointDto>;

/** GET /api/map-config (beyond api.md): the console's tile provider, set at run time (TILE_*). */
export const MapConfigDto = z.object({
  /** Leaflet URL template; absent: no tiles, the console draws its vector road layer alone. */
  tileUrl: z.string().optional(),
  /** The coordinate system of the tiles: positions (WGS-84) are converted to it before drawing. */
  crs: z.enum(['wgs84', 'gcj02']),
  attribution: z.string(),
});
export type MapConfigDto = z.infer<typeof MapConfigDto>;

/** One street of GET /api/roads: only what the map draws (the class, the name, the one-way sense). */
export const RoadPropertiesDto = z.object({
  name: z.string().optional(),
  /** OSM highway class (`road` when the file gives none). */
  highway: z.string(),
  /** `yes`: one-way along the line's direction; `-1`: against it; absent: both ways. */
  oneway: z.enum(['yes', '-1']).optional(),
});
export type RoadPropertiesDto = z.infer<typeof RoadPropertiesDto>;
export const RoadsDto = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: RoadPropertiesDto,
      geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
    }),
  ),
});
export type RoadsDto = z.infer<typeof RoadsDto>;
