// The devices as clustered points: a supercluster index over their drawn positions, with each
// cluster carrying the worst health of its devices (a cluster with one alarm shows red).
import Supercluster, { type PointFeature } from 'supercluster';
import type { DeviceDto } from '../api/types';
import { deviceHealth, HEALTHS, healthRank, type AlarmFlags, type Health } from '../state/health';
import { CLUSTER_BELOW_ZOOM } from './config';
import type { Projector } from './coords';

export interface DevicePoint {
  id: string;
  rank: number;
}
interface ClusterProps {
  rank: number;
}

export type Drawn =
  | { kind: 'device'; id: string; lat: number; lng: number; health: Health }
  | { kind: 'cluster'; clusterId: number; lat: number; lng: number; count: number; health: Health };

export class DeviceIndex {
  readonly #index = new Supercluster<DevicePoint, ClusterProps>({
    radius: 56,
    maxZoom: CLUSTER_BELOW_ZOOM - 1,
    map: (p) => ({ rank: p.rank }),
    reduce: (acc, p) => {
      acc.rank = Math.max(acc.rank, p.rank);
    },
  });

  load(devices: DeviceDto[], flags: Map<string, AlarmFlags>, project: Projector): void {
    const features: PointFeature<DevicePoint>[] = [];
    for (const d of devices) {
      if (d.lat === undefined || d.lng === undefined) continue;
      const [lat, lng] = project(d.lat, d.lng);
      const rank = healthRank(deviceHealth(d.status, flags.get(d.id)));
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lng, lat] },
        properties: { id: d.id, rank },
      });
    }
    this.#index.load(features);
  }

  /** What to draw in a view: clusters below CLUSTER_BELOW_ZOOM, single devices from it on. */
  query(bbox: [west: number, south: number, east: number, north: number], zoom: number): Drawn[] {
    return this.#index.getClusters(bbox, Math.floor(zoom)).map((f): Drawn => {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const props = f.properties;
      const health = HEALTHS[props.rank] ?? 'ok';
      if ('cluster_id' in props) {
        return { kind: 'cluster', clusterId: props.cluster_id, lat, lng, count: props.point_count, health };
      }
      return { kind: 'device', id: props.id, lat, lng, health };
    });
  }

  expansionZoom(clusterId: number): number {
    return this.#index.getClusterExpansionZoom(clusterId);
  }
}
