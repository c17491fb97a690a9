// Fitting the map to one or two points once it is still. CompoundsLayer's first fit starts an
// animated zoom on the next frame, and a view set before or during it would be overridden (or
// leave the vector layers drawn off their markers). So: fit on the next frame, or when that zoom
// has ended; a newer request replaces a waiting one.
import L from 'leaflet';
import type { LatLng } from './coords';

export interface FitOptions {
  padding: L.PointExpression;
  maxZoom: number;
  /** One point only: at least this zoom, centred on it. */
  pointZoom: number;
}

export class StillFit {
  #zooming = false;
  #pending: LatLng[] | undefined;
  #frame = 0;

  constructor(
    private readonly map: L.Map,
    private readonly opts: FitOptions,
  ) {
    map.on('zoomanim', this.#onZoomAnim);
    map.on('zoomend', this.#onZoomEnd);
  }

  /** Fits these points (two: both in view; one: centred) as soon as the map is still. */
  request(points: LatLng[]): void {
    this.#pending = points;
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(this.#flush);
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.map.off('zoomanim', this.#onZoomAnim);
    this.map.off('zoomend', this.#onZoomEnd);
  }

  readonly #onZoomAnim = (): void => {
    this.#zooming = true;
  };

  readonly #onZoomEnd = (): void => {
    this.#zooming = false;
    this.#flush();
  };

  readonly #flush = (): void => {
    if (this.#zooming || !this.#pending) return;
    const points = this.#pending;
    this.#pending = undefined;
    const { padding, maxZoom, pointZoom } = this.opts;
    if (points.length === 2) this.map.fitBounds(L.latLngBounds(points), { padding, maxZoom, animate: false });
    else if (points[0])
      this.map.setView(points[0], Math.max(this.map.getZoom(), pointZoom), { animate: false });
  };
}
