// The "fit all / home" button: a Leaflet control under the zoom buttons, a real <button> (Tab
// reaches it, Enter and Space press it) with a tooltip and an aria-label.
import L from 'leaflet';

const HOME_SVG =
  '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" ' +
  'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">' +
  '<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/><circle cx="12" cy="12" r="2.5"/></svg>';

export class FitAllControl extends L.Control {
  #button: HTMLButtonElement | undefined;

  constructor(
    private readonly onfit: () => void,
    private label: string,
  ) {
    super({ position: 'topleft' });
  }

  override onAdd(): HTMLElement {
    const bar = L.DomUtil.create('div', 'leaflet-bar leaflet-control fit-all-control');
    const button = L.DomUtil.create('button', 'fit-all-button', bar);
    button.type = 'button';
    button.dataset.testid = 'map-fit-all';
    button.innerHTML = HOME_SVG;
    this.#button = button;
    this.setLabel(this.label);
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.disableScrollPropagation(bar);
    button.addEventListener('click', () => this.onfit());
    return bar;
  }

  /** The tooltip and accessible name (the language may change while the map is open). */
  setLabel(label: string): void {
    this.label = label;
    if (!this.#button) return;
    this.#button.title = label;
    this.#button.setAttribute('aria-label', label);
  }
}

/**
 * Padding for fitting the map's data: `edge` pixels on each side, and on the right clear of the
 * legend (MapLegend, `.map-legend`) when the map has one, so nothing is fitted under it.
 */
export function fitPadding(
  map: L.Map,
  edge: number,
): Pick<L.FitBoundsOptions, 'paddingTopLeft' | 'paddingBottomRight'> {
  const legend = map.getContainer().parentElement?.querySelector<HTMLElement>('.map-legend');
  const right = legend ? Math.max(edge, legend.offsetWidth + 20 + edge / 2) : edge;
  return { paddingTopLeft: [edge, edge], paddingBottomRight: [right, edge] };
}
