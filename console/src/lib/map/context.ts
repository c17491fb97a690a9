// MapView owns the Leaflet map; its layer components reach it through Svelte context
// (ARCHITECTURE principle 9). Layers render only once the map exists, so `map` is always set.
import { getContext, setContext } from 'svelte';
import type L from 'leaflet';
import type { Projector } from './coords';
import type { VanMotion } from './van-motion';

export interface MapContext {
  map: L.Map;
  /** WGS-84 → the base layer's coordinate system. */
  project: Projector;
  /** The inverse: a position on the base layer (a map click) back to WGS-84. */
  unproject: Projector;
  /** Where each van is drawn now, and the one frame loop that moves them (markers, routes). */
  motion: VanMotion;
}

const KEY = Symbol('redsail-map');

export function setMapContext(get: () => MapContext): void {
  setContext(KEY, get);
}

export function getMapContext(): MapContext {
  const get = getContext<(() => MapContext) | undefined>(KEY);
  if (!get) throw new Error('a map layer must be placed inside <MapView>');
  return get();
}
