// The base layer, fixed at build time from Vite env (VITE_TILE_URL, VITE_TILE_ATTRIBUTION,
// VITE_TILE_CRS). Default: no tiles at all — the map works on its vector layers alone, which is
// what a control room without internet access gets.
export type TileCrs = 'wgs84' | 'gcj02';

export interface BaseLayerConfig {
  tileUrl: string | undefined;
  attribution: string;
  /** The coordinate system the tiles are drawn in; data (WGS-84) is converted to it. */
  crs: TileCrs;
}

export function baseLayerConfig(env: ImportMetaEnv = import.meta.env): BaseLayerConfig {
  const url = env.VITE_TILE_URL?.trim();
  const crs = env.VITE_TILE_CRS?.trim().toLowerCase();
  return {
    tileUrl: url ? url : undefined,
    attribution: env.VITE_TILE_ATTRIBUTION?.trim() ?? '',
    crs: crs === 'gcj02' ? 'gcj02' : 'wgs84',
  };
}

/** Qufu old town, where the map opens before the compounds have loaded. */
export const DEFAULT_VIEW = { center: [35.5967, 116.9912] as [number, number], zoom: 15 };
/** At this zoom and above every device is drawn on its own; below, they are clustered. */
export const CLUSTER_BELOW_ZOOM = 16;
