/// <reference types="svelte" />
/// <reference types="vite/client" />

// Build-time settings of the console (Vite env, read when `npm run build` runs).
interface ImportMetaEnv {
  /** Tile URL template, e.g. https://tiles.example/{z}/{x}/{y}.png; unset: vector layers only. */
  readonly VITE_TILE_URL?: string;
  readonly VITE_TILE_ATTRIBUTION?: string;
  /** Coordinate system of the tiles: 'wgs84' (default) or 'gcj02' (Chinese providers). */
  readonly VITE_TILE_CRS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
