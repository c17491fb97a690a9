// The devices as clustered points: a supercluster index over their drawn positions, with each
// cluster carrying the worst look of its devices (a cluster with one critical alarm shows it). The
// index is rebuilt only when something drawn changed, not for every batch of telemetry.
import Supercluster, { type PointFeature } from 'supercluster';
import type { DeviceDto } from '../api/types';
import { CLUSTER_BELOW_ZOOM } from './config';
import type { Projector } from './coords';
import { LOOKS, lookRank, type Look } from './device-look';

export interface DevicePoint {
  id: string;
  rank: number;
}
interface ClusterProps {
  rank: number;
}

export type Drawn =
  | { kind: 'device'; id: string; lat: number; lng: number; look: Look }
  | { kind: 'cluster'; clusterId: number; lat: number; lng: number; count: number; look: Look };

interface Known {
  lat: number;
  lng: number;
  /** Drawn position (the base layer's coordinates), projected once per raw position. */
  at: [number, number];
  rank: number;
}

export class DeviceIndex {
  readonly #index = new Supercluster<DevicePoint, ClusterProps>({
    radius: 56,
    maxZoom: CLUSTER_BELOW_ZOOM - 1,
    map: (p) => ({ rank: p.rank }),
    reduce: (acc, p) => {
      acc.rank = Math.max(acc.rank, p.rank);
    },
  });
  // Plain map: drawing state, never rendered by Svelte.
  #known = new Map<string, Known>();
  #loaded = false;

  /**
   * Takes the current devices and rebuilds the clusters only if something drawn changed (a device
   * added, removed, moved, or of another look); returns whether it did. Telemetry that changes
   * neither position nor look (most of it) costs one pass over the list and no rebuild.
   */
  update(devices: DeviceDto[], lookOf: (d: DeviceDto) => Look, project: Projector): boolean {
    const next = new Map<string, Known>();
    let changed = !this.#loaded;
    for (const d of devices) {
      if (d.lat === undefined || d.lng === undefined) continue;
      const rank = lookRank(lookOf(d));
      const old = this.#known.get(d.id);
      if (old && old.lat === d.lat && old.lng === d.lng) {
        if (old.rank !== rank) changed = true;
        next.set(d.id, old.rank === rank ? old : { ...old, rank });
      } else {
        changed = true;
        next.set(d.id, { lat: d.lat, lng: d.lng, at: project(d.lat, d.lng), rank });
      }
    }
    if (next.size !== this.#known.size) changed = true;
    this.#known = next;
    if (!changed) return false;
    const features: PointFeature<DevicePoint>[] = [];
    for (const [id, k] of next) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [k.at[1], k.at[0]] },
        properties: { id, rank: k.rank },
      });
    }
    this.#index.load(features);
    this.#loaded = true;
    return true;
  }

  /** Rebuilds unconditionally. */
  load(devices: DeviceDto[], lookOf: (d: DeviceDto) => Look, project: Projector): void {
    this.#loaded = false;
    this.update(devices, lookOf, project);
  }

  /** What to draw in a view: clusters below CLUSTER_BELOW_ZOOM, single devices from it on. */
  query(bbox: [west: number, south: number, east: number, north: number], zoom: number): Drawn[] {
    if (!this.#loaded) return [];
    return this.#index.getClusters(bbox, Math.floor(zoom)).map((f): Drawn => {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const props = f.properties;
      const look = LOOKS[props.rank] ?? 'ok';
      if ('cluster_id' in props) {
        return { kind: 'cluster', clusterId: props.cluster_id, lat, lng, count: props.point_count, look };
      }
      return { kind: 'device', id: props.id, lat, lng, look };
    });
  }

  expansionZoom(clusterId: number): number {
    return this.#index.getClusterExpansionZoom(clusterId);
  }
}
