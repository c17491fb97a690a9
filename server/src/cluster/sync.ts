// Keeps this node's books in step with the others: what this node commits is named on the `changes`
// channel (a ticket's id and revision, a device whose alarms or status changed, a van's position), and
// what the others name is read back from the store (or, for van positions, taken as sent). Consoles are
// not told from here: the node that committed a change announces it to every console (Socket.IO adapter).
import type { z } from 'zod';
import type { VanPosition } from '../contracts/dto';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { OPEN_STATUSES } from '../pipeline/lifecycle';
import type { AlarmRecord } from '../store/store';
import type { AlarmService } from '../services/alarms';
import type { CompoundService } from '../services/compounds';
import type { DeviceService } from '../services/devices';
import type { SilenceService } from '../services/silences';
import type { RoadClosureService } from '../services/road-closures';
import type { DutyService } from '../services/duty';
import type { VanService } from '../services/vans';
import type { TicketBook } from '../state/ticket-book';
import type { Store } from '../store/store';
import type { Channel } from './channel';
import type { CHANGES } from './messages';

type Change = z.output<typeof CHANGES.schema>;

export interface SyncDeps {
  bus: EventBus;
  store: Pick<Store, 'getTicket' | 'listTickets' | 'listAlarms'>;
  tickets: TicketBook;
  alarms: AlarmService;
  devices: DeviceService;
  vans: Pick<VanService, 'loadOne'>;
  compounds: Pick<CompoundService, 'loadOne'>;
  silences: Pick<SilenceService, 'reload'>;
  roadClosures: Pick<RoadClosureService, 'reload'>;
  duty: Pick<DutyService, 'load'>;
  /** Whether this node holds the device's connection (its own books are then the freshest). */
  handles(deviceId: string): boolean;
  /** A ticket changed elsewhere: the queue may move (only the timekeeper acts on it). */
  requestDispatch(): void;
  log: Logger;
}

export class ClusterSync {
  private readonly off: (() => void)[] = [];
  /** Per device, alarm changes within one turn are named once. */
  private readonly alarmDevices = new Set<string>();

  constructor(
    private readonly channel: Channel<typeof CHANGES.schema>,
    private readonly deps: SyncDeps,
  ) {}

  async start(): Promise<() => Promise<void>> {
    const { bus } = this.deps;
    const ticket = (t: { id: string; rev?: number }) =>
      this.send({ kind: 'ticket', id: t.id, rev: t.rev ?? 0 });
    const alarms = (a: { deviceId: string }) => this.alarmsChanged(a.deviceId);
    this.off.push(
      bus.on('ticket:created', ticket),
      bus.on('ticket:updated', ticket),
      bus.on('alarm:raised', alarms),
      bus.on('alarm:cleared', alarms),
      bus.on('alarm:updated', (a) => {
        if (a.ackedAt !== undefined) alarms(a); // a repeat only counts; an ack must reach every node
      }),
      // A node announces the status of the devices it decides for: those connected to it, and (the
      // timekeeper) those of dead nodes.
      bus.on('device:status', (e) => this.send({ kind: 'status', deviceId: e.id })),
      bus.on('registered', (e) => this.send({ kind: 'registered', what: e.what, ids: e.ids })),
      bus.on('silence:changed', () => this.send({ kind: 'silences' })),
      bus.on('road-closure:changed', () => this.send({ kind: 'road-closures' })),
      bus.on('duty:changed', () => this.send({ kind: 'duty' })),
      // Receivers keep the newest fix, whoever sent it.
      bus.on('van:position', (p) => this.send({ kind: 'van', position: p })),
    );
    const unsubscribe = await this.channel.subscribe((m) => void this.receive(m));
    return async () => {
      for (const f of this.off.splice(0)) f();
      await unsubscribe();
    };
  }

  /**
   * After a Redis outage, when changes of the other nodes went unheard: the open tickets, the alarm
   * tickets closed within the repeat window, and the active alarms of the devices other nodes handle,
   * as the store has them now.
   */
  async resync(): Promise<void> {
    const d = this.deps;
    await d.alarms.loadRecentlyClosed();
    const open = await d.store.listTickets({ status: [...OPEN_STATUSES] });
    const stored = new Set(open.map((t) => t.id));
    for (const id of [...d.tickets.all()].map((t) => t.id))
      if (!stored.has(id)) d.tickets.restore(id, undefined);
    for (const t of open) if ((d.tickets.get(t.id)?.rev ?? -1) <= (t.rev ?? 0)) d.tickets.restore(t.id, t);
    await d.silences.reload();
    await d.roadClosures.reload();
    await d.duty.load();
    const byDevice = new Map<string, AlarmRecord[]>();
    for (const a of await d.store.listAlarms({ active: true })) {
      byDevice.set(a.deviceId, [...(byDevice.get(a.deviceId) ?? []), a]);
    }
    for (const device of d.devices.all()) {
      const id = device.rec.id;
      if (!d.handles(id)) d.alarms.restoreDevice(id, byDevice.get(id) ?? []);
    }
    d.requestDispatch();
  }

  private alarmsChanged(deviceId: string): void {
    if (this.alarmDevices.size === 0) queueMicrotask(() => this.flushAlarms());
    this.alarmDevices.add(deviceId);
  }

  private flushAlarms(): void {
    for (const deviceId of this.alarmDevices) this.send({ kind: 'alarms', deviceId });
    this.alarmDevices.clear();
  }

  private send(m: Change): void {
    this.channel.publish(m).catch((err: unknown) => {
      this.deps.log.debug({ err, kind: m.kind }, 'change not sent to the other nodes (Redis unreachable)');
    });
  }

  private async receive(m: Change): Promise<void> {
    const d = this.deps;
    try {
      switch (m.kind) {
        case 'ticket': {
          if ((d.tickets.get(m.id)?.rev ?? -1) >= m.rev) return;
          const stored = await d.store.getTicket(m.id);
          // Read again after the await: this node's own newer change may have landed meanwhile.
          if (stored && (stored.rev ?? 0) < (d.tickets.get(m.id)?.rev ?? -1)) return;
          // A closed one leaves the open tickets and becomes its fault's last (a repeat fault reopens it).
          d.tickets.restore(m.id, stored);
          d.requestDispatch();
          return;
        }
        case 'alarms':
          if (d.handles(m.deviceId)) await d.alarms.mergeAcks(m.deviceId);
          else await d.alarms.reloadDevice(m.deviceId);
          return;
        case 'status':
          if (!d.handles(m.deviceId)) await d.devices.adopt(m.deviceId);
          return;
        case 'van':
          if (!d.handles(m.position.id)) this.vanMoved(m.position);
          return;
        case 'silences':
          await d.silences.reload();
          return;
        case 'road-closures':
          await d.roadClosures.reload();
          return;
        case 'duty':
          await d.duty.load();
          return;
        case 'registered':
          for (const id of m.ids) {
            if (m.what === 'compound') await d.compounds.loadOne(id);
            else await d.devices.adopt(id);
            if (m.what === 'van') await d.vans.loadOne(id);
          }
          return;
      }
    } catch (err) {
      d.log.warn({ err, kind: m.kind }, 'a change from another node could not be read from the store');
    }
  }

  /** A van handled elsewhere: its last fix and status, as the dispatcher here reads them. */
  private vanMoved(p: VanPosition): void {
    const v = this.deps.devices.get(p.id);
    if (!v) return;
    const ts = Date.parse(p.ts);
    if (v.st.lastSeen !== undefined && ts < v.st.lastSeen) return; // an older fix than the one held
    const fix = {
      lat: p.lat,
      lng: p.lng,
      ...(p.heading !== undefined && { heading: p.heading }),
      ...(p.speed_kmh !== undefined && { speed_kmh: p.speed_kmh }),
    };
    v.st = {
      ...v.st,
      state: { ...v.st.state, ...fix },
      status: p.status === 'offline' ? 'offline' : 'online',
      lastSeen: ts,
    };
  }
}
