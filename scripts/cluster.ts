// `npm run cluster`: a local cluster on one machine — a kept PostgreSQL (data/cluster/pg) and
// redis-server (data/cluster/redis), three Redsail nodes as child processes on them, the demo data
// provisioned once through node 1, the demo's device simulators spread over the nodes' MQTT ports
// and each van with its technician bot on a node of its own. Ctrl-C stops everything in order.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startFleet } from '../simulators/devices/fleet';
import { loadScenario } from '../simulators/devices/scenario';
import { DEMO_ADMIN_PASSWORD, DEMO_TECHNICIAN, demoLogins, setUpDemo } from '../simulators/lib/demo-run';
import { startVans } from '../simulators/vans/van-sim';
import { loadDeviceKey } from '../server/src/auth/device-key';
import { buildServer } from './lib/build-server';
import { Cleanup } from './lib/cleanup';
import { startNode, type RunningNode } from './lib/cluster-node';
import { clusterPlan, spread, vanNode, type ClusterPlan } from './lib/cluster-plan';
import { portsInUse } from './lib/port-check';
import { startKeptPostgres } from './lib/postgres-kept';
import { createDatabaseIfMissing } from './lib/postgres-server';
import { startPersistentRedis } from './lib/redis-server';

const DIR = path.join('data', 'cluster');
const say = (msg: string) => process.stdout.write(`${msg}\n`);
const cleanup = new Cleanup();
let stopping = false;
/** True once something has been started that must be stopped. */
let begun = false;

/** Builds dist/server (always: it is quick) and console/dist (only when it is missing). */
function build(): string {
  say('building the server (dist/server) …');
  const entry = buildServer(process.cwd());
  if (!existsSync(path.join('console', 'dist', 'index.html'))) {
    say('building the console (console/dist, once) …');
    const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the console build failed (npm run build): see its output above');
  }
  return entry;
}

async function startServices(plan: ClusterPlan): Promise<{ databaseUrl: string; redisUrl: string }> {
  const pgDir = path.join(DIR, 'pg');
  const pg = await startKeptPostgres(pgDir, plan.postgresPort);
  cleanup.add('PostgreSQL', () => {
    pg.stop();
    say('PostgreSQL stopped');
  });
  const databaseUrl = await createDatabaseIfMissing(pg.url, 'redsail');
  say(
    `PostgreSQL ready on 127.0.0.1:${pg.port} (${pg.created ? 'new' : 'kept'} data in ${pgDir}, log ${path.relative(process.cwd(), pg.logFile)})`,
  );
  const redisDir = path.join(DIR, 'redis');
  const redis = await startPersistentRedis(redisDir, plan.redisPort);
  cleanup.add('Redis', async () => {
    await redis.stop();
    say('Redis stopped');
  });
  redis.onExit((code) =>
    say(
      `!! redis-server exited unexpectedly (code ${code}). The nodes keep serving from PostgreSQL but ` +
        'lose fan-out and cross-node work; stop with Ctrl-C and run npm run cluster again.',
    ),
  );
  say(`Redis ready on 127.0.0.1:${redis.port} (AOF on, noeviction, data in ${redisDir})`);
  return { databaseUrl, redisUrl: redis.url };
}

async function startNodes(
  plan: ClusterPlan,
  entry: string,
  env: Record<string, string>,
): Promise<RunningNode[]> {
  const start = async (i: number): Promise<RunningNode> => {
    const p = plan.nodes[i]!;
    const dataDir = path.join(DIR, p.id);
    mkdirSync(dataDir, { recursive: true });
    const node = await startNode(entry, p, { ...env, DATA_DIR: dataDir }, path.join(DIR, `${p.id}.log`));
    cleanup.add(p.id, async () => {
      await node.stop();
      say(`${p.id} stopped`);
    });
    node.onExit((code, signal) =>
      say(
        `!! ${p.id} exited unexpectedly (${signal ?? `code ${code}`}); see ${node.logFile}. The other ` +
          'nodes keep running; its simulated devices keep retrying it. To bring it back, stop with ' +
          'Ctrl-C and run npm run cluster again.',
      ),
    );
    say(`${p.id} up on ${node.httpUrl} (MQTT ${node.mqttUrl}, log ${node.logFile})`);
    return node;
  };
  // Node 1 first: on a new database it creates the schema and the admin user alone.
  const first = await start(0);
  // allSettled: every node that comes up is in the cleanup before a failure is reported.
  const rest = await Promise.allSettled(plan.nodes.slice(1).map((_, i) => start(i + 1)));
  const failed = rest.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return [first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
}

async function main(): Promise<void> {
  const plan = clusterPlan(process.env);
  const busy = await portsInUse(plan);
  if (busy.length > 0) throw new Error(busy.join('\n'));
  const entry = build();
  if (stopping) return;
  mkdirSync(DIR, { recursive: true });
  begun = true;
  const adminPassword = process.env.REDSAIL_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD;
  const services = await startServices(plan);
  if (stopping) return;
  const nodes = await startNodes(plan, entry, {
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    // Kept in DIR beside the database, so the nodes of a later run check the same secrets alike.
    DEVICE_SECRET_KEY: process.env.DEVICE_SECRET_KEY ?? loadDeviceKey({ DATA_DIR: DIR }).toString('hex'),
    REDSAIL_ADMIN_PASSWORD: adminPassword,
  });
  if (stopping) return;

  const hint = `the database in ${DIR}/pg was created with another REDSAIL_ADMIN_PASSWORD: set that one`;
  const demo = await setUpDemo({ apiUrl: nodes[0]!.httpUrl, adminPassword, dataDir: DIR, say, hint });
  const groups = spread(demo.devices, nodes.length);
  if (stopping) return;
  const fleet = await startFleet({
    mqttUrl: nodes[0]!.mqttUrl,
    devices: groups.flatMap((g, i) => g.map((d) => ({ ...d, mqttUrl: nodes[i]!.mqttUrl }))),
    scenario: loadScenario('demo'),
    seed: Date.now() % 100_000,
  });
  cleanup.add('device simulators', async () => {
    await fleet.stop();
    const sum = fleet.summary();
    say(`device simulators stopped (connected ${sum.devicesConnected}, messages sent ${sum.messagesSent})`);
  });
  say(`device simulators: ${groups.map((g, i) => `${g.length} on ${nodes[i]!.id}`).join(', ')}`);
  for (const [i, van] of demo.vans.entries()) {
    if (stopping) return;
    const node = nodes[vanNode(i, nodes.length)]!;
    const sim = await startVans({
      apiUrl: node.httpUrl,
      mqttUrl: node.mqttUrl,
      apiToken: demo.dispatcher,
      vans: [van],
      streets: demo.data.streets,
      bots: true,
      seed: i + 1,
      technician: DEMO_TECHNICIAN,
    });
    cleanup.add(`van ${van.id}`, async () => {
      await sim.stop();
      say(`van ${van.id} simulator stopped`);
    });
    say(`van ${van.id} and its technician bot on ${node.id}`);
  }

  say('');
  say(`  Redsail cluster of ${nodes.length} nodes is running (data in ${DIR}, kept across runs):`);
  for (const n of nodes) say(`    ${n.id}  console ${n.httpUrl}/   MQTT ${n.mqttUrl}`);
  for (const line of demoLogins(demo.data, adminPassword)) say(line);
  say('  A token from one node is valid on all; a first fault comes within seconds.');
  say(`  Ctrl-C stops everything (simulators, nodes, Redis, PostgreSQL). rm -rf ${DIR} starts afresh.`);
  say('');
}

/** Stops what has been started, in reverse order, once the start has reached its next step. */
async function stop(code: number): Promise<void> {
  if (stopping) {
    say('still stopping …');
    return;
  }
  stopping = true;
  if (begun) say('\nstopping the cluster …');
  await started;
  await cleanup.run();
  if (begun) say('all stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
let failed = false;
const started = main().catch((err: unknown) => {
  failed = true;
  process.stderr.write(`npm run cluster: ${err instanceof Error ? err.message : String(err)}\n`);
});
void started.then(() => {
  if (failed) void stop(1);
});
