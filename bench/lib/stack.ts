// The map benchmark's set-up: a console build, the real server as a child process, a city of
// compounds, devices and vans registered over the API, and the fleet driver child process. Every
// piece registers its own teardown with a Cleanup, which runs in reverse order even on failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startProcess, stopProcess, type ServerProcess } from '../../tests/helpers/process';
import { Api } from '../../tests/helpers/api';
import type { City, LatLng } from './city';
import type { DriverReady, DriverSpec } from './fleet-driver';

import { Cleanup, stopChild } from '../../scripts/lib/cleanup';

export { Cleanup, stopChild };

export const ADMIN_PASSWORD = 'bench-admin-pass-1';
export const DISPATCHER = { username: 'bench-disp', password: 'bench-disp-pass-1' } as const;

/** Builds the console into `outDir` (unless CONSOLE_DIR names a build to use). */
export function buildConsole(repo: string, outDir: string): string {
  const given = process.env.CONSOLE_DIR;
  if (given) return path.resolve(given);
  const r = spawnSync(
    process.execPath,
    [
      path.join(repo, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'console/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: repo, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`console build failed (exit ${r.status})`);
  return outDir;
}

export async function startServer(
  repo: string,
  dataDir: string,
  consoleDir: string,
  cleanup: Cleanup,
): Promise<{ server: ServerProcess; url: string; api: Api; admin: string }> {
  mkdirSync(dataDir, { recursive: true });
  if (path.resolve(process.cwd()) !== path.resolve(repo)) throw new Error(`run the bench from ${repo}`);
  // spawnServer builds and runs the production bundle (dist/server) of the repository it runs in.
  const server = await startProcess(
    {
      DATA_DIR: dataDir,
      CONSOLE_DIR: consoleDir,
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
    },
    // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
    process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
      : [],
  );
  server.child.stderr?.resume();
  cleanup.add('server', () => stopProcess(server));
  const url = `http://127.0.0.1:${server.httpPort}`;
  const api = new Api(url);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  return { server, url, api, admin };
}

async function inParallel<T>(
  items: T[],
  n: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

function must<T>(res: { status: number; body: T }, expected: number, what: string): T {
  if (res.status !== expected)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

export interface Registered {
  passwords: Map<string, string>;
  vans: { id: string; password: string; start: LatLng }[];
}

/** Registers the compounds, the devices (bulk import), the vans and the dispatcher. */
export async function registerCity(api: Api, admin: string, city: City, vans: number): Promise<Registered> {
  await inParallel(city.compounds, 8, async (c) => {
    must(await api.post('/api/compounds', c, admin), 201, `compound ${c.id}`);
  });
  const passwords = new Map<string, string>();
  const CHUNK = 5000;
  for (let i = 0; i < city.devices.length; i += CHUNK) {
    const body = { devices: city.devices.slice(i, i + CHUNK) };
    const res = await api.request<{ devices: { id: string; mqtt: { password: string } }[] }>(
      'POST',
      '/api/devices/import',
      { token: admin, body, headers: { accept: 'application/json' } },
    );
    for (const d of must(res, 201, 'device import').devices) passwords.set(d.id, d.mqtt.password);
  }
  const [s, w, n, e] = city.box;
  const out: Registered['vans'] = [];
  await inParallel(
    Array.from({ length: vans }, (_, i) => i),
    8,
    async (i) => {
      const id = `bv-${i + 1}`;
      const res = await api.post<{ mqtt: { password: string } }>(
        '/api/vans',
        { id, name: `${i + 1}号车` },
        admin,
      );
      const body = must(res, 201, `van ${id}`);
      // Spread the start positions evenly (golden-ratio sequence) over the area.
      const fx = (i * 0.618034) % 1;
      const fy = (i * 0.754878) % 1;
      out.push({ id, password: body.mqtt.password, start: [s + fy * (n - s), w + fx * (e - w)] });
    },
  );
  must(await api.post('/api/users', { ...DISPATCHER, role: 'dispatcher' }, admin), 201, 'dispatcher');
  return { passwords, vans: out };
}

/** Starts the fleet driver child process and resolves once every client is connected. */
export function startFleet(
  repo: string,
  tmp: string,
  spec: DriverSpec,
  cleanup: Cleanup,
  timeoutMs = 120_000,
): Promise<DriverReady> {
  const file = path.join(tmp, 'fleet.json');
  writeFileSync(file, JSON.stringify(spec));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repo, 'bench/lib/fleet-driver.ts'), file],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  cleanup.add('fleet driver', () => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the fleet driver did not get ready in time')),
      timeoutMs,
    );
    child.on('message', (m: DriverReady) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fleet driver exited with ${code}`));
    });
  });
}

export function tempRemover(dir: string): () => void {
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * Stops a bench that runs over `ms` (its cleanup, then exit 2) or gets SIGINT / SIGTERM (its cleanup,
 * then exit 130). `timedOut()`: the watchdog fired, start nothing new; `clear()` once the run is over.
 */
export function watchdog(
  cleanup: Cleanup,
  ms: number,
  log: (s: string) => void,
): { timedOut: () => boolean; clear: () => void } {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    log(`watchdog: the bench ran over ${ms / 1000} s, stopping`);
    void cleanup.run().finally(() => process.exit(2));
  }, ms);
  const onSignal = () => void cleanup.run().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { timedOut: () => timedOut, clear: () => clearTimeout(timer) };
}
