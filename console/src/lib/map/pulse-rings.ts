// The pulsing rings around critical devices and clusters: one small DOM marker each (there are few),
// in a pane just under the device canvas, so the ring shows around the dot and never takes a click.
// The pulse is CSS (map.css of MapView): with prefers-reduced-motion it is a still double ring.
import L from 'leaflet';
import type { DrawnAt } from './dots-layer';

const PANE = 'device-rings';
/** Beyond this many (a storm), the rest are still marked by their thick red outline: no more DOM. */
export const RINGS_MAX = 60;

interface Ring {
  marker: L.Marker;
  lat: number;
  lng: number;
}

/** Key of a drawn item: a device by id, a cluster by its (per-zoom) id. */
const keyOf = (d: DrawnAt): string =>
  d.item.kind === 'device' ? `d:${d.item.id}` : `c:${d.item.clusterId}:${d.item.lat}:${d.item.lng}`;

export class PulseRings {
  readonly #group: L.LayerGroup;
  readonly #rings = new Map<string, Ring>();

  constructor(private readonly map: L.Map) {
    if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '449';
    this.#group = L.layerGroup().addTo(map);
  }

  /** Rings for the critical items just drawn (the first RINGS_MAX of them). */
  sync(drawn: DrawnAt[]): void {
    const want = new Map<string, DrawnAt>();
    for (const d of drawn) {
      if (want.size >= RINGS_MAX) break;
      if (d.item.look === 'critical') want.set(keyOf(d), d);
    }
    for (const [key, ring] of this.#rings) {
      const d = want.get(key);
      if (d && d.item.lat === ring.lat && d.item.lng === ring.lng) continue;
      ring.marker.remove();
      this.#rings.delete(key);
    }
    for (const [key, d] of want) {
      if (this.#rings.has(key)) continue;
      const size = Math.round(d.r * 2 + 6);
      const icon = L.divIcon({
        className: 'device-ring-marker',
        html: '<span class="device-ring" data-testid="critical-ring"></span>',
        iconSize: [size, size],
      });
      const marker = L.marker([d.item.lat, d.item.lng], {
        icon,
        pane: PANE,
        interactive: false,
        keyboard: false,
      }).addTo(this.#group);
      const el = marker.getElement();
      if (el && d.item.kind === 'device') el.dataset.deviceId = d.item.id;
      this.#rings.set(key, { marker, lat: d.item.lat, lng: d.item.lng });
    }
  }

  destroy(): void {
    this.#group.remove();
    this.#rings.clear();
  }
}
