// The markers of the technician's map: their van (the dispatcher map's arrow, with a permanent
// name label) and the ticket's pin in its priority colour. Labels are data (a van's name, an
// address typed at the hotline): set as text, never as HTML.
import L from 'leaflet';
import type { Priority } from '../api/types';
import type { LatLng } from './coords';
import { VAN_ARROW_SVG } from './van-marker';

const VAN_ICON = L.divIcon({
  className: 'van-marker',
  html: `<div class="van-arrow" data-testid="tech-map-van">${VAN_ARROW_SVG}</div>`,
  iconSize: [26, 26],
});

const PIN_SVG =
  '<svg viewBox="0 0 24 32" width="24" height="32" aria-hidden="true">' +
  '<path d="M12 1C6 1 1.5 5.5 1.5 11.2 1.5 18.8 12 31 12 31s10.5-12.2 10.5-19.8C22.5 5.5 18 1 12 1z" ' +
  'fill="currentColor" stroke="#fff" stroke-width="2"/><circle cx="12" cy="11.5" r="4" fill="#fff"/></svg>';

const pinIcon = (p: Priority) =>
  L.divIcon({
    className: 'tech-target-marker',
    html: `<div class="tech-target-pin prio-${p}" data-testid="tech-map-ticket">${PIN_SVG}</div>`,
    iconSize: [24, 32],
    iconAnchor: [12, 31],
    tooltipAnchor: [12, -18],
  });

export function vanMarker(): L.Marker {
  return L.marker([0, 0], { icon: VAN_ICON, keyboard: false, zIndexOffset: 1000 }).bindTooltip('', {
    permanent: true,
    direction: 'right',
    offset: [14, 0],
    className: 'van-label',
  });
}

export function targetMarker(priority: Priority): L.Marker {
  return L.marker([0, 0], { icon: pinIcon(priority), keyboard: false }).bindTooltip('', {
    direction: 'top',
    className: 'van-label',
  });
}

/** A label as a text node's element. */
export function labelText(label: string): HTMLElement {
  const el = document.createElement('span');
  el.textContent = label;
  return el;
}

/** The marker moved to `at` (made and added to `group` if new), or removed when there is no `at`. */
export function placeMarker(
  marker: L.Marker | undefined,
  at: LatLng | undefined,
  group: L.LayerGroup,
  make: () => L.Marker,
): L.Marker | undefined {
  if (!at) {
    marker?.remove();
    return undefined;
  }
  if (!marker) return make().setLatLng(at).addTo(group);
  marker.setLatLng(at);
  return marker;
}
