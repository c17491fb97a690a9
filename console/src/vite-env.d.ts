/// <reference types="svelte" />
/// <reference types="vite/client" />

// The console has no build-time settings of its own: the map's tile provider is the server's
// (TILE_URL, TILE_CRS, TILE_ATTRIBUTION, answered by GET /api/map-config), set at run time.
