// The numbers of the KPI strip, computed from the live collections.
import type { DeviceDto, Priority, TicketDto, VanDto } from '../../api/types';

export interface Kpis {
  /** Open = not yet resolved (resolved tickets wait only for the callback). */
  openByPriority: Record<Priority, number>;
  vansIdle: number;
  vansBusy: number;
}

/** Tickets and vans only: recomputed on their batches, not on every device reading. */
export function computeKpis(tickets: TicketDto[], vans: VanDto[]): Kpis {
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
  return { openByPriority, vansIdle, vansBusy };
}

/** Apart from computeKpis: 10,000 devices are walked only when a device batch lands. */
export function countOffline(devices: DeviceDto[]): number {
  let n = 0;
  for (const d of devices) if (d.status === 'offline') n++;
  return n;
}

/** How many tickets have reached their site: when it grows, today's mean response time changed. */
export function countArrived(tickets: TicketDto[]): number {
  let n = 0;
  for (const tk of tickets) if (tk.arrivedAt) n++;
  return n;
}
