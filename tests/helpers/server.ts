// Starts a real Redsail server in-process (real aedes, the run's store backend, real sockets) on free ports.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRedsail, type Redsail } from '../../server/src/app';
import { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config/config';
import { createLogger, type Logger } from '../../server/src/log';
import { Api } from './api';
import { testBackend, type TestBackend } from './backends';

export const ADMIN_PASSWORD = 'admin-pass-123';

export interface TestServer {
  app: Redsail;
  clock: ManualClock | undefined;
  dataDir: string;
  httpUrl: string;
  /** The bound HTTP port: pass it back as `env.PORT` (with `MQTT_PORT`) to restart on the same ports. */
  httpPort: number;
  mqttPort: number;
  mqttUrl: string;
  /** The TLS listeners' ports, when MQTTS_PORT / HTTPS_PORT were set. */
  mqttsPort?: number;
  httpsPort?: number;
  api: Api;
  /** Admin bearer token. */
  admin: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Use a manual clock (tests advance it and call app.tick()). */
  manualClock?: boolean;
  dataDir?: string;
  /** Overrides the test defaults (PORT=0, MQTT_PORT=0, ...); e.g. `{ PORT, MQTT_PORT }` to reuse ports. */
  env?: Record<string, string>;
  /** The store backend (default: the run's, REDSAIL_TEST_STORE, else SQLite). */
  backend?: TestBackend;
  /** The server's logger (default: one at LOG_LEVEL, silent in tests). */
  log?: Logger;
}

export function tempDir(prefix = 'redsail-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const backend = opts.backend ?? testBackend();
  const config = loadConfig({
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    ...(await backend.prepare(dataDir)),
    REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const clock = opts.manualClock ? new ManualClock(Date.now()) : undefined;
  const app = await createRedsail(config, opts.log ?? createLogger(config.LOG_LEVEL), {
    ...(clock && { clock }),
    autoTick: false,
  });
  const { httpPort, mqttPort, ...tlsPorts } = await app.start();
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const api = new Api(httpUrl);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  return {
    app,
    clock,
    dataDir,
    httpUrl,
    httpPort,
    mqttPort,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    ...tlsPorts,
    api,
    admin,
    async stop({ keepData = false } = {}) {
      await app.stop();
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      await backend.discard(dataDir);
    },
  };
}
