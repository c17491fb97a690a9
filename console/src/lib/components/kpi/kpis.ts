// The numbers of the KPI strip, computed from the live collections.
import type { DeviceDto, Priority, TicketDto, VanDto } from '../../api/types';

export interface Kpis {
  /** Open = not yet resolved (resolved tickets wait only for the callback). */
  openByPriority: Record<Priority, number>;
  vansIdle: number;
  vansBusy: number;
  devicesOffline: number;
}

export function computeKpis(tickets: TicketDto[], vans: VanDto[], devices: DeviceDto[]): Kpis {
  const openByPriority: Record<Priority, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
  for (const t of tickets) {
    if (t.status !== 'resolved' && t.status !== 'closed' && t.status !== 'cancelled')
      openByPriority[t.priority]++;
  }
  let vansIdle = 0;
  let vansBusy = 0;
  for (const v of vans) {
    if (v.status === 'idle') vansIdle++;
    else if (v.status !== 'offline') vansBusy++;
  }
  let devicesOffline = 0;
  for (const d of devices) if (d.status === 'offline') devicesOffline++;
  return { openByPriority, vansIdle, vansBusy, devicesOffline };
}
