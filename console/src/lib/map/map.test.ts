// Map data preparation: base layer settings, the GCJ-02 conversion, device clustering, van routes.
import { describe, expect, it } from 'vitest';
import type { DeviceDto, TicketDto } from '../api/types';
import { baseLayerConfig, CLUSTER_BELOW_ZOOM } from './config';
import { projector } from './coords';
import { DeviceIndex } from './device-index';
import { alarmsByDevice, deviceLook } from './device-look';
import { ringCentroid, ticketTarget, vanAssignments } from './routes';

describe('base layer config (GET /api/map-config)', () => {
  it('defaults to no tiles, WGS-84', () => {
    expect(baseLayerConfig(undefined)).toEqual({ tileUrl: undefined, attribution: '', crs: 'wgs84' });
    expect(baseLayerConfig({ crs: 'wgs84', attribution: '' })).toEqual({
      tileUrl: undefined,
      attribution: '',
      crs: 'wgs84',
    });
  });
  it('takes the tile URL, attribution and coordinate system of the server', () => {
    expect(
      baseLayerConfig({ tileUrl: ' https://t/{z}/{x}/{y}.png ', attribution: '© t', crs: 'gcj02' }),
    ).toEqual({
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
  const byDevice = alarmsByDevice([
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
  index.load(devices, (d) => deviceLook(d, byDevice.get(d.id) ?? []), projector('wgs84'));
  const world: [number, number, number, number] = [-180, -85, 180, 85];

  it('clusters below zoom 16, coloured by the worst device', () => {
    const drawn = index.query(world, CLUSTER_BELOW_ZOOM - 2);
    const cluster = drawn.find((d) => d.kind === 'cluster');
    expect(cluster).toMatchObject({ kind: 'cluster', count: 50, look: 'minor' });
    expect(drawn.find((d) => d.kind === 'device')).toMatchObject({ id: 'far', look: 'offline' });
  });

  it('draws every device on its own from zoom 16', () => {
    const drawn = index.query(world, CLUSTER_BELOW_ZOOM);
    expect(drawn).toHaveLength(51);
    expect(drawn.every((d) => d.kind === 'device')).toBe(true);
  });
});

describe('device index rebuilds', () => {
  const at = (id: string, status: DeviceDto['status'] = 'online'): DeviceDto => ({
    id,
    type: 'camera',
    lat: 35.59,
    lng: 116.99 + Number(id.slice(1)) * 1e-4,
    status,
    attrs: {},
    state: {},
    createdAt: '2026-05-01T08:00:00.000Z',
  });

  it('rebuilds only when a position, a look or the set of devices changed', () => {
    const index = new DeviceIndex();
    const none = (d: DeviceDto) => deviceLook(d, []);
    const list = [at('d1'), at('d2')];
    expect(index.update(list, none, projector('wgs84'))).toBe(true);
    // New objects (telemetry merged in), same positions and looks: no rebuild.
    expect(
      index.update(
        list.map((d) => ({ ...d, state: { temp_c: 40 } })),
        none,
        projector('wgs84'),
      ),
    ).toBe(false);
    expect(index.update([at('d1'), at('d2', 'offline')], none, projector('wgs84'))).toBe(true);
    expect(index.update([at('d1'), at('d2', 'offline'), at('d3')], none, projector('wgs84'))).toBe(true);
    expect(index.update([at('d1'), at('d3')], none, projector('wgs84'))).toBe(true);
    expect(index.update([{ ...at('d1'), lat: 35.6 }, at('d3')], none, projector('wgs84'))).toBe(true);
    expect(index.query([-180, -85, 180, 85], CLUSTER_BELOW_ZOOM)).toHaveLength(2);
  });

  it('draws nothing before the first load', () => {
    expect(new DeviceIndex().query([-180, -85, 180, 85], 12)).toEqual([]);
  });
});

describe('routes from vans to their tickets', () => {
  const ticket = (over: Partial<TicketDto>): TicketDto => ({
    id: 'T1',
    status: 'dispatched',
    repeatCount: 0,
    priority: 'P2',
    source: 'alarm',
    category: 'electrical',
    description: '',
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    respondBy: '2026-05-01T09:00:00.000Z',
    resolveBy: '2026-05-01T16:00:00.000Z',
    ...over,
  });

  it('maps each van to the ticket it is heading for, while dispatched, accepted or en route', () => {
    const a = vanAssignments([
      ticket({ id: 'T1', vanId: 'v1' }),
      ticket({ id: 'T2', vanId: 'v2', status: 'on_site' }),
      ticket({ id: 'T3', vanId: 'v3', status: 'en_route' }),
      ticket({ id: 'T4', status: 'new' }),
      ticket({ id: 'T5', vanId: 'v1', status: 'accepted', dispatchedAt: '2026-05-01T08:30:00.000Z' }),
    ]);
    expect([...a.keys()].sort()).toEqual(['v1', 'v3']);
    expect(a.get('v1')?.id).toBe('T5');
  });

  it('finds the ticket: its own position, else its compound centroid, else its device', () => {
    const ring: [number, number][] = [
      [116.98, 35.59],
      [116.99, 35.59],
      [116.99, 35.6],
      [116.98, 35.6],
      [116.98, 35.59],
    ];
    const compound = {
      id: 'c1',
      name: 'c',
      outline: { type: 'Polygon' as const, coordinates: [ring] },
      createdAt: '2026-05-01T08:00:00.000Z',
      counts: { devices: 0, online: 0, offline: 0, activeAlarms: 0, openTickets: 0 },
    };
    const compounds = new Map([['c1', compound]]);
    const devices = new Map([['d1', { ...devicesById('d1'), lat: 35.1, lng: 116.1 }]]);
    expect(ticketTarget(ticket({ lat: 35.5, lng: 116.5, compoundId: 'c1' }), compounds)).toEqual({
      lat: 35.5,
      lng: 116.5,
    });
    const c = ticketTarget(ticket({ compoundId: 'c1', deviceId: 'd1' }), compounds, devices);
    expect(c?.lat).toBeCloseTo(35.595, 6);
    expect(c?.lng).toBeCloseTo(116.985, 6);
    expect(ticketTarget(ticket({ deviceId: 'd1' }), compounds, devices)).toEqual({ lat: 35.1, lng: 116.1 });
    expect(ticketTarget(ticket({}), compounds, devices)).toBeUndefined();
  });

  it('takes the centroid by area, not the mean of the corners', () => {
    // An L-shaped ring: the vertex mean and the area centroid differ.
    const c = ringCentroid([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ]);
    expect(c?.lng).toBeCloseTo(5 / 6);
    expect(c?.lat).toBeCloseTo(5 / 6);
  });
});

function devicesById(id: string): DeviceDto {
  return {
    id,
    type: 'camera',
    status: 'online',
    attrs: {},
    state: {},
    createdAt: '2026-05-01T08:00:00.000Z',
  };
}
