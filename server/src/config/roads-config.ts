// Settings of roads and the map (api.md v1.1 "Roads, routes and tracks"): the road network file, and
// the console's tile provider, set at run time by the server rather than at build time.
import { z } from 'zod';

export const RoadsConfigShape = {
  /** GeoJSON FeatureCollection of LineStrings with OSM-style tags; unset: straight-line distances. */
  ROADS_FILE: z.string().min(1).optional(),
  /** Tile URL template for the console's map, e.g. https://tiles.example/{z}/{x}/{y}.png; unset: vector layers only. */
  TILE_URL: z
    .string()
    .regex(
      /^https?:\/\/\S+$/,
      'TILE_URL must be an http(s) URL template such as https://tiles.example/{z}/{x}/{y}.png',
    )
    .optional(),
  /** The coordinate system the tiles are drawn in: wgs84, or gcj02 for Chinese providers. */
  TILE_CRS: z.enum(['wgs84', 'gcj02'], { error: 'TILE_CRS must be wgs84 or gcj02' }).default('wgs84'),
  /** The tiles' attribution line, shown on the map. */
  TILE_ATTRIBUTION: z.string().max(300).default(''),
};
