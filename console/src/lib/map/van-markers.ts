// The dispatcher map's van markers as one Leaflet layer group: markers follow the vans handed in
// (created, restyled, removed), glide with the shared frame loop (VanMotion; each step moves only
// the vans that moved, and only those in view), and show their name labels from LABELS_FROM_ZOOM
// on where they overlap no other label or van, re-placed at most every DECLUTTER_MS while moving.
import L from 'leaflet';
import type { VanDto } from '../api/types';
import type { Projector } from './coords';
import { declutter, type LabelCandidate } from './declutter';
import type { VanMotion } from './van-motion';
import { createVanMarker, place, restyle, showLabel, turn, type VanMarker } from './van-marker';

export const LABELS_FROM_ZOOM = 15;
/** While vans glide, labels are re-placed at most this often (they move a few pixels a second). */
export const DECLUTTER_MS = 500;
/** The part of the map, beyond the view on each side, where markers are kept up to date. */
const VIEW_PAD = 0.2;

export class VanMarkers {
  readonly #group: L.LayerGroup;
  readonly #markers = new Map<string, VanMarker>();
  #view: L.LatLngBounds;
  #unsubscribe: () => void;
  #declutterTimer: ReturnType<typeof setTimeout> | undefined;
  #lastDeclutter = 0;

  constructor(
    private readonly map: L.Map,
    private readonly project: Projector,
    private readonly motion: VanMotion,
    /** The hover/tap card of a van, built each time it opens. */
    private readonly card: (van: VanDto) => HTMLElement,
  ) {
    this.#group = L.layerGroup().addTo(map);
    this.#view = map.getBounds().pad(VIEW_PAD);
    // Each step: move the vans that moved.
    this.#unsubscribe = motion.onFrame((moved) => {
      for (const id of moved) {
        const m = this.#markers.get(id);
        const pose = motion.pose(id);
        if (m && pose) place(m, map, this.#view, pose);
      }
      this.#scheduleLabels();
    });
    map.on('moveend', this.#syncAll);
  }

  /** The vans now: markers for those with a position, new fixes handed to the motion. */
  update(vans: readonly VanDto[]): void {
    const seen = new Set<string>();
    for (const v of vans) {
      if (v.lat === undefined || v.lng === undefined) continue;
      seen.add(v.id);
      const [lat, lng] = this.project(v.lat, v.lng);
      let m = this.#markers.get(v.id);
      if (!m) {
        const id = v.id;
        m = createVanMarker(v, [lat, lng], this.#group, () => this.#cardOf(id));
        this.#markers.set(v.id, m);
        turn(m, v.heading ?? 0);
      }
      restyle(m, v);
      this.motion.fix(
        v.id,
        { lat, lng, heading: v.heading ?? m.heading ?? 0 },
        v.lastSeen ? Date.parse(v.lastSeen) : undefined,
      );
    }
    for (const [id, m] of this.#markers) {
      if (seen.has(id)) continue;
      m.marker.remove();
      this.#markers.delete(id);
      this.motion.remove(id);
    }
    this.#scheduleLabels();
  }

  destroy(): void {
    this.#unsubscribe();
    clearTimeout(this.#declutterTimer);
    this.map.off('moveend', this.#syncAll);
    for (const id of this.#markers.keys()) this.motion.remove(id);
    this.#group.remove();
  }

  #cardOf(id: string): HTMLElement {
    const m = this.#markers.get(id);
    return m ? this.card(m.van) : document.createElement('div');
  }

  readonly #syncAll = (): void => {
    this.#view = this.map.getBounds().pad(VIEW_PAD);
    for (const [id, m] of this.#markers) {
      const pose = this.motion.pose(id);
      if (!pose) continue;
      m.px = NaN; // pixel positions change with the zoom
      place(m, this.map, this.#view, pose);
    }
    this.#placeLabels();
  };

  #scheduleLabels(): void {
    if (this.#declutterTimer !== undefined) return;
    const wait = Math.max(0, this.#lastDeclutter + DECLUTTER_MS - Date.now());
    this.#declutterTimer = setTimeout(() => this.#placeLabels(), wait);
  }

  /** Shows the labels that fit (none below LABELS_FROM_ZOOM); touches only labels that flip. */
  #placeLabels(): void {
    clearTimeout(this.#declutterTimer);
    this.#declutterTimer = undefined;
    this.#lastDeclutter = Date.now();
    let shown = new Set<string>();
    if (this.map.getZoom() >= LABELS_FROM_ZOOM) {
      const size = this.map.getSize();
      const items: LabelCandidate[] = [];
      for (const [id, m] of this.#markers) {
        const pose = this.motion.pose(id);
        if (!pose || !m.inView) continue;
        const p = this.map.latLngToContainerPoint([pose.lat, pose.lng]);
        if (p.x < -50 || p.y < -50 || p.x > size.x + 50 || p.y > size.y + 50) continue;
        const priority = m.van.status === 'offline' ? 0 : m.van.status === 'idle' ? 1 : 2;
        items.push({ id, x: p.x, y: p.y, w: m.labelWidth, h: 18, priority });
      }
      shown = declutter(items);
    }
    for (const [id, m] of this.#markers) showLabel(m, shown.has(id));
  }
}
