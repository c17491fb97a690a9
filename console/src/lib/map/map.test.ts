// Map data preparation: base layer settings, the GCJ-02 conversion, device clustering.
import { describe, expect, it } from 'vitest';
import type { DeviceDto } from '../api/types';
import { alarmFlags } from '../state/health';
import { baseLayerConfig, CLUSTER_BELOW_ZOOM } from './config';
import { projector } from './coords';
import { DeviceIndex } from './device-index';

describe('base layer config', () => {
  it('defaults to no tiles, WGS-84', () => {
    expect(baseLayerConfig({} as ImportMetaEnv)).toEqual({
      tileUrl: undefined,
      attribution: '',
      crs: 'wgs84',
    });
  });
  it('reads the tile URL, attribution and coordinate system', () => {
    const env = {
      VITE_TILE_URL: ' https://t/{z}/{x}/{y}.png ',
      VITE_TILE_ATTRIBUTION: '© t',
      VITE_TILE_CRS: 'GCJ02',
    };
    expect(baseLayerConfig(env as ImportMetaEnv)).toEqual({
      tileUrl: 'https://t/{z}/{x}/{y}.png',
      attribution: '© t',
      crs: 'gcj02',
    });
  });
});

describe('coordinates', () => {
  it('passes WGS-84 through and shifts to GCJ-02 by a few hundred metres in Qufu', () => {
    expect(projector('wgs84')(35.5967, 116.9912)).toEqual([35.5967, 116.9912]);
    const [lat, lng] = projector('gcj02')(35.5967, 116.9912);
    const dLat = (lat - 35.5967) * 111_000;
    const dLng = (lng - 116.9912) * 111_000 * Math.cos((35.6 * Math.PI) / 180);
    const metres = Math.hypot(dLat, dLng);
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(900);
  });
});

describe('device clustering', () => {
  const device = (
    id: string,
    lat: number,
    lng: number,
    status: DeviceDto['status'] = 'online',
  ): DeviceDto => ({
    id,
    type: 'streetlight',
    lat,
    lng,
    status,
    attrs: {},
    state: {},
    createdAt: '2026-05-01T08:00:00.000Z',
  });
  const devices = Array.from({ length: 50 }, (_, i) => device(`d${i}`, 35.59 + i * 1e-5, 116.99 + i * 1e-5));
  devices.push(device('far', 35.7, 117.2, 'offline'));
  const flags = alarmFlags([
    {
      id: 'a',
      deviceId: 'd7',
      rule: 'lamp_fault',
      severity: 'minor',
      active: true,
      count: 1,
      raisedAt: '2026-05-01T08:00:00.000Z',
      lastSeenAt: '2026-05-01T08:00:00.000Z',
      lastValue: {},
    },
  ]);
  const index = new DeviceIndex();
  index.load(devices, flags, projector('wgs84'));
  const world: [number, number, number, number] = [-180, -85, 180, 85];

  it('clusters below zoom 16, coloured by the worst device', () => {
    const drawn = index.query(world, CLUSTER_BELOW_ZOOM - 2);
    const cluster = drawn.find((d) => d.kind === 'cluster');
    expect(cluster).toMatchObject({ kind: 'cluster', count: 50, health: 'alarm' });
    expect(drawn.find((d) => d.kind === 'device')).toMatchObject({ id: 'far', health: 'offline' });
  });

  it('draws every device on its own from zoom 16', () => {
    const drawn = index.query(world, CLUSTER_BELOW_ZOOM);
    expect(drawn).toHaveLength(51);
    expect(drawn.every((d) => d.kind === 'device')).toBe(true);
  });
});
