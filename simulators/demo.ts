// `npm run demo`: the whole thing on one machine — server, demo data, device and van simulators
// with technician bots — so a newcomer sees a living map within seconds. Demo passwords only here.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRedsail } from '../server/src/app';
import { ConfigError, loadConfig } from '../server/src/config/config';
import { createLogger } from '../server/src/log';
import { loadDemoData } from './lib/demo-data';
import { provision } from './lib/provision';
import { login } from './lib/login';
import { startFleet } from './devices/fleet';
import { loadScenario } from './devices/scenario';
import { startVans } from './vans/van-sim';

const DEMO_ADMIN_PASSWORD = 'redsail-demo-admin';

async function main(): Promise<void> {
  const env = {
    DATA_DIR: './data/demo',
    REDSAIL_ADMIN_PASSWORD: DEMO_ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    ...process.env,
  };
  const config = loadConfig(env);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const log = createLogger(config.LOG_LEVEL);
  const app = await createRedsail(config, log);
  const { httpPort, mqttPort } = await app.start();
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const apiUrl = `http://${host}:${httpPort}`;
  const mqttUrl = `mqtt://${host}:${mqttPort}`;

  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const admin = await login(apiUrl, 'admin', config.REDSAIL_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD, FRESH_DIR);
  const data = loadDemoData();
  say('Redsail demo: loading the Qufu old-town demo data (synthetic) …');
  const creds = await provision({
    apiUrl,
    adminToken: admin,
    data,
    credentialsFile: path.join(config.DATA_DIR, 'demo-credentials.json'),
    log: say,
  });
  const dispatcher = await login(apiUrl, data.dispatcher.username, data.dispatcher.password, FRESH_DIR);
  const byId = new Map(creds.devices.map((d) => [d.id, d.password]));
  const fleet = await startFleet({
    mqttUrl,
    devices: data.devices.flatMap((d) => {
      const password = byId.get(d.id);
      return password ? [{ ...d, password }] : [];
    }),
    scenario: loadScenario('demo'),
    seed: Date.now() % 100_000,
  });
  const vanCreds = new Map(creds.vans.map((v) => [v.id, v.password]));
  const vans = await startVans({
    apiUrl,
    mqttUrl,
    apiToken: dispatcher,
    vans: data.vans.map((v) => ({
      id: v.id,
      password: vanCreds.get(v.id) ?? '',
      home: { lat: v.homeLat, lng: v.homeLng },
      technician: v.technician,
    })),
    streets: data.streets,
    bots: true,
    // Brisk demo technicians: a van sets off within seconds of a fault, a repair takes minutes.
    technician: { acceptS: [3, 8], departS: [1, 3], repairS: [120, 300] },
  });

  say('');
  say(`  Redsail is running: ${apiUrl}   (MQTT ${mqttUrl}, data in ${config.DATA_DIR})`);
  say(`  Console: ${apiUrl}/  (served from console/dist: run npm run build once if it is missing)`);
  say('  Demo logins — demo passwords, for this demo only:');
  say(`    admin       ${config.REDSAIL_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD}`);
  say(`    ${data.dispatcher.username.padEnd(11)} ${data.dispatcher.password}   (dispatcher)`);
  for (const v of data.vans)
    say(`    ${v.technician.username.padEnd(11)} ${v.technician.password}   (technician, ${v.name})`);
  say(
    `  ${data.devices.length} devices and ${data.vans.length} vans are live; a first fault comes within seconds.`,
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

const FRESH_DIR = 'use a fresh DATA_DIR, or the REDSAIL_ADMIN_PASSWORD this DATA_DIR was created with';

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
