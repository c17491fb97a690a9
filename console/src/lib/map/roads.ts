// The streets for the map's base layer, fetched once per page (GET /api/roads: the server's
// ROADS_FILE; it answers with an ETag, so a reload is a 304). No network, or no ROADS_FILE: none.
import type { RoadsDto } from '../api/types';
import { get } from '../api/client';

let loading: Promise<RoadsDto | undefined> | undefined;

export function loadRoads(): Promise<RoadsDto | undefined> {
  loading ??= get<RoadsDto>('/api/roads').catch(() => {
    loading = undefined; // a later map asks again
    return undefined;
  });
  return loading;
}
