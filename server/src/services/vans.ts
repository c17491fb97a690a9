// Vans: registration (a van is also an MQTT device of type `van`), live position from its device
// state, and status derived from its ticket and connection: offline / idle / assigned / en_route /
// on_site; and its live position as announced for the batched `van:positions` event.
import type { z } from 'zod';
import type { CreateVanBody, VanDto, VanPosition } from '../contracts/dto';
import type { Clock } from '../clock';
import { conflict } from '../errors';
import type { TicketBook } from '../state/ticket-book';
import type { Store, VanRecord } from '../store/store';
import type { DeviceRuntime, DeviceService } from './devices';

export type VanStatus = VanDto['status'];

export interface VanView {
  rec: VanRecord;
  device: DeviceRuntime | undefined;
  status: VanStatus;
  lat?: number;
  lng?: number;
  ticketId?: string;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export type VanStore = Pick<Store, 'createVan' | 'listVans' | 'getVan'>;

export class VanService {
  private readonly vans = new Map<string, VanRecord>();

  constructor(
    private readonly store: VanStore,
    private readonly devices: DeviceService,
    private readonly tickets: TicketBook,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    for (const v of await this.store.listVans()) this.vans.set(v.id, v);
  }

  /** Cluster mode: a van registered on another node, read from the store. */
  async loadOne(id: string): Promise<void> {
    const rec = await this.store.getVan(id);
    if (rec) this.vans.set(rec.id, rec);
  }

  async register(body: z.infer<typeof CreateVanBody>): Promise<{ van: VanView; secret: string }> {
    if (this.vans.has(body.id) || this.devices.get(body.id)) {
      throw conflict(`'${body.id}' is already registered`);
    }
    const now = this.clock.now();
    const { secret } = await this.devices.register({ id: body.id, type: 'van', name: body.name }, now);
    const rec: VanRecord = { ...body, createdAt: now };
    await this.store.createVan(rec);
    this.vans.set(rec.id, rec);
    return { van: this.view(rec), secret };
  }

  has(id: string): boolean {
    return this.vans.has(id);
  }
  get(id: string): VanView | undefined {
    const rec = this.vans.get(id);
    return rec && this.view(rec);
  }
  all(): VanView[] {
    return [...this.vans.values()].map((v) => this.view(v));
  }

  private view(rec: VanRecord): VanView {
    const device = this.devices.get(rec.id);
    const lat = num(device?.st.state.lat);
    const lng = num(device?.st.state.lng);
    const ticket = this.tickets.ofVan(rec.id);
    let status: VanStatus = 'idle';
    if (device?.st.status !== 'online' || lat === undefined || lng === undefined) status = 'offline';
    else if (ticket?.status === 'en_route') status = 'en_route';
    else if (ticket?.status === 'on_site') status = 'on_site';
    else if (ticket) status = 'assigned';
    return {
      rec,
      device,
      status,
      ...(lat !== undefined && { lat }),
      ...(lng !== undefined && { lng }),
      ...(ticket && { ticketId: ticket.id }),
    };
  }

  dto(v: VanView): VanDto {
    const s = v.device?.st;
    const heading = num(s?.state.heading);
    const speed = num(s?.state.speed_kmh);
    return {
      id: v.rec.id,
      name: v.rec.name,
      status: v.status,
      ...(v.lat !== undefined && { lat: v.lat }),
      ...(v.lng !== undefined && { lng: v.lng }),
      ...(heading !== undefined && { heading }),
      ...(speed !== undefined && { speed_kmh: speed }),
      ...(v.ticketId && { ticketId: v.ticketId }),
      ...(s?.lastSeen !== undefined && { lastSeen: new Date(s.lastSeen).toISOString() }),
    };
  }

  /** A van's position and status for the batched live event; undefined while it has no fix. */
  position(id: string): VanPosition | undefined {
    const v = this.get(id);
    if (!v || v.lat === undefined || v.lng === undefined) return undefined;
    const d = this.dto(v);
    const p: VanPosition = {
      id,
      lat: v.lat,
      lng: v.lng,
      status: v.status,
      ts: d.lastSeen ?? new Date(this.clock.now()).toISOString(),
      ...(d.heading !== undefined && { heading: d.heading }),
      ...(d.speed_kmh !== undefined && { speed_kmh: d.speed_kmh }),
    };
    return p;
  }
}
