// `npm run sim -- --vans [--bots]`: the data set's vans drive the streets; with --bots their
// technicians (the data set's demo logins) work the tickets.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DATA_DIR, loadDemoData } from '../lib/demo-data';
import { startVans, type VanFleet } from '../vans/van-sim';
import { login } from '../lib/login';

const VanSecrets = z.object({
  vans: z.record(z.string(), z.union([z.string(), z.object({ password: z.string() })])),
});

export interface VanCliOptions {
  api: string;
  mqtt: string;
  credentials: string;
  data: string | undefined;
  bots: boolean;
  seed: number;
  timeScale: number;
  log: (msg: string) => void;
}

export async function startCliVans(o: VanCliOptions): Promise<VanFleet> {
  const data = loadDemoData(o.data ?? DEFAULT_DATA_DIR);
  const parsed = VanSecrets.safeParse(JSON.parse(readFileSync(o.credentials, 'utf8')));
  if (!parsed.success)
    throw new Error(`${o.credentials} holds no "vans" secrets: register the vans through provisioning first`);
  const secrets = parsed.data.vans;
  const vans = data.vans.flatMap((v) => {
    const s = secrets[v.id];
    if (s === undefined) return [];
    return [
      {
        id: v.id,
        password: typeof s === 'string' ? s : s.password,
        home: { lat: v.homeLat, lng: v.homeLng },
        technician: v.technician,
      },
    ];
  });
  if (vans.length === 0) throw new Error(`${o.credentials} has no secret for any van of the data set`);
  const token = await login(
    o.api,
    data.dispatcher.username,
    data.dispatcher.password,
    "the vans need the data set's dispatcher login",
  );
  return startVans({
    apiUrl: o.api,
    mqttUrl: o.mqtt,
    apiToken: token,
    vans,
    streets: data.streets,
    bots: o.bots,
    seed: o.seed,
    timeScale: o.timeScale,
    log: o.log,
  });
}
