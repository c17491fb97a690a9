// The console's map settings (beyond api.md): GET /api/map-config, the tile provider set at run time
// (TILE_URL, TILE_CRS, TILE_ATTRIBUTION), and GET /api/roads, the streets of ROADS_FILE for the
// console's vector base layer (read once at startup; an ETag, so a reload costs a 304).
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Config } from '../../config/config';
import type { MapConfigDto, RoadPropertiesDto, RoadsDto } from '../../contracts/dto';
import { readRoadsFile, type RoadsFile, type RoadTags } from '../../roads/roads-file';
import { allow, ANY_ROLE } from '../auth';
import { HttpError } from '../errors';

export interface MapSettings {
  config: MapConfigDto;
  /** The streets, or undefined without ROADS_FILE. */
  roads: RoadsDto | undefined;
}

/** The map settings of the server's config; reads ROADS_FILE (throws RoadsFileError naming the problem). */
export function mapSettings(
  config: Pick<Config, 'TILE_URL' | 'TILE_CRS' | 'TILE_ATTRIBUTION' | 'ROADS_FILE'>,
  read: (file: string) => RoadsFile = readRoadsFile,
): MapSettings {
  return {
    config: {
      ...(config.TILE_URL !== undefined && { tileUrl: config.TILE_URL }),
      crs: config.TILE_CRS,
      attribution: config.TILE_ATTRIBUTION,
    },
    roads: config.ROADS_FILE !== undefined ? roadsDto(read(config.ROADS_FILE)) : undefined,
  };
}

/** OSM's ways of writing one-way: yes/true/1 along the line, -1/reverse against it. */
export function onewayOf(v: RoadTags['oneway']): RoadPropertiesDto['oneway'] {
  const s = String(v ?? '')
    .trim()
    .toLowerCase();
  if (s === 'yes' || s === 'true' || s === '1') return 'yes';
  if (s === '-1' || s === 'reverse') return '-1';
  return undefined;
}

/** The streets as the map draws them: the geometry, the class, the name and the one-way sense only. */
export function roadsDto(file: RoadsFile): RoadsDto {
  return {
    type: 'FeatureCollection',
    features: file.features.map((f) => {
      const name = f.properties.name?.trim();
      const oneway = onewayOf(f.properties.oneway);
      return {
        type: 'Feature' as const,
        properties: {
          ...(name && { name }),
          highway: f.properties.highway?.trim() || 'road',
          ...(oneway && { oneway }),
        },
        geometry: { type: 'LineString' as const, coordinates: f.geometry.coordinates },
      };
    }),
  };
}

export function mapRouter(settings: MapSettings): Router {
  const r = Router();
  r.get('/map-config', allow(...ANY_ROLE), (_req, res) => {
    res.set('Cache-Control', 'private, no-cache').json(settings.config);
  });
  // Serialised once: the same bytes and ETag for every console.
  const body = settings.roads && JSON.stringify(settings.roads);
  const etag = body && `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  r.get('/roads', allow(...ANY_ROLE), (req, res) => {
    if (!body || !etag)
      throw new HttpError(404, 'no_roads', 'no road network is configured: set ROADS_FILE on the server');
    res.set({ ETag: etag, 'Cache-Control': 'private, max-age=300' });
    const seen = req
      .get('if-none-match')
      ?.split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (seen?.includes(etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(body);
  });
  return r;
}
