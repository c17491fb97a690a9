// A real local cluster for tests: one throw-away PostgreSQL, one redis-server, and N Redsail server
// processes on them (the production build, tests/helpers/process.ts), each on its own free ports.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from './api';
import { createDatabase, startPostgres, type PostgresServer } from '../../scripts/lib/postgres-server';
import { startProcess, stopProcess, type ServerProcess } from './process';
import { startRedis, type TestRedis } from '../../scripts/lib/redis-server';
import { ADMIN_PASSWORD } from './server';

export interface ClusterNodeProcess {
  id: string;
  proc: ServerProcess;
  httpUrl: string;
  mqttUrl: string;
  api: Api;
}

export interface TestCluster {
  pg: PostgresServer;
  redis: TestRedis;
  databaseUrl: string;
  nodes: ClusterNodeProcess[];
  /** Admin token (valid on every node). */
  admin: string;
  /** Starts (or restarts, with the same NODE_ID) node `i`. */
  start(i: number): Promise<ClusterNodeProcess>;
  /** kill -9: no shutdown, no last wills, its leases and presence left to expire. */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(size: number, env: Record<string, string> = {}): Promise<TestCluster> {
  const pg = await startPostgres();
  const redis = await startRedis().catch((err: unknown) => {
    pg.stop();
    throw err;
  });
  const databaseUrl = await createDatabase(pg.url, 'redsail_cluster');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redsail-cluster-'));
  // Every node checks device secrets under the same key (required in cluster mode).
  const deviceKey = randomBytes(32).toString('hex');
  const nodes: ClusterNodeProcess[] = [];
  const start = async (i: number) => {
    const id = `node-${i + 1}`;
    const proc = await startProcess({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      DEVICE_SECRET_KEY: deviceKey,
      NODE_ID: id,
      DATA_DIR: path.join(dataDir, id),
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    });
    const node = {
      id,
      proc,
      httpUrl: `http://127.0.0.1:${proc.httpPort}`,
      mqttUrl: `mqtt://127.0.0.1:${proc.mqttPort}`,
      api: new Api(`http://127.0.0.1:${proc.httpPort}`),
    };
    nodes[i] = node;
    return node;
  };
  const cluster: TestCluster = {
    pg,
    redis,
    databaseUrl,
    nodes,
    admin: '',
    start,
    async kill(i) {
      const node = nodes[i];
      if (node) await stopProcess(node.proc, 'SIGKILL');
    },
    async stop() {
      await Promise.all(nodes.map((n) => stopProcess(n.proc)));
      await redis.stop();
      pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(Array.from({ length: size }, (_, i) => start(i)));
    cluster.admin = await nodes[0]!.api.login('admin', ADMIN_PASSWORD);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
