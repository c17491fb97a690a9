// The road network as the rest of the server sees it (api.md v1.1 "Roads, routes and tracks"): routes
// and road travel times between points, avoiding the closures in force. Built from ROADS_FILE; without
// one there is no network and distances are straight lines, as before.
import type { LineString, Point } from 'geojson';

export interface LatLng {
  lat: number;
  lng: number;
}

export interface RoadRoute {
  distanceM: number;
  durationS: number;
  /** From the start point to the end point, [lng, lat], along the roads (off-road legs at both ends). */
  coordinates: [number, number][];
}

/** Where roads are not driven: within radiusM of a point or a line. */
export interface ClosureArea {
  id: string;
  geometry: Point | LineString;
  radiusM: number;
}

/** How long and how far by road. */
export interface RoadTravel {
  durationS: number;
  distanceM: number;
}

export interface RoadNetwork {
  readonly edgeCount: number;
  /** The road route between the points' nearest road positions; undefined when no road joins them. */
  route(from: LatLng, to: LatLng): RoadRoute | undefined;
  /** Road time, seconds, from each origin to `to` (one answer per origin; undefined: no road joins). */
  travelTimes(origins: readonly LatLng[], to: LatLng): (number | undefined)[];
  /** As travelTimes, with the road distance of each (the candidates list shows both). */
  travel?(origins: readonly LatLng[], to: LatLng): (RoadTravel | undefined)[];
  /**
   * The origin with the shortest road time to `to` (ties: the shorter straight line), searching only
   * as far as it must (the dispatch decision); undefined when no road joins any.
   */
  fastest?(origins: readonly LatLng[], to: LatLng): (RoadTravel & { index: number }) | undefined;
  /** Replaces the closures in force; later routes and travel times avoid the roads within them. */
  setClosures(closures: readonly ClosureArea[]): void;
}
