// The services one server instance runs, as handed to the HTTP routers and the realtime gateway.
// Routers reach the data only through these; none is handed the store.
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { Metrics } from '../metrics';
import type { AlarmService } from './alarms';
import type { AttachmentService } from './attachments';
import type { IdempotencyService } from './idempotency';
import type { AuditService } from './audit';
import type { CompoundService } from './compounds';
import type { DeviceService } from './devices';
import type { DuskSweep } from './dusk-sweep';
import type { HealthService } from './health';
import type { DispatchService } from './dispatch';
import type { IncidentList } from './incident-list';
import type { IncidentService } from './incidents';
import type { IngestService } from './ingest';
import type { SilenceService } from './silences';
import type { RoadClosureService } from './road-closures';
import type { SiteService } from './sites';
import type { StatsService } from './stats';
import type { ReportService } from './reports';
import type { TelemetryService } from './telemetry';
import type { TicketService } from './tickets';
import type { UserService } from './users';
import type { AccountService } from './accounts';
import type { PushService } from './push';
import type { VanService } from './vans';
import type { DutyService } from './duty';
import type { HandoverService } from './handovers';
import type { IntegrationService } from './integrations';
import type { Open311Service } from './open311';
import type { ChannelService } from '../notify/channels';
import type { RoadsFile } from '../roads/roads-file';
import type { RoadNetwork } from '../roads/types';

export interface Services {
  /** This node, its store and its cluster link, for /api/health. */
  health: HealthService;
  bus: EventBus;
  metrics: Metrics;
  clock: Clock;
  users: UserService;
  /** Disabling users, roles and vans, password changes (they end the user's logins). */
  accounts: AccountService;
  devices: DeviceService;
  telemetry: TelemetryService;
  alarms: AlarmService;
  tickets: TicketService;
  /** Photos and signatures of tickets (api.md "Field work"). */
  attachments: AttachmentService;
  /** Idempotency-Key of queued requests (api.md "Field work"). */
  idempotency: IdempotencyService;
  compounds: CompoundService;
  sites: SiteService;
  stats: StatsService;
  reports: ReportService;
  ingest: IngestService;
  vans: VanService;
  dispatch: DispatchService;
  /** The dusk sweep: the lamps found dark after sunset become one night-patrol ticket. */
  duskSweep: DuskSweep;
  /** Power cuts and the alarms they explain (GET /api/incidents). */
  incidents: IncidentList;
  /** The incident gate: why an active alarm has no ticket of its own. */
  incidentGate: Pick<IncidentService, 'withheld'>;
  silences: SilenceService;
  /** Road closures in force: routes and dispatch avoid them; they expire by themselves. */
  roadClosures: RoadClosureService;
  /** The duty roster: shifts, who is on them, the supervisor on call. */
  duty: DutyService;
  /** Shift handovers (交接班): the outgoing dispatcher's sheet, signed off by the incoming one. */
  handovers: HandoverService;
  /** Notification channels (group robots, signed webhooks) and their delivery log. */
  channels: ChannelService;
  /** Web Push: the VAPID key, users' subscriptions, pushes of assignments and escalations. */
  push: PushService;
  /** The road network built from ROADS_FILE (routes, road times, closures); absent without one. */
  roads?: RoadNetwork;
  /** The parsed ROADS_FILE the network was built from (the console's base layer); absent without one. */
  roadsFile?: RoadsFile;
  /** Integration API keys (Open311 intake): issued and revoked by an admin. */
  integrations: IntegrationService;
  /** Open311 GeoReport v2 requests filed with an integration key (docs/open311.md). */
  open311: Open311Service;
  /** The audit trail: every change made through the API. */
  audit: AuditService;
  mqtt: {
    /** Sends a command to a device over MQTT (on whichever node it is connected); true if it is connected. */
    sendCommand(deviceId: string, payload: Record<string, unknown>): Promise<boolean>;
    connectedClients(): number;
    /** Closes the device's live connection wherever it is (its secret changed, or it was decommissioned). */
    drop(deviceId: string): Promise<void>;
  };
}
