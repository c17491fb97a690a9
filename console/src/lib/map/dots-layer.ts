// All device dots and clusters on ONE canvas, drawn directly: no Leaflet layer object per device,
// no DOM element per cluster. On moveend the visible items are re-queried (the caller's index) and
// redrawn in one pass — dots batched by colour, worst colour on top, then clusters with their count.
// Between moveends the canvas rides along with the map pane like Leaflet's own canvas renderer
// (scaled during zoom animations). Clicks and hover are hit-tested against what was drawn.
import L from 'leaflet';
import type { Drawn } from './device-index';
import type { Health } from '../state/health';

export interface DotsOptions {
  pane: string;
  /** What to draw in a view: [west, south, east, north] in map coordinates, and the zoom. */
  query: (bbox: [number, number, number, number], zoom: number) => Drawn[];
  colors: Record<Health, string>;
  onclick: (item: Drawn) => void;
  /** Hover text (the canvas title), if any. */
  title?: (item: Drawn) => string | undefined;
}

/** Extra area drawn around the view, as a share of its size, so short pans show no empty edge. */
const PAD = 0.15;
const DOT_R = 6;
const DRAW_ORDER: Health[] = ['ok', 'warning', 'offline', 'alarm'];

export function clusterDiameter(count: number): number {
  return Math.round(22 + Math.min(18, Math.log2(Math.max(1, count)) * 4));
}

interface Placed {
  item: Drawn;
  x: number;
  y: number;
  r: number;
}

export class DotsLayer extends L.Layer {
  readonly #opts: DotsOptions;
  #canvas: HTMLCanvasElement | undefined;
  #ctx: CanvasRenderingContext2D | null = null;
  #placed: Placed[] = [];
  #origin = L.point(0, 0);
  #center = L.latLng(0, 0);
  #zoom = 0;
  #hovered: Drawn | undefined;

  constructor(opts: DotsOptions) {
    super();
    // L.Layer has no initialize(): options passed to its constructor are dropped, and the canvas
    // would land in the overlayPane, under the compound outlines' fill.
    L.setOptions(this, { pane: opts.pane });
    this.#opts = opts;
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'leaflet-zoom-animated device-dots');
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.getPane()?.appendChild(canvas);
    canvas.addEventListener('mousemove', this.#onMove);
    canvas.addEventListener('mouseleave', this.#onLeave);
    map.on('click', this.#onClick);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('click', this.#onClick);
    this.#canvas?.removeEventListener('mousemove', this.#onMove);
    this.#canvas?.removeEventListener('mouseleave', this.#onLeave);
    this.#canvas?.remove();
    this.#canvas = undefined;
    this.#ctx = null;
    this.#placed = [];
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      moveend: () => this.redraw(),
      viewreset: () => this.redraw(),
      zoom: () => this.#transform(this._map.getCenter(), this._map.getZoom()),
      zoomanim: (e) => {
        const z = e as L.ZoomAnimEvent;
        this.#transform(z.center, z.zoom);
      },
    };
  }

  /** Re-query and redraw the view (after moveend, or when the data changed). */
  redraw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.#canvas;
    const ctx = this.#ctx;
    if (!map || !canvas || !ctx) return;
    // During a zoom animation the canvas is scaled; moveend at its end redraws.
    if ((map as unknown as { _animatingZoom?: boolean })._animatingZoom) return;
    const size = map.getSize();
    const min = map.containerPointToLayerPoint(size.multiplyBy(-PAD)).round();
    const span = size.multiplyBy(1 + 2 * PAD).round();
    this.#origin = min;
    this.#center = map.getCenter();
    this.#zoom = map.getZoom();
    const dpr = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, min);
    canvas.width = Math.round(span.x * dpr);
    canvas.height = Math.round(span.y * dpr);
    canvas.style.width = `${span.x}px`;
    canvas.style.height = `${span.y}px`;
    ctx.setTransform(dpr, 0, 0, dpr, -min.x * dpr, -min.y * dpr);

    const sw = map.layerPointToLatLng(L.point(min.x, min.y + span.y));
    const ne = map.layerPointToLatLng(L.point(min.x + span.x, min.y));
    const items = this.#opts.query([sw.lng, sw.lat, ne.lng, ne.lat], this.#zoom);
    const dots: Placed[] = [];
    const clusters: Placed[] = [];
    for (const item of items) {
      const p = map.latLngToLayerPoint([item.lat, item.lng]);
      if (item.kind === 'device') dots.push({ item, x: p.x, y: p.y, r: DOT_R + 1 });
      else clusters.push({ item, x: p.x, y: p.y, r: clusterDiameter(item.count) / 2 + 1 });
    }
    this.#drawDots(ctx, dots);
    this.#drawClusters(ctx, clusters);
    // Hit-test order: topmost first (clusters, then alarm dots ... ok dots).
    this.#placed = [...clusters.reverse(), ...sortByDrawOrder(dots).reverse()];
  }

  #drawDots(ctx: CanvasRenderingContext2D, dots: Placed[]): void {
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.globalAlpha = 0.95;
    for (const health of DRAW_ORDER) {
      ctx.beginPath();
      let any = false;
      for (const d of dots) {
        if (d.item.health !== health) continue;
        ctx.moveTo(d.x + DOT_R, d.y);
        ctx.arc(d.x, d.y, DOT_R, 0, Math.PI * 2);
        any = true;
      }
      if (!any) continue;
      ctx.fillStyle = this.#opts.colors[health];
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.stroke();
      ctx.globalAlpha = 0.95;
    }
    ctx.globalAlpha = 1;
  }

  #drawClusters(ctx: CanvasRenderingContext2D, clusters: Placed[]): void {
    ctx.font = '700 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const c of clusters) {
      if (c.item.kind !== 'cluster') continue;
      const r = clusterDiameter(c.item.count) / 2;
      // A soft shadow without shadowBlur (which is slow): a translucent disc a pixel lower.
      ctx.globalAlpha = 0.18;
      ctx.fillStyle = '#000000';
      ctx.beginPath();
      ctx.arc(c.x, c.y + 1.5, r + 1.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.globalAlpha = 0.92;
      ctx.fillStyle = this.#opts.colors[c.item.health];
      ctx.beginPath();
      ctx.arc(c.x, c.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      ctx.fillStyle = '#ffffff';
      ctx.fillText(String(c.item.count), c.x, c.y + 0.5);
    }
  }

  /** The same transform Leaflet's renderers use while the map zooms (canvas scaled about the view). */
  #transform(center: L.LatLng, zoom: number): void {
    const map = this._map as L.Map | undefined;
    if (!map || !this.#canvas) return;
    const scale = map.getZoomScale(zoom, this.#zoom);
    const viewHalf = map.getSize().multiplyBy(0.5 + PAD);
    const centerPoint = map.project(this.#center, zoom);
    const mapPanePos = L.DomUtil.getPosition(map.getPane('mapPane')!);
    const newOrigin = map.project(center, zoom).subtract(map.getSize().divideBy(2)).add(mapPanePos).round();
    const offset = viewHalf.multiplyBy(-scale).add(centerPoint).subtract(newOrigin);
    L.DomUtil.setTransform(this.#canvas, offset, scale);
  }

  /** The topmost drawn item under a layer point. */
  hit(p: L.Point): Drawn | undefined {
    for (const d of this.#placed) {
      const dx = d.x - p.x;
      const dy = d.y - p.y;
      if (dx * dx + dy * dy <= d.r * d.r) return d.item;
    }
    return undefined;
  }

  readonly #onClick = (e: L.LeafletMouseEvent): void => {
    // Only clicks that landed on this canvas (not on a marker above it, not while it lets clicks
    // through, e.g. while a point is picked), and not the end of a drag.
    const drag = this._map.dragging as unknown as { moved(): boolean } | undefined;
    if (e.originalEvent.target !== this.#canvas || drag?.moved()) return;
    const item = this.hit(e.layerPoint);
    if (item) this.#opts.onclick(item);
  };

  readonly #onMove = (e: MouseEvent): void => {
    const map = this._map as L.Map | undefined;
    if (!map || !this.#canvas) return;
    const item = this.hit(map.mouseEventToLayerPoint(e));
    if (item === this.#hovered) return;
    this.#hovered = item;
    this.#canvas.style.cursor = item ? 'pointer' : '';
    const title = item ? this.#opts.title?.(item) : undefined;
    if (title) this.#canvas.title = title;
    else this.#canvas.removeAttribute('title');
  };

  readonly #onLeave = (): void => {
    this.#hovered = undefined;
    if (!this.#canvas) return;
    this.#canvas.style.cursor = '';
    this.#canvas.removeAttribute('title');
  };

  /** For tests and tools: how many dots and clusters the last redraw drew. */
  get drawn(): { dots: number; clusters: number } {
    let clusters = 0;
    for (const p of this.#placed) if (p.item.kind === 'cluster') clusters++;
    return { dots: this.#placed.length - clusters, clusters };
  }
}

function sortByDrawOrder(dots: Placed[]): Placed[] {
  const rank = (h: Health) => DRAW_ORDER.indexOf(h);
  return [...dots].sort((a, b) => rank(a.item.health) - rank(b.item.health));
}
