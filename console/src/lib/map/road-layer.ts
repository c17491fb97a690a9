// The map's own base layer: the streets of GET /api/roads, drawn as Leaflet polylines on one canvas
// in a pane under everything else (above tiles, if any). Styled by class and zoom (road-style.ts);
// one-way arrows from ONEWAY_ZOOM; each street's name once, at its middle, from its class's zoom,
// and only where it covers no other name. Restyled on zoom, names re-placed on every move; the data
// is fetched once per page (roads.ts).
import L from 'leaflet';
import type { RoadsDto } from '../api/types';
import type { Projector } from './coords';
import { estimateLabelWidth } from './declutter';
import { arrowsAlong, chevron, labelAnchor, lineLength, placeNames } from './road-geometry';
import { CLASS_ORDER, ONEWAY_ZOOM, ROAD_LOOK, roadClass, roadStyle, type RoadClass } from './road-style';

const PANE = 'roads';
const LABEL_PANE = 'roadNames';
const ARROW_SPACING_M = 90;
const ARROW_PX = 5;

interface Street {
  cls: RoadClass;
  coords: [number, number][];
  oneway: 'yes' | '-1' | undefined;
  edge?: L.Polyline;
  fill: L.Polyline;
}

interface Name {
  id: string;
  text: string;
  cls: RoadClass;
  at: L.LatLng;
  marker: L.Marker;
  w: number;
  h: number;
}

export class RoadLayer {
  /** Everything of the layer; the tile/road toggle adds or removes this group. */
  readonly group = L.layerGroup();
  readonly #streets: Street[] = [];
  readonly #names: Name[] = [];
  readonly #renderer: L.Canvas;
  readonly #arrows: L.Polyline;
  #drawn = new Set<L.Polyline>();

  constructor(
    private readonly map: L.Map,
    private readonly project: Projector,
    roads: RoadsDto,
    private readonly overTiles: boolean,
  ) {
    if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '250';
    if (!map.getPane(LABEL_PANE)) {
      const p = map.createPane(LABEL_PANE);
      p.style.zIndex = '260';
      p.style.pointerEvents = 'none';
    }
    this.#renderer = L.canvas({ pane: PANE, padding: 0.3 });
    const base = {
      interactive: false,
      renderer: this.#renderer,
      lineCap: 'round',
      lineJoin: 'round',
    } as const;
    for (const f of roads.features) {
      const cls = roadClass(f.properties.highway);
      const coords = f.geometry.coordinates.map(([lng, lat]) => [lat, lng] as [number, number]);
      const latlngs = coords.map(([lat, lng]) => this.project(lat, lng));
      this.#streets.push({
        cls,
        coords,
        oneway: f.properties.oneway,
        ...(!overTiles && cls !== 'path' && { edge: L.polyline(latlngs, { ...base }) }),
        fill: L.polyline(latlngs, { ...base }),
      });
    }
    this.#arrows = L.polyline([], { ...base, color: '#7b8794', weight: 1.5, opacity: 0.9 });
    if (!overTiles) this.#makeNames(roads);
    map.on('zoomend', this.#restyle);
    map.on('moveend', this.#placeNames);
    this.group.on('add', this.#restyle);
    this.group.addTo(map);
    map.getContainer().dataset.roads = String(this.#streets.length);
  }

  destroy(): void {
    this.map.off('zoomend', this.#restyle);
    this.map.off('moveend', this.#placeNames);
    this.group.remove();
  }

  readonly #restyle = (): void => {
    const zoom = this.map.getZoom();
    // Edges of all classes first, then fills, each bottom class first: crossings read cleanly.
    const ordered = [...this.#streets].sort(
      (a, b) => CLASS_ORDER.indexOf(a.cls) - CLASS_ORDER.indexOf(b.cls),
    );
    const want: L.Polyline[] = [];
    for (const pass of ['edge', 'fill'] as const) {
      for (const s of ordered) {
        const line = s[pass];
        const look = roadStyle(s.cls, zoom, this.overTiles)?.[pass];
        if (!line || !look) continue;
        line.setStyle(look);
        want.push(line);
      }
    }
    // The canvas draws in insertion order: when the set changes, all are added again in order.
    if (want.length !== this.#drawn.size || want.some((l) => !this.#drawn.has(l))) {
      for (const line of this.#drawn) this.group.removeLayer(line);
      for (const line of want) this.group.addLayer(line);
      this.#drawn = new Set(want);
    }
    this.#drawArrows(zoom);
    this.#placeNames();
  };

  #drawArrows(zoom: number): void {
    this.group.removeLayer(this.#arrows);
    if (this.overTiles || zoom < ONEWAY_ZOOM) return;
    const metresPerPx = (40_075_016 * Math.cos((this.map.getCenter().lat * Math.PI) / 180)) / 2 ** (zoom + 8);
    const arm = ARROW_PX * metresPerPx;
    const shapes: L.LatLngExpression[][] = [];
    for (const s of this.#streets) {
      if (!s.oneway) continue;
      const gj = s.coords.map(([lat, lng]) => [lng, lat]);
      for (const at of arrowsAlong(gj, s.oneway, ARROW_SPACING_M))
        shapes.push(chevron(at, arm).map(([lat, lng]) => this.project(lat, lng)));
    }
    this.#arrows.setLatLngs(shapes);
    this.group.addLayer(this.#arrows);
  }

  #makeNames(roads: RoadsDto): void {
    // One name per street: at the middle of its longest piece.
    const longest = new Map<string, { coords: [number, number][]; len: number; cls: RoadClass }>();
    for (const f of roads.features) {
      const text = f.properties.name;
      if (!text) continue;
      const len = lineLength(f.geometry.coordinates);
      const known = longest.get(text);
      if (!known || known.len < len)
        longest.set(text, { coords: f.geometry.coordinates, len, cls: roadClass(f.properties.highway) });
    }
    for (const [text, { coords, cls }] of longest) {
      const at = labelAnchor(coords);
      if (!at) continue;
      const el = document.createElement('span');
      el.className = `road-name road-${cls}${at.vertical ? ' road-name-v' : ''}`;
      el.textContent = text;
      const along = estimateLabelWidth(text, 12, 8);
      const [w, h] = at.vertical ? [16, along] : [along, 16];
      const icon = L.divIcon({
        className: 'road-name-icon',
        html: el,
        iconSize: [w, h],
        iconAnchor: [w / 2, h / 2],
      });
      const latlng = L.latLng(this.project(at.lat, at.lng));
      const marker = L.marker(latlng, { icon, pane: LABEL_PANE, interactive: false, keyboard: false });
      this.#names.push({ id: text, text, cls, at: latlng, marker, w, h });
    }
  }

  readonly #placeNames = (): void => {
    if (this.#names.length === 0) return;
    const zoom = this.map.getZoom();
    const view = this.map.getBounds().pad(0.2);
    const boxes = this.#names
      .filter((n) => zoom >= ROAD_LOOK[n.cls].labelZoom && view.contains(n.at))
      .map((n) => {
        const p = this.map.latLngToContainerPoint(n.at);
        return { id: n.id, x: p.x, y: p.y, w: n.w, h: n.h, rank: 5 - CLASS_ORDER.indexOf(n.cls) };
      });
    const shown = placeNames(boxes);
    for (const n of this.#names) {
      if (shown.has(n.id)) this.group.addLayer(n.marker);
      else this.group.removeLayer(n.marker);
    }
  };
}
