// The dispatcher's live picture: devices, active alarms, open tickets, vans and compounds keyed by
// id (ARCHITECTURE principle 8). Socket events are coalesced per id (last write wins) and applied
// in one batch every FLUSH_MS; during a (re)sync they are held, the REST snapshot replaces
// everything, and then the held events are applied on top — skipping any older than the snapshot.
import { SvelteMap } from 'svelte/reactivity';
import type {
  AlarmDto,
  CommandAckEvent,
  CompoundDto,
  DeviceDto,
  DeviceStateEvent,
  DeviceStatusEvent,
  SiteDto,
  TicketDto,
  VanDto,
  VanPosition,
} from '../api/types';
import { api } from '../api/endpoints';
import type { LiveSocket, LiveSource } from '../realtime/source';
import { Collection } from './collection.svelte';
import { pruneRaises, type Raise } from './storm';

const FLUSH_MS = 100;
/** Command acks kept (newest); enough for every panel's recent commands. */
const MAX_ACKS = 200;
const CLOSED: ReadonlySet<TicketDto['status']> = new Set(['closed', 'cancelled']);

type DevicePatch = Partial<DeviceDto> & { id: string };

export class LiveStore implements LiveSource {
  readonly devices = new Collection<DeviceDto>();
  readonly alarms = new Collection<AlarmDto>();
  readonly tickets = new Collection<TicketDto>();
  readonly vans = new Collection<VanDto>();
  readonly compounds = new Collection<CompoundDto>();
  /** Red sail stations and the depot; they change rarely, so only a snapshot reloads them. */
  readonly sites = new Collection<SiteDto>();
  /** Alarms raised lately (also ones already cleared), for the storm banner. */
  readonly raises = new Collection<Raise>();
  /** Recent command acks by command id. Not stored on the server, so kept across resyncs. */
  readonly acks = new SvelteMap<string, CommandAckEvent>();

  // Pending events, coalesced per id; deliberately not reactive (only a flush publishes them).
  /* eslint-disable svelte/prefer-svelte-reactivity */
  #devices = new Map<string, DevicePatch>();
  #alarms = new Map<string, AlarmDto>();
  #tickets = new Map<string, TicketDto>();
  #vans = new Map<string, VanPosition>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  #holding = true;
  #timer: ReturnType<typeof setTimeout> | undefined;

  listen(socket: LiveSocket): void {
    socket.on('alarm:raised', (a) => this.#put(this.#alarms, a));
    socket.on('alarm:updated', (a) => this.#put(this.#alarms, a));
    socket.on('alarm:cleared', (a) => this.#put(this.#alarms, a));
    socket.on('ticket:created', (t) => this.#put(this.#tickets, t));
    socket.on('ticket:updated', (t) => this.#put(this.#tickets, t));
    socket.on('device:status', (e) => this.#patchDevice(e));
    socket.on('device:state', (e) => this.#patchDevice(e));
    socket.on('device:states', (list) => {
      for (const e of list) this.#patchDevice(e);
    });
    socket.on('command:ack', (e) => this.#ack(e));
    socket.on('van:positions', (list) => {
      for (const p of list) this.#put(this.#vans, p);
    });
  }

  hold(): void {
    this.#holding = true;
    // Whatever was pending predates the snapshot about to be loaded.
    this.#devices.clear();
    this.#alarms.clear();
    this.#tickets.clear();
    this.#vans.clear();
  }

  async load(signal: AbortSignal): Promise<void> {
    const [devices, alarms, tickets, vans, compounds, sites] = await Promise.all([
      api.devices(signal),
      api.activeAlarms(signal),
      api.boardTickets(signal),
      api.vans(signal),
      api.compounds(signal),
      api.sites(signal),
    ]);
    signal.throwIfAborted();
    this.devices.replace(devices);
    this.alarms.replace(alarms);
    this.tickets.replace(tickets);
    this.vans.replace(vans);
    this.compounds.replace(compounds);
    this.sites.replace(sites);
    const raises = alarms.map((a) => ({ id: a.id, deviceId: a.deviceId, at: Date.parse(a.raisedAt) }));
    this.raises.replace(pruneRaises(raises, Date.now()));
    this.#holding = false;
    this.flush();
  }

  /** Local echo of an acknowledge (the server also broadcasts alarm:updated). */
  readonly alarmChanged = (a: AlarmDto): void => {
    this.#put(this.#alarms, a);
  };

  #ack(e: CommandAckEvent): void {
    this.acks.set(e.id, e);
    for (const id of this.acks.keys()) {
      if (this.acks.size <= MAX_ACKS) break;
      this.acks.delete(id); // oldest first (insertion order)
    }
  }

  #put<T extends { id: string }>(pending: Map<string, T>, item: T): void {
    pending.set(item.id, item);
    this.#schedule();
  }

  #patchDevice(e: DeviceStatusEvent | DeviceStateEvent): void {
    const prev = this.#devices.get(e.id);
    this.#devices.set(e.id, prev ? { ...prev, ...e } : { ...e });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#holding || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#holding) return;
    if (this.#devices.size) this.devices.apply(this.#take(this.#devices, mergeDevice(this.devices)));
    if (this.#alarms.size) this.#flushAlarms();
    if (this.#tickets.size) this.#flushTickets();
    if (this.#vans.size) this.vans.apply(this.#take(this.#vans, mergeVan(this.vans)));
  }

  #take<P, T>(pending: Map<string, P>, merge: (p: P) => T | undefined): T[] {
    const out: T[] = [];
    for (const p of pending.values()) {
      const merged = merge(p);
      if (merged) out.push(merged);
    }
    pending.clear();
    return out;
  }

  #flushAlarms(): void {
    const upserts: AlarmDto[] = [];
    const removals: string[] = [];
    const raised: Raise[] = [];
    for (const a of this.#alarms.values()) {
      const known = this.alarms.peek(a.id);
      if (known && Date.parse(known.lastSeenAt) > Date.parse(a.lastSeenAt)) continue; // older news
      if (a.active) upserts.push(a);
      else removals.push(a.id);
      if (!this.raises.peek(a.id))
        raised.push({ id: a.id, deviceId: a.deviceId, at: Date.parse(a.raisedAt) });
    }
    this.#alarms.clear();
    this.alarms.apply(upserts, removals);
    const now = Date.now();
    this.raises.replace(pruneRaises([...this.raises.all(), ...raised], now));
  }

  #flushTickets(): void {
    const upserts: TicketDto[] = [];
    const removals: string[] = [];
    for (const t of this.#tickets.values()) {
      const known = this.tickets.peek(t.id);
      if (known && Date.parse(known.updatedAt) > Date.parse(t.updatedAt)) continue;
      if (CLOSED.has(t.status)) removals.push(t.id);
      else upserts.push(t);
    }
    this.#tickets.clear();
    this.tickets.apply(upserts, removals);
  }
}

function mergeDevice(devices: Collection<DeviceDto>) {
  return (p: DevicePatch): DeviceDto | undefined => {
    const known = devices.peek(p.id);
    // A device registered after the snapshot appears with the next snapshot (reconnect or reload).
    return known ? { ...known, ...p } : undefined;
  };
}

function mergeVan(vans: Collection<VanDto>) {
  return (p: VanPosition): VanDto | undefined => {
    const known = vans.peek(p.id);
    if (!known) return undefined;
    const { ts, ...rest } = p;
    return { ...known, ...rest, lastSeen: ts };
  };
}
