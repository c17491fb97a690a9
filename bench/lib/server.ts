// The Redsail server as every benchmark runs it: the production bundle (dist/server, built by
// scripts/lib/build-server.ts through tests/helpers/process) as a child process on loopback ports,
// its own DATA_DIR, a console directory (a placeholder page unless the bench built the real console),
// logged in as admin. Its stop goes to the Cleanup. BENCH_CPU_PROF=<dir>: the server writes a V8 CPU
// profile there when it stops.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Cleanup } from '../../scripts/lib/cleanup';
import { Api } from '../../tests/helpers/api';
import { startProcess, stopProcess } from '../../tests/helpers/process';
import { REPO, withTimeout } from './common';
import { scrape, type Scrape } from './metrics';
import { procSample } from './proc-cpu';

export const ADMIN_PASSWORD = 'bench-admin-pass-1';

export interface Redsail {
  child: ChildProcess;
  pid: number;
  url: string;
  mqttPort: number;
  mqttUrl: string;
  api: Api;
  /** The admin's token. */
  admin: string;
  /** Why the process is gone (with its last log line), if it is. */
  died(): string | undefined;
  alive(): boolean;
  scrape(timeoutMs?: number): Promise<Scrape>;
}

export interface StartOptions {
  /** A built console to serve; default a placeholder page (the benches that need no browser). */
  consoleDir?: string;
  /** Server settings over this process's environment (e.g. DEVICE_RATE_PER_S). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Starts the server with its data under `dir`. */
export async function startRedsail(dir: string, cleanup: Cleanup, o: StartOptions = {}): Promise<Redsail> {
  if (path.resolve(process.cwd()) !== REPO) throw new Error(`run the bench from ${REPO}`);
  let consoleDir = o.consoleDir;
  if (!consoleDir) {
    consoleDir = path.join(dir, 'console');
    mkdirSync(consoleDir, { recursive: true });
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>bench</title>');
  }
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const profile = process.env.BENCH_CPU_PROF;
  const started = startProcess(
    {
      DATA_DIR: dataDir,
      CONSOLE_DIR: consoleDir,
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      // The load generators connect every device from 127.0.0.1.
      MQTT_MAX_CONN_PER_ADDR: '20000',
      ...o.env,
    },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [],
  );
  const server = await withTimeout(started, o.timeoutMs ?? 60_000, 'server start');
  server.child.stderr?.resume();
  cleanup.add('server', () => stopProcess(server));
  let why: string | undefined;
  server.child.once('exit', (code, signal) => (why = `exited (${signal ?? code})`));
  const url = `http://127.0.0.1:${server.httpPort}`;
  const api = new Api(url);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  const pid = server.child.pid ?? -1;
  return {
    child: server.child,
    pid,
    url,
    mqttPort: server.mqttPort,
    mqttUrl: `mqtt://127.0.0.1:${server.mqttPort}`,
    api,
    admin,
    // The server's last log line usually says why it stopped.
    died: () => why && `${why}: ${(server.stdout.at(-1) ?? '').slice(0, 300)}`,
    alive: () => server.child.exitCode === null && server.child.signalCode === null && !!procSample(pid),
    scrape: (timeoutMs) => scrape(url, timeoutMs),
  };
}

/** Builds the console into `outDir` (unless CONSOLE_DIR names a build to use). */
export function buildConsole(outDir: string): string {
  const given = process.env.CONSOLE_DIR;
  if (given) return path.resolve(given);
  const vite = path.join(REPO, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      'console/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`console build failed (exit ${r.status})`);
  return outDir;
}
