// The dispatch service as the composition root makes it: its settings from the config, and the road
// network (absent without ROADS_FILE: straight lines).
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import type { Logger } from '../log';
import type { SlaPolicy } from '../pipeline/sla';
import type { LoadedRoads } from '../roads/load';
import type { TicketBook } from '../state/ticket-book';
import type { CompoundService } from './compounds';
import { DispatchService } from './dispatch';
import type { Effects } from './effects';
import type { VanService } from './vans';

export interface DispatchDeps {
  ticketBook: TicketBook;
  vans: VanService;
  compounds: Pick<CompoundService, 'centroid'>;
  effects: Effects;
  clock: Clock;
  sla: SlaPolicy;
  log: Logger;
}

export function createDispatch(
  config: Config,
  roads: LoadedRoads | undefined,
  d: DispatchDeps,
): DispatchService {
  const opts = {
    auto: config.AUTO_DISPATCH,
    speedKmh: config.URBAN_SPEED_KMH,
    arriveRadiusM: config.ARRIVE_RADIUS_M,
  };
  const { ticketBook, vans, compounds, effects, clock, sla, log } = d;
  return new DispatchService(ticketBook, vans, compounds, effects, clock, sla, log, opts, roads?.network);
}
