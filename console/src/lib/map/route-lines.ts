// The dispatcher map's route lines as one object: a line from each van to the ticket it is heading
// for, along the roads once its route is known (VanRoutes; a straight line until then, or when
// there is no road route), in the ticket's priority colour, drawn as SVG paths in their own pane
// between the devices and the vans; the selected van's route stands out. The van end follows the
// van as it glides (VanMotion frames) and the part behind it is dropped; redrawn only when it
// moved a few pixels, only if the line crosses the view, and at most every ROUTE_MS.
import L from 'leaflet';
import type { CompoundDto, DeviceDto, TicketDto } from '../api/types';
import type { Projector } from './coords';
import { routeAhead } from './route-plan';
import { ticketTarget } from './routes';
import type { VanMotion } from './van-motion';
import type { VanRoute } from './van-routes.svelte';

const PANE = 'routes';
/** Each redraw repaints the line's whole box (for a line across the screen, most of it): batched. */
export const ROUTE_MS = 500;
export const ROUTE_MIN_PX = 3;
/** The part of the map, beyond the view on each side, where lines are kept up to date. */
const VIEW_PAD = 0.1;

interface Route {
  line: L.Polyline;
  ticketId: string;
  priority: string;
  target: L.LatLng;
  /** The road route as drawn (projected [lat, lng]), or undefined: the straight line. */
  path: [number, number][] | undefined;
  /** The VanRoute it was taken from (to tell a new one). */
  source: VanRoute | undefined;
  selected: boolean;
  /** The van end's whole-pixel position last drawn, and at which zoom. */
  px: number;
  py: number;
  zoom: number;
}

export interface RouteInputs {
  /** van id → its ticket (vanAssignments). */
  assignments: ReadonlyMap<string, TicketDto>;
  compounds: ReadonlyMap<string, CompoundDto>;
  /** The device fallback for a ticket's place: read when needed, not followed. */
  devices: () => ReadonlyMap<string, DeviceDto> | undefined;
  /** van id → its road route (VanRoutes.routes); absent: straight line. */
  routes?: ReadonlyMap<string, VanRoute>;
  /** The van whose route stands out (the selected ticket's). */
  selectedVan?: string | undefined;
}

export class RouteLines {
  readonly #style: L.PolylineOptions;
  readonly #routes = new Map<string, Route>();
  /** Assigned vans not drawn yet (no position known); retried when they move. */
  readonly #waiting = new Set<string>();
  readonly #dirty = new Set<string>();
  #inputs: RouteInputs | undefined;
  #lastDraw = 0;
  #view: L.LatLngBounds;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly map: L.Map,
    private readonly project: Projector,
    private readonly motion: VanMotion,
  ) {
    if (!map.getPane(PANE)) {
      const pane = map.createPane(PANE);
      pane.style.zIndex = '470';
      // Its own compositing layer: route redraws repaint only the routes, and nothing else moving
      // on the map makes the (many) lines be rasterised again.
      pane.style.willChange = 'transform';
    }
    const renderer = L.svg({ pane: PANE, padding: 0.1 });
    // Solid, not dashed: with software raster (no GPU) a redraw of 200 dashed lines at street level
    // took ~250 ms and halved the frame rate; solid ones cost a fraction (docs/benchmarks.md).
    this.#style = { weight: 2.5, opacity: 0.8, interactive: false, renderer };
    this.#view = map.getBounds().pad(VIEW_PAD);
    this.#unsubscribe = motion.onFrame((moved) => this.#onFrame(moved));
    map.on('moveend', this.#redrawAll);
  }

  /** New assignments or compounds: lines added, re-targeted, re-coloured or removed. */
  update(inputs: RouteInputs): void {
    this.#inputs = inputs;
    this.#reconcile();
  }

  destroy(): void {
    this.#unsubscribe();
    this.map.off('moveend', this.#redrawAll);
    for (const r of this.#routes.values()) r.line.remove();
    this.#routes.clear();
  }

  #vanEnd(vanId: string): L.LatLng | undefined {
    const p = this.motion.pose(vanId);
    return p ? L.latLng(p.lat, p.lng) : undefined;
  }

  #reconcile(): void {
    const inputs = this.#inputs;
    if (!inputs) return;
    this.#waiting.clear();
    const keep = new Set<string>();
    for (const [vanId, ticket] of inputs.assignments) {
      const where = ticketTarget(ticket, inputs.compounds, inputs.devices());
      if (!where) continue;
      const from = this.#vanEnd(vanId);
      if (!from) {
        this.#waiting.add(vanId);
        continue;
      }
      keep.add(vanId);
      const target = L.latLng(this.project(where.lat, where.lng));
      const route = inputs.routes?.get(vanId);
      const source = route?.ticketId === ticket.id ? route : undefined;
      const selected = inputs.selectedVan === vanId;
      let r = this.#routes.get(vanId);
      if (!r) {
        const line = L.polyline([from, target], this.#style).addTo(this.map);
        r = {
          line,
          ticketId: ticket.id,
          priority: ticket.priority,
          target,
          path: undefined,
          source: undefined,
          selected: false,
          px: NaN,
          py: NaN,
          zoom: NaN,
        };
        this.#routes.set(vanId, r);
      }
      let changed = r.line.getElement()?.getAttribute('data-van-id') !== vanId;
      if (r.ticketId !== ticket.id || r.priority !== ticket.priority || r.selected !== selected) {
        [r.ticketId, r.priority, r.selected] = [ticket.id, ticket.priority, selected];
        r.line.setStyle(selected ? { weight: 5, opacity: 1 } : { weight: 2.5, opacity: 0.8 });
        if (selected) r.line.bringToFront();
        changed = true;
      }
      if (r.source !== source) {
        r.source = source;
        r.path = source?.kind === 'road' ? source.line.map(([la, ln]) => this.project(la, ln)) : undefined;
        changed = true;
      }
      if (changed || !r.target.equals(target)) {
        r.target = target;
        r.zoom = NaN; // drawn again below
        mark(r, vanId);
        this.#drawLine(vanId, r, this.map.getZoom(), true);
      }
    }
    for (const [vanId, r] of this.#routes) {
      if (keep.has(vanId)) continue;
      r.line.remove();
      this.#routes.delete(vanId);
    }
  }

  #onFrame(moved: ReadonlySet<string>): void {
    let retry = false;
    for (const vanId of moved) {
      if (this.#routes.has(vanId)) this.#dirty.add(vanId);
      else retry ||= this.#waiting.has(vanId);
    }
    if (retry) this.#reconcile();
    const now = performance.now();
    if (now - this.#lastDraw < ROUTE_MS || this.#dirty.size === 0) return;
    this.#lastDraw = now;
    const zoom = this.map.getZoom();
    for (const vanId of this.#dirty) {
      const r = this.#routes.get(vanId);
      if (r) this.#drawLine(vanId, r, zoom);
    }
    this.#dirty.clear();
  }

  readonly #redrawAll = (): void => {
    this.#view = this.map.getBounds().pad(VIEW_PAD);
    const zoom = this.map.getZoom();
    for (const [vanId, r] of this.#routes) this.#drawLine(vanId, r, zoom);
    this.#dirty.clear();
  };

  #drawLine(vanId: string, r: Route, zoom: number, force = false): void {
    const from = this.#vanEnd(vanId);
    if (!from) return;
    const p = this.map.latLngToLayerPoint(from);
    if (zoom === r.zoom && Math.abs(p.x - r.px) < ROUTE_MIN_PX && Math.abs(p.y - r.py) < ROUTE_MIN_PX) return;
    const latlngs: L.LatLngExpression[] = r.path ? routeAhead(r.path, from) : [from, r.target];
    if (!force && !this.#view.intersects(L.latLngBounds(latlngs))) return;
    [r.px, r.py, r.zoom] = [p.x, p.y, zoom];
    r.line.setLatLngs(latlngs);
  }
}

/** The line's test ids and priority class, on its SVG path. */
function mark(r: Route, vanId: string): void {
  const el = r.line.getElement();
  if (!el) return;
  el.setAttribute('data-testid', 'van-route');
  el.setAttribute('data-van-id', vanId);
  el.setAttribute('data-ticket-id', r.ticketId);
  el.setAttribute('data-priority', r.priority);
  el.setAttribute('data-kind', r.path ? 'road' : 'straight');
  el.setAttribute('data-points', String(r.path ? r.path.length : 2));
  el.setAttribute('data-selected', String(r.selected));
  el.setAttribute(
    'class',
    `van-route prio-${r.priority}${r.path ? ' road' : ' straight'}${r.selected ? ' selected' : ''}`,
  );
}
