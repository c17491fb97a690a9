// The server set-ups the cluster benchmark compares, each started fresh with its teardown in a
// Cleanup: (a) one node on SQLite (the default), (b) one node on a throw-away PostgreSQL
// (DATABASE_URL only), (c) N nodes on one PostgreSQL and one redis-server (DATABASE_URL + REDIS_URL,
// each node its NODE_ID and own loopback ports). Also the pids the CPU split is read from, and a
// load generator whose connections are spread round-robin over the nodes' MQTT ports.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Cleanup } from '../../scripts/lib/cleanup';
import { startPostgres } from '../../scripts/lib/postgres-server';
import { startRedis } from '../../scripts/lib/redis-server';
import type { Log } from './common';
import { LoadGenerator } from './generator';
import type { GenClient } from './load-gen';
import { findPid } from './proc-tree';
import { startRedsail, type Redsail } from './server';

export type FieldName = 'sqlite' | 'postgres' | 'cluster';

export interface Field {
  name: FieldName;
  nodes: Redsail[];
  /** Root pid of each server-side role for the CPU split: `node-1`…, `postgres`, `redis`. */
  roots: Record<string, number>;
}

/** Starts one set-up with its data under `dir`; `env` goes to every node (e.g. the per-device limit). */
export async function startField(
  name: FieldName,
  dir: string,
  size: number,
  cleanup: Cleanup,
  log: Log,
  env: Record<string, string>,
): Promise<Field> {
  const roots: Record<string, number> = {};
  const shared: Record<string, string> = { ...env };
  if (name !== 'sqlite') {
    const pg = await startPostgres();
    cleanup.add('postgres', () => pg.stop());
    shared.DATABASE_URL = await pg.createDatabase('redsail_bench');
    // pg_ctl starts the postmaster detached: found by its port; its backends are its children.
    const port = new URL(pg.url).port;
    const pid = findPid(new RegExp(`/postgres .*-p ${port}( |$)`));
    if (pid !== undefined) roots.postgres = pid;
    log(`${name}: PostgreSQL up on port ${port}${pid === undefined ? ' (its process not found)' : ''}`);
  }
  if (name === 'cluster') {
    const redis = await startRedis();
    cleanup.add('redis', () => redis.stop());
    shared.REDIS_URL = redis.url;
    shared.DEVICE_SECRET_KEY = randomBytes(32).toString('hex'); // the same on every node
    const pid = findPid(new RegExp(`^redis-server 127\\.0\\.0\\.1:${redis.port}$`));
    if (pid !== undefined) roots.redis = pid;
    log(`${name}: redis-server up on port ${redis.port}`);
  }
  const n = name === 'cluster' ? size : 1;
  const start = (i: number) =>
    startRedsail(path.join(dir, `node-${i + 1}`), cleanup, {
      env: { ...shared, ...(name === 'cluster' && { NODE_ID: `node-${i + 1}` }) },
    });
  // The first node creates the schema and the admin; the others then start side by side.
  const nodes = [await start(0)];
  nodes.push(...(await Promise.all(Array.from({ length: n - 1 }, (_, i) => start(i + 1)))));
  nodes.forEach((node, i) => (roots[`node-${i + 1}`] = node.pid));
  log(`${name}: ${n} node${n > 1 ? 's' : ''} up (MQTT ports ${nodes.map((x) => x.mqttPort).join(', ')})`);
  return { name, nodes, roots };
}

/** One generator process; client i connects to node i mod N. Returns it with the totals. */
export async function spreadGenerator(
  nodes: Redsail[],
  clients: GenClient[],
  payload: string,
  cleanup: Cleanup,
  timeoutMs: number,
): Promise<{ gen: LoadGenerator; ok: number; failed: number; firstError?: string }> {
  const gen = LoadGenerator.start(cleanup);
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (let k = 0; k < nodes.length; k++) {
    const part = clients.filter((_, i) => i % nodes.length === k);
    const c = await gen.connect(nodes[k]!.mqttPort, part, payload, { timeoutMs });
    ok += c.ok;
    failed += c.failed;
    firstError ??= c.firstError;
  }
  return { gen, ok, failed, ...(firstError !== undefined && { firstError }) };
}
