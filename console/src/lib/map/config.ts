// The base layer, set at run time by the server (GET /api/map-config: TILE_URL, TILE_CRS,
// TILE_ATTRIBUTION), fetched once per page. Default: no tiles at all — the map draws its own
// vector streets (GET /api/roads), which is what a control room without internet access gets.
// The last answer is kept in localStorage, so a phone offline still draws in the right CRS.
import type { MapConfigDto } from '../api/types';
import { get } from '../api/client';

export type TileCrs = MapConfigDto['crs'];

export interface BaseLayerConfig {
  tileUrl: string | undefined;
  attribution: string;
  /** The coordinate system the tiles are drawn in; data (WGS-84) is converted to it. */
  crs: TileCrs;
}

export const NO_TILES: BaseLayerConfig = { tileUrl: undefined, attribution: '', crs: 'wgs84' };

/** The server's answer (or a stored one, of any shape) as the map uses it. */
export function baseLayerConfig(dto: Partial<MapConfigDto> | undefined): BaseLayerConfig {
  const url = typeof dto?.tileUrl === 'string' ? dto.tileUrl.trim() : '';
  return {
    tileUrl: url ? url : undefined,
    attribution: typeof dto?.attribution === 'string' ? dto.attribution.trim() : '',
    crs: dto?.crs === 'gcj02' ? 'gcj02' : 'wgs84',
  };
}

const STORED = 'redsail.mapConfig';
let loading: Promise<BaseLayerConfig> | undefined;

/** The base layer of this page: asked once; offline, the last one seen; never seen, no tiles. */
export function loadBaseLayer(): Promise<BaseLayerConfig> {
  loading ??= get<MapConfigDto>('/api/map-config').then(
    (dto) => {
      const cfg = baseLayerConfig(dto);
      try {
        localStorage.setItem(STORED, JSON.stringify(cfg));
      } catch {
        // storage full or refused: the next offline start falls back to no tiles
      }
      return cfg;
    },
    () => {
      loading = undefined; // asked again by the next map
      try {
        return baseLayerConfig(JSON.parse(localStorage.getItem(STORED) ?? 'null') as Partial<MapConfigDto>);
      } catch {
        return NO_TILES;
      }
    },
  );
  return loading;
}

/** Qufu old town, where the map opens before the compounds have loaded. */
export const DEFAULT_VIEW = { center: [35.5967, 116.9912] as [number, number], zoom: 15 };
/** At this zoom and above every device is drawn on its own; below, they are clustered. */
export const CLUSTER_BELOW_ZOOM = 16;
