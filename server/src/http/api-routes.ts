// The API's resources, each its own router, mounted behind authentication (app.ts). A new resource
// is one import and one line here.
import type express from 'express';
import type { Services } from '../services';
import { alarmsRouter } from './routes/alarms';
import { auditRouter } from './routes/audit';
import { compoundsRouter } from './routes/compounds';
import { sitesRouter } from './routes/sites';
import { devicesRouter } from './routes/devices';
import { incidentsRouter, silencesRouter } from './routes/incidents';
import { notificationsRouter } from './routes/notifications';
import { ticketsRouter } from './routes/tickets';
import { ticketExportRouter } from './routes/ticket-export';
import { attachmentsRouter } from './routes/attachments';
import { usersRouter } from './routes/users';
import { vansRouter } from './routes/vans';
import { statsRouter } from './routes/stats';
import { reportsRouter } from './routes/reports';
import { dutyRouter } from './routes/duty';
import { roadClosuresRouter } from './routes/road-closures';
import { handoversRouter } from './routes/handovers';
import { pushRouter } from './routes/push';
import { mapRouter, type MapSettings } from './routes/map';
import { routeRouter } from './routes/roads';
import { integrationsRouter } from './routes/integrations';

export function mountResources(app: express.Express, s: Services, map: MapSettings | undefined): void {
  app.use('/api/users', usersRouter(s));
  app.use('/api/devices', devicesRouter(s));
  app.use('/api/compounds', compoundsRouter(s));
  app.use('/api/sites', sitesRouter(s));
  app.use('/api/alarms', alarmsRouter(s));
  app.use('/api', ticketExportRouter(s));
  app.use('/api/tickets', ticketsRouter(s));
  app.use('/api', attachmentsRouter(s));
  app.use('/api/vans', vansRouter(s));
  app.use('/api/stats', statsRouter(s));
  app.use('/api/reports', reportsRouter(s));
  app.use('/api/incidents', incidentsRouter(s));
  app.use('/api/silences', silencesRouter(s));
  app.use('/api/duty', dutyRouter(s));
  app.use('/api/road-closures', roadClosuresRouter(s));
  app.use('/api/handovers', handoversRouter(s));
  app.use('/api/notification-channels', notificationsRouter(s));
  app.use('/api/push', pushRouter(s));
  app.use('/api', mapRouter(map ?? { config: { crs: 'wgs84', attribution: '' }, roads: undefined }));
  app.use('/api', auditRouter(s));
  app.use('/api', routeRouter(s));
  app.use('/api/integrations', integrationsRouter(s));
}
