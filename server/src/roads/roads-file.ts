// The road network file (ROADS_FILE): a GeoJSON FeatureCollection of LineStrings with OSM-style tags
// (api.md v1.1 "Roads, routes and tracks"). One schema; reading it says what is wrong and where.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** OSM tags as they come: strings (numbers tolerated for maxspeed); anything else is kept but unused. */
export const RoadTagsSchema = z.looseObject({
  name: z.string().optional(),
  /** OSM highway class: motorway … residential, service; footway, path, steps, pedestrian are not driven. */
  highway: z.string().optional(),
  /** `yes` (or true, 1): only along the line's direction; `-1`: only against it; `no`: both ways. */
  oneway: z.union([z.string(), z.boolean(), z.number()]).optional(),
  /** km/h, or e.g. "30 mph". */
  maxspeed: z.union([z.string(), z.number()]).optional(),
  /** `no` and `private` are not driven. */
  access: z.string().optional(),
});
export type RoadTags = z.infer<typeof RoadTagsSchema>;

export const RoadFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: RoadTagsSchema.nullable().transform((p) => p ?? {}),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
});
export type RoadFeature = z.infer<typeof RoadFeatureSchema>;

export const RoadsFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(RoadFeatureSchema),
});
export type RoadsFile = z.infer<typeof RoadsFileSchema>;

export class RoadsFileError extends Error {
  override readonly name = 'RoadsFileError';
}

/** Parses a roads document; throws RoadsFileError naming the first problem (feature index and field). */
export function parseRoads(json: unknown, source = 'ROADS_FILE'): RoadsFile {
  const parsed = RoadsFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0];
  const where = i ? i.path.join('.') : '';
  throw new RoadsFileError(
    `${source}: ${where ? `${where}: ` : ''}${i?.message ?? 'not a road network'} — it must be a GeoJSON FeatureCollection of LineString features ([lng, lat] positions)`,
  );
}

/** Reads and parses ROADS_FILE. */
export function readRoadsFile(file: string): RoadsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RoadsFileError(
      `ROADS_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RoadsFileError(`ROADS_FILE ${file} is not JSON: it must be a GeoJSON FeatureCollection`);
  }
  return parseRoads(json, `ROADS_FILE ${file}`);
}
