// The tickets a run opened, read from the server's API with the data set's dispatcher login, and
// the run summary built from them (see devices/root-causes.ts).
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CompiledDeviceType } from '../../devices/index';
import { TicketDto } from '../../server/src/contracts/dto';
import { runSummary, type RunSummary, type RunTicket } from '../devices/root-causes';
import type { Scenario } from '../devices/scenario';
import type { Fleet } from '../devices/types';
import { DEFAULT_DATA_DIR, loadDemoData } from '../lib/demo-data';
import { login } from '../lib/login';
import { Api } from '../vans/api';

/** The server's largest page of GET /api/tickets (newest first). */
const TICKET_PAGE = 1000;

const RunTicketSchema = TicketDto.pick({
  id: true,
  deviceId: true,
  alarmRule: true,
  createdAt: true,
  updatedAt: true,
});

/** The newest tickets; `truncated` when the page is full and all of it is newer than `since`. */
export async function readTickets(
  api: Api,
  since: string,
): Promise<{ tickets: RunTicket[]; truncated: boolean }> {
  const list = await api.get(`/api/tickets?limit=${TICKET_PAGE}`, z.array(RunTicketSchema));
  const oldest = list.reduce<string | undefined>(
    (m, t) => (m === undefined || t.createdAt < m ? t.createdAt : m),
    undefined,
  );
  return { tickets: list, truncated: list.length === TICKET_PAGE && oldest !== undefined && oldest >= since };
}

export interface RunSummaryOptions {
  api: string;
  /** The data set whose dispatcher login reads the tickets (default the Qufu demo). */
  data: string | undefined;
  scenario: Scenario;
  seed: number;
  startedAt: string;
  fleet: Fleet;
  devices: readonly { id: string; type: string }[];
  registry: ReadonlyMap<string, CompiledDeviceType>;
  /** Also write the summary here, as JSON. */
  jsonFile?: string;
}

/** Logs in as the data set's dispatcher, reads the tickets and summarises the run. */
export async function summariseRun(o: RunSummaryOptions): Promise<RunSummary> {
  const { dispatcher } = loadDemoData(o.data ?? DEFAULT_DATA_DIR);
  const token = await login(
    o.api,
    dispatcher.username,
    dispatcher.password,
    "the run summary reads the tickets with the data set's dispatcher login (provisioning creates it)",
  );
  const { tickets, truncated } = await readTickets(new Api(o.api, token), o.startedAt);
  const summary = runSummary({ ...o, played: o.fleet.played(), tickets, truncated });
  if (o.jsonFile !== undefined) writeFileSync(o.jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
