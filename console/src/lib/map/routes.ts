// Which ticket each van is on its way to, and where that ticket is: the data of the route lines
// (van → ticket) and of the van hover card. Pure.
import type { CompoundDto, DeviceDto, TicketDto } from '../api/types';

/** A van drives to its ticket from dispatch until it is on site. */
export const ROUTE_STATUSES: ReadonlySet<TicketDto['status']> = new Set([
  'dispatched',
  'accepted',
  'en_route',
]);

/** van id → the ticket it is heading for (the latest dispatched, should there be more than one). */
export function vanAssignments(tickets: Iterable<TicketDto>): Map<string, TicketDto> {
  const out = new Map<string, TicketDto>();
  for (const t of tickets) {
    if (!t.vanId || !ROUTE_STATUSES.has(t.status)) continue;
    const known = out.get(t.vanId);
    if (!known || (known.dispatchedAt ?? known.updatedAt) < (t.dispatchedAt ?? t.updatedAt))
      out.set(t.vanId, t);
  }
  return out;
}

/** Centroid of a GeoJSON ring ([lng, lat] positions), area-weighted; the vertex mean if degenerate. */
export function ringCentroid(
  ring: readonly (readonly [number, number])[],
): { lat: number; lng: number } | undefined {
  if (ring.length === 0) return undefined;
  const [lng0, lat0] = ring[0]!;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = [ring[i]![0] - lng0, ring[i]![1] - lat0];
    const [x2, y2] = [ring[i + 1]![0] - lng0, ring[i + 1]![1] - lat0];
    const cross = x1 * y2 - x2 * y1;
    area += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (Math.abs(area) < 1e-14) {
    const n = ring.length;
    return { lat: ring.reduce((s, p) => s + p[1], 0) / n, lng: ring.reduce((s, p) => s + p[0], 0) / n };
  }
  return { lat: lat0 + cy / (3 * area), lng: lng0 + cx / (3 * area) };
}

/** Where a ticket is (WGS-84): its own position, else its compound's centroid, else its device's. */
export function ticketTarget(
  t: TicketDto,
  compounds: ReadonlyMap<string, CompoundDto>,
  devices?: ReadonlyMap<string, DeviceDto>,
): { lat: number; lng: number } | undefined {
  if (t.lat !== undefined && t.lng !== undefined) return { lat: t.lat, lng: t.lng };
  const ring = t.compoundId ? compounds.get(t.compoundId)?.outline.coordinates[0] : undefined;
  if (ring) return ringCentroid(ring);
  const d = t.deviceId ? devices?.get(t.deviceId) : undefined;
  if (d?.lat !== undefined && d.lng !== undefined) return { lat: d.lat, lng: d.lng };
  return undefined;
}
