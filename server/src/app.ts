// Composition root of one server instance: config → store → services → broker → http/realtime → listen.
// main.ts runs it as a process; tests run it in-process with port 0 and a manual clock.
import { compileDeviceTypes } from './config/rules-file';
import { housekeeping } from './services/housekeeping';
import { createBroker, type Broker } from './broker/broker';
import { connectionLimits } from './broker/limits-config';
import { createAdmission } from './broker/global-budget';
import { attachMqttWebSocket } from './broker/websocket';
import { mqttFacade } from './broker/facade';
import { systemClock, type Clock } from './clock';
import { useDeviceSecretKey } from './auth/device-hmac';
import { loadDeviceKey } from './auth/device-key';
import { DeviceRateLimiter } from './pipeline/rate-limit';
import { ConfigError, escalationPolicy, type Config } from './config/config';
import { EventBus } from './events/bus';
import { createHttpServer } from './http/server';
import { createTlsListeners, listen, type TlsPorts } from './listeners';
import { RateLimitedLog, type Logger } from './log';
import { createMetrics } from './metrics';
import { createGateway, type Gateway } from './realtime/gateway';
import type { Services } from './services';
import { AlarmService } from './services/alarms';
import { CompoundService } from './services/compounds';
import { DeviceService } from './services/devices';
import { HealthService } from './services/health';
import { DuskSweep } from './services/dusk-sweep';
import { createDispatch } from './services/dispatch-wiring';
import { loadRoads } from './roads/load';
import { Effects } from './services/effects';
import { createOfficeServices } from './services/office-wiring';
import { IncidentList } from './services/incident-list';
import { IncidentService } from './services/incidents';
import { IngestService } from './services/ingest';
import { ClusterNode } from './cluster/cluster-node';
import { Pass } from './services/pass';
import { Reconcile } from './services/reconcile';
import { SilenceService } from './services/silences';
import { RoadClosureService } from './services/road-closures';
import { announceRoadClosures } from './realtime/road-closures';
import { AuditService } from './services/audit';
import { SiteService } from './services/sites';
import { StatsService } from './services/stats';
import { TelemetryService } from './services/telemetry';
import { TicketService } from './services/tickets';
import { AttachmentService } from './services/attachments';
import { IdempotencyService } from './services/idempotency';
import { DutyService } from './services/duty';
import { announceAdmin, UserService } from './services/users';
import { AccountService } from './services/accounts';
import { createPushService } from './services/push';
import { VanService } from './services/vans';
import { createNotifications } from './notify';
import { slaPolicy } from './pipeline/sla';
import { AlarmBook } from './state/alarm-book';
import { TicketBook } from './state/ticket-book';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import { WriteQueue } from './store/write-queue';

export interface RedsailOptions {
  clock?: Clock;
  /** Run the 1 s rule/offline tick on a timer (default true; tests drive tick() by hand). */
  autoTick?: boolean;
}

export interface Redsail {
  services: Services;
  /** The backend the services write to (tests read it directly). */
  store: Store;
  /** The TLS ports are there when MQTTS_PORT / HTTPS_PORT are set. */
  start(): Promise<{ httpPort: number; mqttPort: number } & TlsPorts>;
  stop(): Promise<void>;
  /** Reads the TLS certificate files again (SIGHUP); a bad file throws and the old ones stay. */
  reloadTls(): void;
  /** One pass of the periodic checks (silence → offline, rule timers, incident sweep, SLA, dispatch). */
  tick(): void;
  /** Telemetry retention: fold old raw points into rollups. */
  compact(): Promise<void>;
}

export { PortInUseError } from './listeners';

export async function createRedsail(
  config: Config,
  log: Logger,
  opts: RedsailOptions = {},
): Promise<Redsail> {
  if (config.REDIS_URL && !config.DATABASE_URL) {
    throw new ConfigError(
      'REDIS_URL is set without DATABASE_URL: cluster mode keeps its data in PostgreSQL; set DATABASE_URL too, or unset REDIS_URL for one node on SQLite.',
    );
  }
  const clock = opts.clock ?? systemClock;
  log = log.child({ node: config.NODE_ID });
  const types = compileDeviceTypes(config.RULES_FILE);
  const roads = loadRoads(config.ROADS_FILE, log); // before anything opens: a bad file stops the start
  const tlsListeners = createTlsListeners(config, log);
  const metrics = createMetrics(config.NODE_ID);
  const rlog = new RateLimitedLog(log);
  const store = await openStore(config, () => clock.now());
  try {
    useDeviceSecretKey(loadDeviceKey(config));
  } catch (err) {
    await store.close();
    throw err;
  }
  const bus = new EventBus();
  const queue = new WriteQueue(store, metrics, log, bus, {
    intervalMs: config.COMMIT_INTERVAL_MS,
    maxPendingTelemetry: config.STORE_QUEUE_TELEMETRY,
  });
  const sla = slaPolicy(config.SLA_MINUTES, config.CALLBACK_DUE_HOURS);
  // The in-memory authority the decisions read; only Effects changes it.
  const alarmBook = new AlarmBook();
  const ticketBook = new TicketBook();
  const users = new UserService(store, clock, {
    sessionMs: config.SESSION_HOURS * 3600_000,
    // Never longer than everyone else's, whichever of the two an operator lowered.
    techSessionMs: Math.min(config.TECH_SESSION_HOURS, config.SESSION_HOURS) * 3600_000,
  });
  const devices = new DeviceService(store, types);
  const vans = new VanService(store, devices, ticketBook, clock);
  const dispatchPass = new Pass();
  const effects = new Effects(queue, alarmBook, ticketBook, vans, metrics, dispatchPass);
  const reconcile = new Reconcile(store, alarmBook, ticketBook, bus, () => effects.requestDispatch(), log);
  queue.onRejected((rejected) => reconcile.handle(rejected));
  const duty = new DutyService(store, bus, clock, { timeZone: config.SITE_TZ, shifts: config.DUTY_SHIFTS });
  const tickets = new TicketService(store, queue, ticketBook, alarmBook, vans, effects, clock, sla, {
    policy: escalationPolicy(config),
    notifyFor: (level) => duty.notifyFor(level),
  });
  const idempotency = new IdempotencyService(store, clock);
  const silences = new SilenceService({
    store,
    queue,
    devices,
    compoundExists: (id) => compounds.centroid(id) !== undefined,
    activeAlarms: (id) => alarmBook.forDevice(id),
    bus,
    clock,
    maxHours: config.SILENCE_MAX_H,
  });
  const roadClosures = new RoadClosureService({ store, bus, clock, network: roads?.network });
  const incidents: IncidentService = new IncidentService({
    store,
    devices,
    alarms: alarmBook,
    tickets: ticketBook,
    effects,
    silences,
    openTicket: (d, a) => alarms.openTicket(d, a),
    clock,
    times: { holdMs: config.INCIDENT_HOLD_S * 1000, graceMs: config.INCIDENT_RESTORE_GRACE_S * 1000 },
  });
  const alarms: AlarmService = new AlarmService(
    store,
    queue,
    alarmBook,
    ticketBook,
    effects,
    clock,
    sla,
    {
      flap: {
        count: config.FLAP_COUNT,
        windowMs: config.FLAP_WINDOW_S * 1000,
        quietMs: config.FLAP_QUIET_S * 1000,
      },
      repeatWindowMs: config.REPEAT_WINDOW_H * 3600_000,
    },
    incidents,
  );
  const compounds = new CompoundService(store, devices, alarmBook, ticketBook, clock);
  const sites = new SiteService(store, clock);
  const telemetry = new TelemetryService(store, queue);
  const stats = new StatsService(tickets, compounds, clock);
  const ingest = new IngestService(devices, alarms, effects, queue, bus, metrics, rlog, clock, {
    offlineAfterMs: config.OFFLINE_AFTER_S * 1000,
  });
  const push = createPushService(store, clock, log, metrics.registry, {
    subject: config.VAPID_SUBJECT,
    allowHttpLoopback: config.PUSH_ALLOW_HTTP_LOOPBACK,
  });
  const dispatch = createDispatch(config, roads, { ticketBook, vans, compounds, effects, clock, sla, log });
  tickets.estimateWith((t, vanId) => dispatch.etaFor(t, vanId));
  let cluster: ClusterNode | undefined;
  if (config.REDIS_URL) {
    cluster = await ClusterNode.open({
      config,
      store,
      queue,
      bus,
      devices,
      vans,
      compounds,
      alarms,
      tickets,
      ticketBook,
      ingest,
      silences,
      roadClosures,
      duty,
      incidents,
      dispatch: () => dispatch.run(),
      requestDispatch: () => effects.requestDispatch(),
      log,
    }).catch(async (err: unknown) => {
      await store.close();
      throw new ConfigError((err as Error).message);
    });
  }
  const node = cluster;
  // In a cluster, dispatch passes are the timekeeper's, fenced by its lease.
  dispatchPass.bind(() => (node ? void node.timekeeper.run(() => dispatch.run()) : dispatch.run()));
  ingest.onReading((d, reading) => dispatch.onVanReading(d, reading));
  const duskSweep = new DuskSweep(
    { store, queue, devices, alarms: alarmBook, tickets: ticketBook, effects, clock, sla, log },
    {
      ...DuskSweep.settings(config),
      roads: () => roads?.network,
      ...(node && { lease: node.timekeeper }),
    },
  );
  await Promise.all([
    devices.load(),
    tickets.load(),
    alarms.load(),
    vans.load(),
    compounds.load(),
    silences.load(),
    roadClosures.load(),
    duty.load(),
    push.load(),
  ]);
  const stopPushing = push.listen(bus);
  const retired = alarms.retireOrphans(devices, clock.now());
  if (retired > 0) log.warn({ retired }, 'cleared active alarms of rules that are no longer configured');

  announceAdmin(await users.bootstrapAdmin(config.REDSAIL_ADMIN_PASSWORD), log);

  const limiter = new DeviceRateLimiter({ ratePerS: config.DEVICE_RATE_PER_S, burst: config.DEVICE_BURST });
  const conns = connectionLimits(config); // HTTP and MQTT connection caps within the open-file limit
  const broker: Broker = await createBroker({
    limits: conns.broker,
    devices,
    ...(node && { connections: node.connections }),
    limiter,
    clock,
    ingest,
    metrics,
    log,
    rlog,
    admission: createAdmission(config.ADMISSION_TURN_BUDGET, { queue, metrics, rlog }),
    catchUpBytes: config.ADMISSION_CATCH_UP_KB * 1024,
  });
  node?.attachBroker(broker);
  if (node) devices.readThrough((id) => !node.handles(id));
  if (node) incidents.handledBy((id) => node.handles(id));
  const audit = new AuditService(store, clock, log, metrics.registry);
  const incidentList = new IncidentList(store, queue, alarmBook, devices);
  const office = createOfficeServices({
    config,
    store,
    bus,
    clock,
    tickets,
    compounds,
    stats,
    incidents: incidentList,
    audit,
    duty,
    vans,
  });
  const { notifier, channels } = createNotifications(config, store, bus, clock, log);
  let ready = false;
  const services: Services = {
    health: new HealthService(store, {
      node: config.NODE_ID,
      storeFault: () => queue.fault,
      ...(node && { redis: () => node.redisStatus() }),
    }),
    bus,
    metrics,
    clock,
    users,
    accounts: new AccountService(store, bus, clock, (id) => vans.has(id)),
    devices,
    telemetry,
    alarms,
    tickets,
    attachments: new AttachmentService(store, tickets, clock),
    idempotency,
    compounds,
    sites,
    stats,
    ingest,
    vans,
    dispatch,
    duskSweep,
    incidents: incidentList,
    incidentGate: incidents,
    silences,
    roadClosures,
    duty,
    channels,
    push,
    audit,
    ...(roads && { roads: roads.network, roadsFile: roads.file }),
    mqtt: mqttFacade(broker, node),
    ...office,
  };
  const httpServer = createHttpServer(services, log, config, {
    isReady: () => ready,
    maxConnections: conns.httpMaxConnections,
    ...(roads && { roads: roads.file }),
  });
  const gateway: Gateway = createGateway(httpServer, bus, users, log, node?.gatewayOptions, {
    ...(config.PUBLIC_ORIGIN !== undefined && { publicOrigin: config.PUBLIC_ORIGIN }),
    perUser: config.SOCKETS_PER_USER,
    perAddress: config.SOCKETS_PER_ADDR,
  });
  announceRoadClosures(gateway.io, roadClosures);
  const detachMqttWs = attachMqttWebSocket(httpServer, (stream) => broker.handleStream(stream));
  tlsListeners.attach({ mqtt: (stream) => broker.handleStream(stream), http: httpServer });

  /** Housekeeping every 10 minutes: telemetry retention, expired logins and idempotency keys. */
  const compact = housekeeping({
    config,
    store,
    queue,
    users,
    idempotency,
    clock,
    log,
    ...(node && { leads: () => node.timekeeper.fence() !== undefined }),
  });
  const timers: NodeJS.Timeout[] = [];
  /** The periodic checks: silence → offline, rule timers, flapping alarms gone quiet, the incident sweep, SLA flags, and dispatch as a safety net. */
  const tick = () => {
    roadClosures.expire(); // every node: its own list and road network
    duskSweep.tick(); // its own lease check: in a cluster only the timekeeper sweeps
    if (node) return node.timekeeper.tick(clock.now());
    ingest.tick();
    alarms.settleFlapping();
    incidents.sweep();
    tickets.checkSla();
    dispatch.run();
  };

  return {
    services,
    store,
    tick,
    compact,
    async start() {
      // Consoles reload their snapshot when this node may have missed the others' events.
      await node?.start(() => gateway.io.local.emit('resync'));
      const mqttPort = await listen(broker.server, config.MQTT_PORT, config.HOST, 'MQTT_PORT');
      const httpPort = await listen(httpServer, config.PORT, config.HOST, 'PORT');
      const tlsPorts = await tlsListeners.listen();
      ready = true;
      if (opts.autoTick !== false) timers.push(setInterval(tick, 1000));
      timers.push(
        setInterval(
          () => void compact().catch((err: unknown) => log.error({ err }, 'retention failed')),
          10 * 60_000,
        ),
      );
      void compact().catch((err: unknown) => log.error({ err }, 'retention failed'));
      dispatchPass.request(); // tickets that waited while the server was down
      log.info(
        { httpPort, mqttPort, ...tlsPorts, host: config.HOST, dataDir: config.DATA_DIR },
        'Redsail is up',
      );
      return { httpPort, mqttPort, ...tlsPorts };
    },
    async stop() {
      ready = false;
      for (const t of timers) clearInterval(t);
      roadClosures.stop();
      detachMqttWs();
      await broker.close();
      await gateway.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await tlsListeners.close();
      await audit.flush();
      await queue.close();
      await notifier.stop();
      stopPushing();
      await push.close();
      await node?.stop();
      await store.close();
    },
    reloadTls: () => tlsListeners.reload(),
  };
}
