// Compounds (old residential courtyards): outlines from the admin, counts from live state.
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { CompoundDto, CreateCompoundBody } from '../contracts/dto';
import { isOpen } from '../pipeline/lifecycle';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { CompoundRecord, Store } from '../store/store';
import type { DeviceService } from './devices';

export type CompoundStore = Pick<Store, 'createCompound' | 'listCompounds' | 'getCompound'>;

export class CompoundService {
  constructor(
    private readonly store: CompoundStore,
    private readonly devices: DeviceService,
    private readonly alarms: AlarmBook,
    private readonly tickets: TicketBook,
    private readonly clock: Clock,
  ) {}

  /** Centre of each compound's outline, for tickets that name a compound but no point. */
  private readonly centres = new Map<string, { lat: number; lng: number }>();

  async load(): Promise<void> {
    for (const c of await this.store.listCompounds()) this.centres.set(c.id, centre(c));
  }

  /** Cluster mode: a compound created on another node, read from the store. */
  async loadOne(id: string): Promise<void> {
    const rec = await this.store.getCompound(id);
    if (rec) this.centres.set(rec.id, centre(rec));
  }

  async create(body: z.infer<typeof CreateCompoundBody>): Promise<CompoundRecord> {
    const rec: CompoundRecord = { ...body, createdAt: this.clock.now() };
    await this.store.createCompound(rec);
    this.centres.set(rec.id, centre(rec));
    return rec;
  }

  centroid(id: string): { lat: number; lng: number } | undefined {
    return this.centres.get(id);
  }

  /** Compound names by id (the manager's statistics name each compound). */
  async names(): Promise<Map<string, string>> {
    return new Map((await this.store.listCompounds()).map((c) => [c.id, c.name]));
  }

  async list(): Promise<CompoundDto[]> {
    const counts = new Map<string, CompoundDto['counts']>();
    const of = (id: string) => {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = { devices: 0, online: 0, offline: 0, activeAlarms: 0, openTickets: 0 }));
      return c;
    };
    for (const d of this.devices.all()) {
      if (!d.rec.compoundId) continue;
      const c = of(d.rec.compoundId);
      c.devices++;
      if (d.st.status === 'online') c.online++;
      if (d.st.status === 'offline') c.offline++;
    }
    for (const a of this.alarms.all()) {
      const compoundId = this.devices.get(a.deviceId)?.rec.compoundId;
      if (compoundId) of(compoundId).activeAlarms++;
    }
    for (const t of this.tickets.all()) if (t.compoundId && isOpen(t.status)) of(t.compoundId).openTickets++;
    return (await this.store.listCompounds()).map((c) => ({
      id: c.id,
      name: c.name,
      outline: c.outline as CompoundDto['outline'],
      ...(c.address !== undefined && { address: c.address }),
      createdAt: new Date(c.createdAt).toISOString(),
      counts: of(c.id),
    }));
  }
}

/** Mean of the outer ring's vertices (the closing vertex counted once): inside any convex outline. */
function centre(c: CompoundRecord): { lat: number; lng: number } {
  const ring = c.outline.coordinates[0] ?? [];
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring;
  let lat = 0;
  let lng = 0;
  for (const [x = 0, y = 0] of pts) {
    lng += x;
    lat += y;
  }
  return { lat: lat / Math.max(1, pts.length), lng: lng / Math.max(1, pts.length) };
}
