// The van fleet simulator: every van a real MQTT device that drives by street to its accepted ticket
// and back to its depot, and (with `bots`) a technician bot per van that works its tickets.
//
// How a van learns its ticket: the fleet polls GET /api/tickets?status=dispatched,…,on_site once per
// tick for all vans together. A van holds at most one such ticket, so the answer is small; it carries
// the status (GET /api/vans says only `assigned` for both dispatched and accepted) and the location.
// Polling at the GPS rate reacts within one fix, needs no event replay after a reconnect or a server
// restart, and the apiToken may be any dispatcher or admin login.
import { z } from 'zod';
import type { Streets } from '../lib/demo-data';
import { seededRandom } from '../lib/random';
import { Api, errorText, VanLite } from './api';
import { TechnicianBot } from './bot';
import { FleetWatch } from './fleet-watch';
import { buildGraph, type LatLng } from './routing';
import { SimVan, type VanSpec } from './sim-van';
import { TECHNICIAN, type TechnicianProfile } from './technician';

export type { VanSpec } from './sim-van';

export interface VanSimOptions {
  apiUrl: string;
  mqttUrl: string;
  /** A dispatcher or admin token, to read the vans and their tickets. */
  apiToken: string;
  vans: VanSpec[];
  streets: Streets;
  /** A technician bot for every van with a technician login. */
  bots?: boolean;
  seed?: number;
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** Real milliseconds between GPS fixes (default 1000). */
  tickMs?: number;
  /** Overrides of the bots' timings (simulated seconds): accept, depart, repair. */
  technician?: Partial<TechnicianProfile>;
  log?: (msg: string) => void;
}

export interface VanFleet {
  stop(): Promise<void>;
  positions(): Map<string, { lat: number; lng: number }>;
}

/** A tick that comes late (a busy event loop, a suspended laptop) moves the vans at most this many ticks. */
const MAX_LAG_TICKS = 5;

/** A stream of seeds for the vans and bots, all from the one seed. */
const subSeed = (seed: number, i: number, salt: number) => (seed * 0x9e3779b1 + i * 7919 + salt) >>> 0;

export async function startVans(opts: VanSimOptions): Promise<VanFleet> {
  const { tickMs = 1000, timeScale = 1, seed = 1, log = () => undefined } = opts;
  if (!(tickMs > 0) || !(timeScale > 0)) throw new Error('tickMs and timeScale must be positive');
  const graph = buildGraph(opts.streets);
  const api = new Api(opts.apiUrl, opts.apiToken);
  // Where the server last saw each van: a restarted simulator carries on from there.
  const known = new Map((await api.get('/api/vans', z.array(VanLite))).map((v) => [v.id, v]));
  const watch = new FleetWatch(api, log);
  await watch.poll();

  const vans: SimVan[] = [];
  const bots: TechnicianBot[] = [];
  const stopAll = async () => {
    for (const b of bots) b.stop();
    await Promise.all(vans.map((v) => v.stop()));
  };
  try {
    for (const [i, spec] of opts.vans.entries()) {
      const last = known.get(spec.id);
      const start: LatLng =
        last?.lat !== undefined && last.lng !== undefined
          ? [last.lat, last.lng]
          : [spec.home.lat, spec.home.lng];
      const rand = seededRandom(subSeed(seed, i, 1));
      vans.push(await SimVan.connect(spec, start, { mqttUrl: opts.mqttUrl, graph, rand, log }));
      if (!opts.bots || !spec.technician) continue;
      const bot = new TechnicianBot({
        apiUrl: opts.apiUrl,
        vanId: spec.id,
        login: spec.technician,
        profile: { ...TECHNICIAN, ...opts.technician },
        timeScale,
        rand: seededRandom(subSeed(seed, i, 2)),
        log,
      });
      bots.push(bot);
      await bot.start();
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const dtS = (Math.min(now - last, tickMs * MAX_LAG_TICKS) / 1000) * timeScale;
    last = now;
    for (const v of vans) {
      try {
        v.step(dtS, watch.job(v.spec.id));
      } catch (err) {
        log(`${v.spec.id}: step failed: ${errorText(err)}`); // one van's trouble never stops the fleet
      }
    }
    void watch.poll();
  }, tickMs);
  log(
    `van sim: ${vans.length} vans, ${bots.length} technician bots, ${timeScale}× time, a fix every ${tickMs} ms`,
  );

  return {
    async stop() {
      clearInterval(timer);
      await stopAll();
    },
    positions: () => new Map(vans.map((v) => [v.spec.id, v.position()])),
  };
}
