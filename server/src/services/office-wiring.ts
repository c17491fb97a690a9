// The back-office services (api.md v1.1 "Reports, intake and handover"): the monthly report, the
// integrations that file Open311 requests, and the dispatchers' shift handovers, made from the core
// services they read. One place, so the composition root (app.ts) gains one line for all of them.
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import type { EventBus } from '../events/bus';
import type { Store } from '../store/store';
import type { Services } from '.';
import type { AuditService } from './audit';
import type { CompoundService } from './compounds';
import type { DutyService } from './duty';
import { HandoverService } from './handovers';
import type { IncidentList } from './incident-list';
import { IntegrationService } from './integrations';
import { Open311Service } from './open311';
import { ReportService } from './reports';
import type { StatsService } from './stats';
import type { TicketService } from './tickets';
import type { VanService } from './vans';

export interface OfficeDeps {
  config: Config;
  store: Store;
  bus: EventBus;
  clock: Clock;
  tickets: TicketService;
  compounds: CompoundService;
  stats: StatsService;
  incidents: IncidentList;
  audit: AuditService;
  duty: DutyService;
  vans: VanService;
}

/** The Services entries made here. */
export type OfficeServices = Pick<Services, 'handovers' | 'reports' | 'integrations' | 'open311'>;

export function createOfficeServices(d: OfficeDeps): OfficeServices {
  return {
    handovers: new HandoverService(d),
    reports: new ReportService({
      tickets: d.tickets,
      store: d.store,
      compounds: d.compounds,
      audit: d.audit,
      clock: d.clock,
      timeZone: d.config.SITE_TZ,
      org: d.config.ORG_NAME,
    }),
    integrations: new IntegrationService(d.store, d.clock),
    open311: new Open311Service({
      tickets: d.tickets,
      clock: d.clock,
      compounds: () => d.store.listCompounds(),
      agency: d.config.ORG_NAME,
    }),
  };
}
