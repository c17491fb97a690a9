// How the vector streets look (the map's own base layer, GET /api/roads): a calm street map — pale
// ground, white streets with a grey edge, the main roads a soft warm tone and wider — so a control
// room without internet sees streets, not grey. Widths grow with the zoom; over tiles the streets
// are drawn thin and faint (the tiles carry the look; ours shows the network routes run on). Pure.

export type RoadClass = 'major' | 'secondary' | 'minor' | 'service' | 'path';

/** OSM highway classes as the map groups them. */
export function roadClass(highway: string): RoadClass {
  const h = highway.replace(/_link$/, '');
  if (h === 'motorway' || h === 'trunk' || h === 'primary') return 'major';
  if (h === 'secondary' || h === 'tertiary') return 'secondary';
  if (h === 'service' || h === 'track') return 'service';
  if (['footway', 'path', 'pedestrian', 'steps', 'cycleway', 'bridleway', 'corridor'].includes(h))
    return 'path';
  return 'minor'; // residential, unclassified, living_street, road, anything new
}

/** Bottom to top: a main road crosses over a lane, not under it. */
export const CLASS_ORDER: readonly RoadClass[] = ['path', 'service', 'minor', 'secondary', 'major'];

interface ClassLook {
  fill: string;
  edge: string;
  /** Fill width at zoom 16, pixels. */
  width: number;
  /** The zoom from which it is drawn at all. */
  minZoom: number;
  /** The zoom from which its name is written. */
  labelZoom: number;
}

export const ROAD_LOOK: Record<RoadClass, ClassLook> = {
  major: { fill: '#f3d79e', edge: '#c9a15e', width: 7, minZoom: 0, labelZoom: 15 },
  secondary: { fill: '#fbf0d0', edge: '#c8b486', width: 6, minZoom: 0, labelZoom: 15 },
  minor: { fill: '#ffffff', edge: '#bcc4cc', width: 5.5, minZoom: 13, labelZoom: 16 },
  service: { fill: '#ffffff', edge: '#c9cfd5', width: 3, minZoom: 15, labelZoom: 17.5 },
  path: { fill: '#aab4be', edge: '#aab4be', width: 1.2, minZoom: 16, labelZoom: 19 },
};

export interface RoadLineStyle {
  color: string;
  weight: number;
  opacity: number;
  dashArray?: string;
}

export interface RoadStyle {
  /** The grey edge under the fill (absent over tiles and for paths). */
  edge?: RoadLineStyle;
  fill: RoadLineStyle;
}

/** Width factor of a zoom: ×1 at 16, halving every two levels out, doubling every two in (≤ ×2.5). */
export function zoomFactor(zoom: number): number {
  return Math.min(2.5, Math.max(0.3, 2 ** ((zoom - 16) / 2)));
}

/** The style of a street of a class at a zoom, on the bare ground or over tiles; undefined: not drawn. */
export function roadStyle(cls: RoadClass, zoom: number, overTiles: boolean): RoadStyle | undefined {
  const look = ROAD_LOOK[cls];
  if (zoom < look.minZoom) return undefined;
  const w = Math.max(1, Math.round(look.width * zoomFactor(zoom) * 2) / 2);
  if (overTiles)
    return { fill: { color: '#4f6b88', weight: Math.max(1, Math.round(w * 0.35 * 2) / 2), opacity: 0.45 } };
  if (cls === 'path') return { fill: { color: look.fill, weight: w, opacity: 0.9, dashArray: '4 3' } };
  return {
    edge: { color: look.edge, weight: w + 2, opacity: 1 },
    fill: { color: look.fill, weight: w, opacity: 1 },
  };
}

/** One-way arrows from this zoom on, on the bare ground. */
export const ONEWAY_ZOOM = 17;
