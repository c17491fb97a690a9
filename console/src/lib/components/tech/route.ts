// Where the technician's van is, where the ticket is, and how far apart: the straight-line
// (great-circle) distance and a rough driving time at an urban speed. Pure: no I/O, no clock.
import { etaSeconds, haversineM } from '../../../../../server/src/pipeline/geo';
import type { CompoundDto, TicketDto, VanDto } from '../../api/types';

/** The average speed in town the ETA assumes (traffic, lights, lanes): an estimate, said so. */
export const URBAN_SPEED_KMH = 25;

export interface Point {
  lat: number;
  lng: number;
}

/** A ticket's place: its own point, else the centre of its compound (where dispatch measures to). */
export interface TicketPlace extends Point {
  from: 'ticket' | 'compound';
}

/**
 * The centre of a compound's outline: the mean of its outer ring's corners (the closing corner
 * counted once), the same point the server dispatches to for a ticket that names only a compound.
 */
export function compoundCentre(c: Pick<CompoundDto, 'outline'>): Point | undefined {
  const ring = c.outline.coordinates[0] ?? [];
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1];
  const corners = closed ? ring.slice(0, -1) : ring;
  if (corners.length === 0) return undefined;
  let lat = 0;
  let lng = 0;
  for (const [x, y] of corners) {
    lng += x;
    lat += y;
  }
  return { lat: lat / corners.length, lng: lng / corners.length };
}

export function ticketPlace(
  t: Pick<TicketDto, 'lat' | 'lng' | 'compoundId'>,
  compound: (id: string) => Pick<CompoundDto, 'outline'> | undefined,
): TicketPlace | undefined {
  if (t.lat !== undefined && t.lng !== undefined) return { lat: t.lat, lng: t.lng, from: 'ticket' };
  const c = t.compoundId === undefined ? undefined : compound(t.compoundId);
  const centre = c && compoundCentre(c);
  return centre && { ...centre, from: 'compound' };
}

/** The van's last known point, if it has reported one. */
export function vanPoint(v: Pick<VanDto, 'lat' | 'lng'> | undefined): Point | undefined {
  return v?.lat !== undefined && v.lng !== undefined ? { lat: v.lat, lng: v.lng } : undefined;
}

export interface Leg {
  /** Great-circle distance, meters. */
  meters: number;
  /** Driving time at URBAN_SPEED_KMH, seconds (an estimate: the road is longer than the line). */
  seconds: number;
}

export function leg(from: Point, to: Point, speedKmh = URBAN_SPEED_KMH): Leg {
  const meters = haversineM(from.lat, from.lng, to.lat, to.lng);
  return { meters, seconds: etaSeconds(meters, speedKmh) };
}

/** A distance as people say it: metres rounded to 10 under a kilometre, else km with one decimal. */
export type DistanceParts = { unit: 'm'; value: number } | { unit: 'km'; value: number };

export function distanceParts(meters: number): DistanceParts {
  if (meters < 995) return { unit: 'm', value: Math.round(meters / 10) * 10 };
  return { unit: 'km', value: Math.round(meters / 100) / 10 };
}

/** A driving time in whole minutes (at least 1 when there is any way to go), as hours + minutes past an hour. */
export type EtaParts = { unit: 'min'; minutes: number } | { unit: 'h'; hours: number; minutes: number };

export function etaParts(seconds: number): EtaParts | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const minutes = seconds === 0 ? 0 : Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return { unit: 'min', minutes };
  return { unit: 'h', hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** A `geo:` URI (RFC 5870, WGS-84) that a phone hands to its map app, with a label for the pin. */
export function geoUri(p: Point, label?: string): string {
  const at = `${round6(p.lat)},${round6(p.lng)}`;
  const q = label ? `${at}(${encodeURIComponent(label)})` : at;
  return `geo:${at}?q=${q}`;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
