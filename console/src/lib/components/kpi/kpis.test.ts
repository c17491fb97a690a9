import { describe, expect, it } from 'vitest';
import type { DeviceDto, TicketDto, VanDto } from '../../api/types';
import { computeKpis, countArrived, countOffline } from './kpis';

describe('KPI strip numbers', () => {
  it('counts open tickets by priority (not resolved), vans idle / busy, devices offline', () => {
    const tickets = [
      { priority: 'P1', status: 'new' },
      { priority: 'P1', status: 'on_site' },
      { priority: 'P3', status: 'dispatched' },
      { priority: 'P2', status: 'resolved' },
    ] as TicketDto[];
    const vans = [
      { status: 'idle' },
      { status: 'en_route' },
      { status: 'assigned' },
      { status: 'offline' },
    ] as VanDto[];
    const devices = [{ status: 'offline' }, { status: 'online' }, { status: 'unknown' }] as DeviceDto[];
    expect(computeKpis(tickets, vans)).toEqual({
      openByPriority: { P1: 2, P2: 0, P3: 1, P4: 0 },
      vansIdle: 1,
      vansBusy: 2,
    });
    expect(countOffline(devices)).toBe(1);
  });

  it('counts the tickets that have arrived', () => {
    const tickets = [
      { arrivedAt: '2026-11-25T08:00:00.000Z' },
      {},
      { arrivedAt: '2026-11-25T09:00:00.000Z' },
    ];
    expect(countArrived(tickets as TicketDto[])).toBe(2);
  });
});
