// `npm run demo`: the whole thing on one machine — server, demo data, device and van simulators
// with technician bots — so a newcomer sees a living map within seconds. Demo passwords only here,
// so it listens on 127.0.0.1 unless HOST says otherwise; `--no-bots` leaves the tickets to people.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRedsail } from '../server/src/app';
import { ConfigError, loadConfig } from '../server/src/config/config';
import { createLogger } from '../server/src/log';
import { DEFAULT_DATA_DIR } from './lib/demo-data';
import { isLoopback, localHost, parseDemoArgs } from './lib/demo-options';
import { DEMO_ADMIN_PASSWORD, DEMO_TECHNICIAN, demoLogins, setUpDemo } from './lib/demo-run';
import { startFleet } from './devices/fleet';
import { loadScenario } from './devices/scenario';
import { startVans } from './vans/van-sim';

async function main(): Promise<void> {
  const opts = parseDemoArgs(process.argv.slice(2), process.env);
  const env = {
    DATA_DIR: './data/demo',
    REDSAIL_ADMIN_PASSWORD: DEMO_ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    // The demo town's streets are the road network: dispatch by road time, routes on the map.
    ROADS_FILE: path.join(DEFAULT_DATA_DIR, 'streets.geojson'),
    ...process.env,
    HOST: opts.host,
  };
  const config = loadConfig(env);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const log = createLogger(config.LOG_LEVEL);
  const app = await createRedsail(config, log);
  const { httpPort, mqttPort } = await app.start();
  const host = localHost(config.HOST);
  const apiUrl = `http://${host}:${httpPort}`;
  const mqttUrl = `mqtt://${host}:${mqttPort}`;

  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const adminPassword = config.REDSAIL_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD;
  const demo = await setUpDemo({ apiUrl, adminPassword, dataDir: config.DATA_DIR, say });
  const { data } = demo;
  const fleet = await startFleet({
    mqttUrl,
    devices: demo.devices,
    scenario: loadScenario('demo'),
    seed: Date.now() % 100_000,
  });
  const vans = await startVans({
    apiUrl,
    mqttUrl,
    apiToken: demo.dispatcher,
    vans: demo.vans,
    streets: data.streets,
    bots: opts.bots,
    technician: DEMO_TECHNICIAN,
  });

  say('');
  say(`  Redsail is running: ${apiUrl}   (MQTT ${mqttUrl}, data in ${config.DATA_DIR})`);
  say(
    isLoopback(config.HOST)
      ? `  Listening on ${config.HOST} (this machine only); HOST=0.0.0.0 npm run demo opens it to the network.`
      : `  Listening on ${config.HOST}, port ${httpPort} (HTTP) and ${mqttPort} (MQTT): reachable from the network.`,
  );
  say(`  Console: ${apiUrl}/  (served from console/dist: run npm run build once if it is missing)`);
  for (const line of demoLogins(data, adminPassword)) say(line);
  say(
    `  ${data.devices.length} devices and ${data.vans.length} vans are live; a first fault comes within seconds.`,
  );
  say(
    opts.bots
      ? '  Technician bots work the tickets (npm run demo -- --no-bots leaves them to you).'
      : '  No technician bots (--no-bots): tickets wait for a dispatcher and a technician.',
  );
  say('  Ctrl-C stops everything.');
  say('');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping the demo …');
    await vans.stop();
    await fleet.stop();
    await app.stop();
    const s = fleet.summary();
    say(`devices connected ${s.devicesConnected}, messages sent ${s.messagesSent}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
