// Road closures as the Store keeps them (api.md v1.1 "Roads, routes and tracks"): a point or a line
// with a radius, not driven from creation until `until` (or until ended); positions WGS-84 [lng, lat].
/** GeoJSON geometry of a closure, positions [lng, lat] in WGS-84. */
export type ClosureGeometry =
  { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };

export interface RoadClosureRecord {
  id: string;
  geometry: ClosureGeometry;
  radiusM: number;
  reason: string;
  /** It stops being in force at this time; absent: until it is ended. */
  until?: number;
  createdBy: string;
  createdAt: number;
  /** Ended early (DELETE); absent while it runs to `until`. */
  endedAt?: number;
  endedBy?: string;
}

/** The road closures' part of the Store. */
export interface RoadClosureStore {
  /** Rejects a duplicate id with StoreConflictError. */
  createRoadClosure(closure: RoadClosureRecord): Promise<void>;
  getRoadClosure(id: string): Promise<RoadClosureRecord | undefined>;
  /** Those in force at `at` (not ended, `until` absent or after `at`), oldest first; at most `limit`. */
  listRoadClosures(at: number, limit?: number): Promise<RoadClosureRecord[]>;
  /** Ends one early; false (and nothing changed) if it was already ended or does not exist. */
  endRoadClosure(id: string, at: number, by: string): Promise<boolean>;
}
