// One node of a cluster (DATABASE_URL + REDIS_URL): its Redis link, presence, device ownership, the
// books kept in step with the other nodes, the timekeeper lease, and the Socket.IO adapter. app.ts builds
// it before the broker (which reports connections to it) and starts it before listening.
import type { Config } from '../config/config';
import type { EventBus } from '../events/bus';
import type { GatewayClusterOptions } from '../realtime/gateway';
import type { Logger } from '../log';
import type { AlarmService } from '../services/alarms';
import type { CompoundService } from '../services/compounds';
import type { DeviceService } from '../services/devices';
import type { VanService } from '../services/vans';
import type { IncidentService } from '../services/incidents';
import type { IngestService } from '../services/ingest';
import type { SilenceService } from '../services/silences';
import type { RoadClosureService } from '../services/road-closures';
import type { DutyService } from '../services/duty';
import type { TicketService } from '../services/tickets';
import type { TicketBook } from '../state/ticket-book';
import type { Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { ConnectionHooks } from '../broker/broker';
import { Channel } from './channel';
import { Lease } from './lease';
import { CHANGES, DEVICES } from './messages';
import { liveNodes, NodePresence } from './nodes';
import { Ownership } from './ownership';
import { openRedis, type ClusterRedis } from './redis';
import { clusterSocketOptions } from './socket-adapter';
import { ClusterSync } from './sync';
import { Timekeeper } from './timekeeper';

export interface ClusterDeps {
  config: Pick<Config, 'REDIS_URL' | 'NODE_ID' | 'CLUSTER_LEASE_MS'>;
  store: Store;
  queue: WriteQueue;
  bus: EventBus;
  devices: DeviceService;
  vans: Pick<VanService, 'loadOne'>;
  compounds: Pick<CompoundService, 'loadOne'>;
  alarms: AlarmService;
  tickets: TicketService;
  ticketBook: TicketBook;
  ingest: IngestService;
  silences: Pick<SilenceService, 'reload'>;
  roadClosures: Pick<RoadClosureService, 'reload'>;
  duty: Pick<DutyService, 'load'>;
  /** The incident sweep, run with the device timers. */
  incidents: Pick<IncidentService, 'sweep'>;
  /** The dispatch pass (run by the timekeeper only). */
  dispatch: () => void;
  requestDispatch: () => void;
  log: Logger;
}

/** What the node needs of its broker, bound once the broker exists. */
export interface ClusterBroker {
  drop(deviceId: string): boolean;
  sendCommand(deviceId: string, payload: object): boolean;
}

/** How long a node's presence outlives its last refresh. */
const PRESENCE_TTL_MS = 5_000;
/** A cached view of the live nodes is trusted this long (a reconnect storm asks once, not per device). */
const LIVE_CACHE_MS = 1_000;

export class ClusterNode {
  readonly connections: ConnectionHooks;
  readonly gatewayOptions: GatewayClusterOptions;
  private broker: ClusterBroker | undefined;
  private readonly presence: NodePresence;
  private readonly ownership: Ownership;
  private readonly sync: ClusterSync;
  private readonly lease: Lease;
  readonly timekeeper: Timekeeper;
  private live: { at: number; nodes: Promise<string[]> } | undefined;
  private readonly stops: (() => Promise<void>)[] = [];

  private constructor(
    private readonly redis: ClusterRedis,
    private readonly deps: ClusterDeps,
  ) {
    const { config, log } = deps;
    const nodeId = config.NODE_ID;
    const clients = { command: redis.command, subscriber: redis.subscriber };
    this.gatewayOptions = clusterSocketOptions(redis.command);
    this.presence = new NodePresence(redis.command, { nodeId, ttlMs: PRESENCE_TTL_MS });
    this.ownership = new Ownership(
      redis.command,
      new Channel(clients, DEVICES, nodeId, log),
      nodeId,
      {
        drop: (id) => this.broker?.drop(id) ?? false,
        flush: () => deps.queue.flush(),
        load: (id) => this.load(id),
        deliver: (id, payload) => void this.broker?.sendCommand(id, payload),
        liveNodes: () => this.liveNodes(),
        claimedElsewhere: (id) => this.timekeeper.forget(id),
        revoked: (id) => {
          this.broker?.drop(id);
          deps.devices
            .refresh(id)
            .catch((err: unknown) => log.warn({ err, deviceId: id }, 're-reading a revoked device failed'));
        },
      },
      log,
    );
    const handles = (id: string) => this.ownership.handles(id);
    this.sync = new ClusterSync(new Channel(clients, CHANGES, nodeId, log), {
      bus: deps.bus,
      store: deps.store,
      tickets: deps.ticketBook,
      alarms: deps.alarms,
      devices: deps.devices,
      vans: deps.vans,
      compounds: deps.compounds,
      silences: deps.silences,
      roadClosures: deps.roadClosures,
      duty: deps.duty,
      handles,
      requestDispatch: deps.requestDispatch,
      log,
    });
    this.lease = new Lease(redis.command, { name: 'timekeeper', nodeId, ttlMs: config.CLUSTER_LEASE_MS });
    this.timekeeper = new Timekeeper(
      this.lease,
      deps.queue,
      {
        deviceIds: () => [...deps.devices.all()].map((d) => d.rec.id),
        handles,
        owners: (ids) => this.ownership.owners(ids),
        liveNodes: () => this.liveNodes(),
        load: (id) => this.load(id),
        tickDevices: (accept) => {
          deps.ingest.tick(accept);
          deps.alarms.settleFlapping(accept);
          deps.incidents.sweep(accept);
        },
        checkSla: () => deps.tickets.checkSla(),
        dispatch: deps.dispatch,
      },
      log,
    );
    this.connections = {
      accept: (id, conn) => this.ownership.claim(id, conn),
      closed: (id, conn) => this.ownership.closed(id, conn),
    };
  }

  /** Connects to Redis (a clear ConfigError-style message when it is unreachable). */
  static async open(deps: ClusterDeps): Promise<ClusterNode> {
    const url = deps.config.REDIS_URL;
    if (!url) throw new Error('cluster mode needs REDIS_URL');
    return new ClusterNode(await openRedis(url, deps.log), deps);
  }

  attachBroker(broker: ClusterBroker): void {
    this.broker = broker;
  }

  redisStatus(): 'up' | 'down' {
    return this.redis.status();
  }

  /** Whether this node holds the device's connection. */
  handles(deviceId: string): boolean {
    return this.ownership.handles(deviceId);
  }

  /** A command to the device wherever it is connected; false when it is connected nowhere. */
  sendCommand(deviceId: string, payload: Record<string, unknown>): Promise<boolean> {
    return this.ownership.send(deviceId, payload);
  }

  /**
   * The device's secret changed or it was decommissioned (stored): its connection here closes, and every
   * other node re-reads it and closes its own.
   */
  async revokeDevice(deviceId: string): Promise<void> {
    this.broker?.drop(deviceId);
    await this.ownership.revoke(deviceId);
  }

  /** Subscribes, announces this node, and starts contending for the timekeeper lease. */
  async start(onResync: () => void): Promise<void> {
    this.stops.push(await this.ownership.start(), await this.sync.start());
    await this.presence.start();
    this.stops.push(() => this.presence.stop());
    this.lease.start();
    this.stops.push(() => this.lease.stop());
    const offUp = this.redis.on('up', () => {
      // What the other nodes committed meanwhile was not heard: read the books back, tell the consoles.
      this.sync
        .resync()
        .catch((err: unknown) =>
          this.deps.log.warn({ err }, 'reloading the books after Redis returned failed'),
        )
        .finally(onResync);
    });
    this.stops.push(() => Promise.resolve(offUp()));
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => this.deps.log.warn({ err }, 'leaving the cluster: a step failed'));
    }
    await this.redis.close();
  }

  private async load(deviceId: string): Promise<void> {
    await this.deps.devices.adopt(deviceId);
    await this.deps.alarms.reloadDevice(deviceId);
  }

  private liveNodes(): Promise<string[]> {
    const now = Date.now();
    if (!this.live || now - this.live.at > LIVE_CACHE_MS) {
      this.live = { at: now, nodes: liveNodes(this.redis.command) };
      this.live.nodes.catch(() => (this.live = undefined));
    }
    return this.live.nodes;
  }
}
