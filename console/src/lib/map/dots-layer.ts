// All device dots and clusters on ONE canvas, drawn directly: no Leaflet layer object per device,
// no DOM element per cluster. On moveend the visible items are re-queried (the caller's index) and
// redrawn in one pass — dots batched by look (device-look.ts), worst on top, then clusters with their
// count in the colour of their worst device.
// Between moveends the canvas rides along with the map pane like Leaflet's own canvas renderer
// (scaled during zoom animations). Clicks and hover are hit-tested against what was drawn.
import L from 'leaflet';
import type { Drawn } from './device-index';
import { clusterFill, LOOK_STYLE, LOOKS, lookRank, trianglePoints, type Look } from './device-look';

export interface DotsOptions {
  pane: string;
  /** What to draw in a view: [west, south, east, north] in map coordinates, and the zoom. */
  query: (bbox: [number, number, number, number], zoom: number) => Drawn[];
  onclick: (item: Drawn) => void;
  /** Hover text (the canvas title), if any. */
  title?: (item: Drawn) => string | undefined;
  /** After each redraw: what was drawn, with container pixel positions (e.g. the pulsing rings). */
  ondraw?: (drawn: DrawnAt[]) => void;
}

export interface DrawnAt {
  item: Drawn;
  /** Container pixels. */
  x: number;
  y: number;
  r: number;
}

/** At most this many non-ok dots (and clusters) are listed in the canvas's data-marks (data-clusters). */
const MARKS_MAX = 300;

/** Extra area drawn around the view, as a share of its size, so short pans show no empty edge. */
const PAD = 0.15;
/** Hit radius of a dot beyond its drawn size, so small ones are still easy to click. */
const HIT_SLACK = 3;

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
      const r = item.kind === 'device' ? LOOK_STYLE[item.look].r : clusterDiameter(item.count) / 2;
      const placed = { item, x: p.x, y: p.y, r: r + (item.kind === 'device' ? HIT_SLACK : 1) };
      if (item.kind === 'device') dots.push(placed);
      else clusters.push(placed);
    }
    this.#drawDots(ctx, dots);
    this.#drawClusters(ctx, clusters);
    // Hit-test order: topmost first (clusters, then critical dots ... ok dots).
    this.#placed = [...clusters.reverse(), ...sortByDrawOrder(dots).reverse()];
    this.#expose(map, [...dots, ...clusters]);
  }

  /** What was drawn, for tests and tools (counts per look, the non-ok dots) and for `ondraw`. */
  #expose(map: L.Map, placed: Placed[]): void {
    const at: DrawnAt[] = placed.map((d) => {
      const c = map.layerPointToContainerPoint(L.point(d.x, d.y));
      return { item: d.item, x: c.x, y: c.y, r: d.r };
    });
    const counts = new Map<Look, number>();
    const marks: { id: string; look: Look; x: number; y: number }[] = [];
    const clusters: { look: Look; count: number }[] = [];
    for (const d of at) {
      if (d.item.kind === 'cluster') {
        if (clusters.length < MARKS_MAX) clusters.push({ look: d.item.look, count: d.item.count });
        continue;
      }
      counts.set(d.item.look, (counts.get(d.item.look) ?? 0) + 1);
      if (d.item.look !== 'ok' && marks.length < MARKS_MAX)
        marks.push({ id: d.item.id, look: d.item.look, x: Math.round(d.x), y: Math.round(d.y) });
    }
    if (this.#canvas) {
      this.#canvas.dataset.looks = LOOKS.map((l) => `${l}:${counts.get(l) ?? 0}`).join(' ');
      this.#canvas.dataset.marks = JSON.stringify(marks);
      this.#canvas.dataset.clusters = JSON.stringify(clusters);
    }
    this.#opts.ondraw?.(at);
  }

  #drawDots(ctx: CanvasRenderingContext2D, dots: Placed[]): void {
    for (const look of LOOKS) {
      const s = LOOK_STYLE[look];
      ctx.beginPath();
      let any = false;
      for (const d of dots) {
        if (d.item.look !== look) continue;
        traceShape(ctx, s.shape, d.x, d.y, s.r);
        any = true;
      }
      if (!any) continue;
      ctx.fillStyle = s.fill;
      ctx.fill();
      ctx.lineWidth = s.strokeWidth;
      ctx.lineJoin = 'round';
      ctx.strokeStyle = s.stroke;
      ctx.stroke();
    }
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
      const s = LOOK_STYLE[c.item.look];
      ctx.globalAlpha = 0.94;
      ctx.fillStyle = clusterFill(c.item.look);
      ctx.beginPath();
      ctx.arc(c.x, c.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.globalAlpha = 1;
      // The worst look's edge: a thick dark one for critical, white for the calm ones.
      const dark = c.item.look === 'critical' || c.item.look === 'major' || c.item.look === 'warning';
      ctx.lineWidth = c.item.look === 'critical' ? 3 : 2;
      ctx.strokeStyle = dark ? s.stroke : '#ffffff';
      ctx.stroke();
      ctx.fillStyle = s.text;
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
  return [...dots].sort((a, b) => lookRank(a.item.look) - lookRank(b.item.look));
}

/** Adds one shape to the current path (the same geometry as shapePath, for the legend). */
function traceShape(ctx: CanvasRenderingContext2D, shape: string, x: number, y: number, r: number): void {
  if (shape === 'diamond') {
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
  } else if (shape === 'triangle') {
    const [a, b, c] = trianglePoints(x, y, r);
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.lineTo(c[0], c[1]);
    ctx.closePath();
  } else {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}
