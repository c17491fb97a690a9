// The services one server instance runs, as handed to the HTTP routers and the realtime gateway.
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';
import type { AlarmService } from './alarms';
import type { CompoundService } from './compounds';
import type { DeviceService } from './devices';
import type { IngestService } from './ingest';
import type { SiteService } from './sites';
import type { TicketService } from './tickets';
import type { UserService } from './users';
import type { WriteQueue } from '../store/write-queue';
import type { VanService } from './vans';
import type { DispatchService } from './dispatch';

export interface Services {
  store: Store;
  queue: WriteQueue;
  bus: EventBus;
  metrics: Metrics;
  clock: Clock;
  users: UserService;
  devices: DeviceService;
  alarms: AlarmService;
  tickets: TicketService;
  compounds: CompoundService;
  sites: SiteService;
  ingest: IngestService;
  vans: VanService;
  dispatch: DispatchService;
  mqtt: {
    /** Sends a command to a device over MQTT; true when the device is connected now. */
    sendCommand(deviceId: string, payload: object): boolean;
    connectedClients(): number;
  };
}
