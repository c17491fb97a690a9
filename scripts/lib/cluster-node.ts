// One Redsail node of the local cluster as a child process: the production build (dist/server) run
// with plain node, its JSON log written to a file, ready once it logs "Redsail is up". It runs in
// its own process group, so a Ctrl-C in the terminal reaches only the script, which stops the nodes
// in its turn (SIGTERM, then SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import readline from 'node:readline';
import { SERVER_ENV } from './build-server';
import { stopChild } from './cleanup';
import type { NodePlan } from './cluster-plan';

export interface RunningNode {
  id: string;
  httpUrl: string;
  mqttUrl: string;
  logFile: string;
  pid: number | undefined;
  /** SIGTERM and wait (SIGKILL after 15 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** Called once if the node exits without stop(). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

/** How long a node may take to come up before the start is given up. */
const START_TIMEOUT_MS = 90_000;

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Starts node `plan` from `entry` with `env` (DATABASE_URL, REDIS_URL, …); resolves once it is up. */
export function startNode(
  entry: string,
  plan: NodePlan,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningNode> {
  const child = spawn(process.execPath, [entry], {
    env: {
      ...SERVER_ENV,
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...env,
      NODE_ID: plan.id,
      HOST: '127.0.0.1',
      PORT: String(plan.httpPort),
      MQTT_PORT: String(plan.mqttPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr.pipe(log, { end: false });
  let stopping = false;
  const node: RunningNode = {
    id: plan.id,
    httpUrl: `http://127.0.0.1:${plan.httpPort}`,
    mqttUrl: `mqtt://127.0.0.1:${plan.mqttPort}`,
    logFile,
    pid: child.pid,
    async stop() {
      stopping = true;
      await stopChild(child, 15_000);
    },
    onExit(listener) {
      child.once('exit', (code, signal) => {
        if (!stopping) listener(code, signal);
      });
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void node.stop();
      reject(new Error(`${plan.id} did not come up within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`));
    }, START_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      log.end(() =>
        reject(
          new Error(`${plan.id} exited with ${code} while starting; its log (${logFile}):\n${tail(logFile)}`),
        ),
      );
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.includes('"Redsail is up"')) return;
      clearTimeout(timer);
      resolve(node);
    });
  });
}
