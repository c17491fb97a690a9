// Runs the server as its own process, as production does (for kill -9, signals, start-up output, and
// the benchmarks): the build of server/src/main.ts in dist/server, made once per test process.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { buildServer, SERVER_ENV } from '../../scripts/lib/build-server';

let entry: string | undefined;

export interface ServerProcess {
  child: ChildProcess;
  httpPort: number;
  mqttPort: number;
  stdout: string[];
}

/** How the process is run: `fdLimit` starts it under `ulimit -n` (through /bin/sh). */
export interface SpawnOptions {
  fdLimit?: number;
}

export function spawnServer(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
  o: SpawnOptions = {},
): ChildProcess {
  entry ??= buildServer(process.cwd());
  const argv = [process.execPath, ...nodeArgs, entry];
  const [command, args] =
    o.fdLimit === undefined
      ? [process.execPath, argv.slice(1)]
      : ['/bin/sh', ['-c', `ulimit -n ${o.fdLimit} && exec "$@"`, 'sh', ...argv]];
  return spawn(command, args, {
    env: {
      ...SERVER_ENV,
      ...process.env,
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the server process and resolves once it logs its bound ports. */
export function startProcess(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
  o: SpawnOptions = {},
): Promise<ServerProcess> {
  const child = spawnServer(env, nodeArgs, o);
  const stdout: string[] = [];
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      stdout.push(line);
      try {
        const rec = JSON.parse(line) as { msg?: string; httpPort?: number; mqttPort?: number };
        if (rec.msg === 'Redsail is up' && rec.httpPort && rec.mqttPort) {
          resolve({ child, httpPort: rec.httpPort, mqttPort: rec.mqttPort, stdout });
        }
      } catch {
        // not a log record
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stdout.join('\n')}`)));
  });
}

/** Runs the server process to its exit; resolves with the exit code and both outputs. */
export function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnServer(env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

export function stopProcess(p: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    // Exited already (a signal leaves exitCode null and sets signalCode).
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve(p.child.exitCode);
    p.child.once('exit', (code) => resolve(code));
    p.child.kill(signal);
  });
}
