// One van on the dispatcher's map as a Leaflet marker: an arrow in the status colour turned by the
// heading, with the name label inside the marker's own element (no tooltip to re-measure). Each
// write happens only when its value changes: a page of moving vans writes little per frame.
import L from 'leaflet';
import type { VanDto } from '../api/types';
import { VAN_COLOR } from '../theme';
import { estimateLabelWidth } from './declutter';
import type { Pose } from './glide';

export interface VanMarker {
  marker: L.Marker;
  el: HTMLElement;
  arrow: HTMLElement;
  label: HTMLElement;
  van: VanDto;
  heading: number | undefined;
  /** The whole-pixel position last written (Leaflet positions markers on whole pixels). */
  px: number;
  py: number;
  /** Out of view markers are display:none: no paint, no compositing layer. */
  inView: boolean;
  labelText: string;
  labelWidth: number;
  labelShown: boolean;
}

/** The van's arrow in a disc (the disc takes `color`); shared with the technician's map. */
export const VAN_ARROW_SVG =
  '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">' +
  '<circle cx="12" cy="12" r="10.5" fill="currentColor" stroke="#fff" stroke-width="2"/>' +
  '<path d="M12 4.5 L17 16 L12 13.2 L7 16 Z" fill="#fff"/></svg>';

const ICON = L.divIcon({
  className: 'van-marker van-label-hidden',
  html: `<div class="van-arrow">${VAN_ARROW_SVG}</div><span class="van-name"></span>`,
  iconSize: [26, 26],
});

/** A new marker in `group`, with `card` as its hover/tap tooltip (built each time it opens). */
export function createVanMarker(
  v: VanDto,
  at: L.LatLngExpression,
  group: L.LayerGroup,
  card: () => HTMLElement,
): VanMarker {
  const marker = L.marker(at, { icon: ICON, keyboard: false, zIndexOffset: 1000 })
    .bindTooltip(card, { direction: 'top', offset: [0, -14], className: 'van-card' })
    .addTo(group);
  const el = marker.getElement()!;
  el.setAttribute('data-van-id', v.id);
  return {
    marker,
    el,
    arrow: el.querySelector<HTMLElement>('.van-arrow')!,
    label: el.querySelector<HTMLElement>('.van-name')!,
    van: v,
    heading: undefined,
    px: NaN,
    py: NaN,
    inView: true,
    labelText: '',
    labelWidth: 0,
    labelShown: false,
  };
}

/** Status colour, label text and the data attributes: written only when they change. */
export function restyle(m: VanMarker, v: VanDto): void {
  if (m.van.status !== v.status || !m.el.dataset.status) {
    m.arrow.style.color = VAN_COLOR[v.status];
    m.el.dataset.status = v.status;
  }
  if (m.labelText !== v.name) {
    m.label.textContent = v.name;
    m.labelText = v.name;
    m.labelWidth = estimateLabelWidth(v.name);
  }
  m.van = v;
}

export function turn(m: VanMarker, heading: number): void {
  const h = Math.round(heading);
  if (m.heading === h) return;
  m.heading = h;
  m.arrow.style.transform = `rotate(${h}deg)`;
}

/** Moves a marker only when it lands on another pixel: at city zoom a van crosses a pixel or
 *  two a second, so most frames write nothing and the compositor has nothing to redo. Markers
 *  out of `view` are hidden instead (a page of 200 moving layers costs even where none is seen). */
export function place(m: VanMarker, map: L.Map, view: L.LatLngBounds, pose: Pose): void {
  const inView = view.contains([pose.lat, pose.lng]);
  if (inView !== m.inView) {
    m.inView = inView;
    m.el.style.display = inView ? '' : 'none';
  }
  if (!inView) return;
  const p = map.latLngToLayerPoint([pose.lat, pose.lng]);
  if (p.x !== m.px || p.y !== m.py) {
    m.px = p.x;
    m.py = p.y;
    m.marker.setLatLng([pose.lat, pose.lng]);
  }
  turn(m, pose.heading);
}

/** Shows or hides the name label (a class on the marker); touches the element only on a flip. */
export function showLabel(m: VanMarker, show: boolean): void {
  if (show === m.labelShown) return;
  m.labelShown = show;
  m.el.classList.toggle('van-label-hidden', !show);
}
