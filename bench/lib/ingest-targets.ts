// The ingest benchmark's three brokers under test, behind one interface: the real Redsail server
// (accepted messages read from /metrics), Mosquitto and a bare aedes broker (messages delivered to
// one mqtt.js subscriber on the telemetry wildcard). Each registers its teardown with a Cleanup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { startServer, stopChild, type Cleanup } from './stack';
import type { GenClient } from './ingest-gen';
import type { AedesListening } from './ingest-aedes';

export type TargetName = 'redsail' | 'mosquitto' | 'aedes';

export interface Reading {
  /** Messages accepted (Redsail) or delivered to the subscriber (Mosquitto, aedes) so far. */
  count: number;
  /** Redsail only: messages dropped by the per-device limit, history points shed, loop lag p99 (s). */
  edgeShed?: number;
  historyShed?: number;
  rejected?: number;
  lagP99?: number;
  /** Redsail only: group commits to the store (count, total seconds, rows written). */
  commits?: number;
  commitS?: number;
  commitRows?: number;
}

export interface Target {
  name: TargetName;
  pid: number;
  port: number;
  clients: GenClient[];
  /** Redsail only: the HTTP base URL (/metrics, the API). */
  url?: string;
  read(): Promise<Reading>;
  /** Why the broker process is gone, if it is. */
  died(): string | undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}

function killOnCleanup(cleanup: Cleanup, what: string, child: ChildProcess): void {
  cleanup.add(what, async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      // e.g. bare aedes crashing while its backlog drains after the subscriber left.
      if (child.exitCode !== 0)
        console.log(`${what} had already exited (${child.signalCode ?? child.exitCode})`);
      return;
    }
    await stopChild(child);
  });
}

function watchExit(child: ChildProcess): () => string | undefined {
  let why: string | undefined;
  child.once('exit', (code, signal) => (why = `exited (${signal ?? code})`));
  return () => why;
}

/** One mqtt.js subscriber on the telemetry wildcard (QoS 1: QoS-1 publishes arrive at QoS 1). */
async function subscriber(port: number, cleanup: Cleanup): Promise<{ count: () => number }> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: `bench-sub-${process.pid}`,
    clean: true,
    reconnectPeriod: 0,
    keepalive: 60,
  });
  cleanup.add('subscriber', () => client.endAsync(true));
  let n = 0;
  client.on('message', () => n++);
  await client.subscribeAsync('redsail/v1/devices/+/telemetry', { qos: 1 });
  return { count: () => n };
}

function anonymous(n: number): GenClient[] {
  return Array.from({ length: n }, (_, i) => ({ id: `ing-${String(i).padStart(5, '0')}` }));
}

/** Makes sure /usr/sbin/mosquitto exists, installing the Debian package if it does not. */
export function ensureMosquitto(log: (s: string) => void): string {
  const bin = '/usr/sbin/mosquitto';
  if (existsSync(bin)) return bin;
  log('mosquitto is missing: apt-get install -y mosquitto');
  let r = spawnSync('apt-get', ['install', '-y', '-qq', 'mosquitto'], { stdio: 'inherit' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    r = spawnSync('apt-get', ['install', '-y', '-qq', 'mosquitto'], { stdio: 'inherit' });
  }
  if (r.status !== 0 || !existsSync(bin)) throw new Error('could not install mosquitto');
  return bin;
}

export async function startMosquitto(
  tmp: string,
  connections: number,
  cleanup: Cleanup,
  log: (s: string) => void,
): Promise<Target> {
  const bin = ensureMosquitto(log);
  const port = await freePort();
  const dir = path.join(tmp, 'mosquitto');
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'mosquitto.conf');
  // The bench broker only: loopback, anonymous, nothing kept on disk, default queue limits.
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  killOnCleanup(cleanup, 'mosquitto', child);
  const died = watchExit(child);
  await waitForPort(port, child);
  const sub = await subscriber(port, cleanup);
  return {
    name: 'mosquitto',
    pid: child.pid!,
    port,
    clients: anonymous(connections),
    read: () => Promise.resolve({ count: sub.count() }),
    died,
  };
}

export async function startBareAedes(repo: string, connections: number, cleanup: Cleanup): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'bench/lib/ingest-aedes.ts')], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  killOnCleanup(cleanup, 'bare aedes', child);
  const died = watchExit(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare aedes did not start in 30 s')), 30_000);
    child.on('message', (m: AedesListening) => {
      if (m.type !== 'listening') return;
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once('exit', (code) => reject(new Error(`bare aedes exited with ${code}`)));
  });
  const sub = await subscriber(port, cleanup);
  return {
    name: 'aedes',
    pid: child.pid!,
    port,
    clients: anonymous(connections),
    read: () => Promise.resolve({ count: sub.count() }),
    died,
  };
}

/** Sums the samples of one metric in Prometheus text, optionally only those with a label pair. */
export function metricSum(text: string, name: string, label?: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z0-9_:]+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (label && !(m[2] ?? '').includes(label)) continue;
    total += Number(m[3]);
  }
  return total;
}

export async function startRedsail(
  repo: string,
  tmp: string,
  connections: number,
  cleanup: Cleanup,
): Promise<Target> {
  const consoleDir = path.join(tmp, 'console');
  mkdirSync(consoleDir, { recursive: true });
  writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>bench</title>');
  const { server, url, api, admin } = await startServer(repo, path.join(tmp, 'data'), consoleDir, cleanup);
  const died = watchExit(server.child);
  const clients: GenClient[] = [];
  const CHUNK = 5000;
  for (let i = 0; i < connections; i += CHUNK) {
    const devices = Array.from({ length: Math.min(CHUNK, connections - i) }, (_, k) => ({
      id: `ing-${String(i + k).padStart(5, '0')}`,
      type: 'distribution_box',
    }));
    const res = await api.request<{ devices: { id: string; mqtt: { password: string } }[] }>(
      'POST',
      '/api/devices/import',
      { token: admin, body: { devices }, headers: { accept: 'application/json' } },
    );
    if (res.status !== 201) throw new Error(`device import: ${res.status} ${JSON.stringify(res.body)}`);
    for (const d of res.body.devices) clients.push({ id: d.id, username: d.id, password: d.mqtt.password });
  }
  return {
    name: 'redsail',
    pid: server.child.pid!,
    port: server.mqttPort,
    clients,
    url,
    async read() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const received = metricSum(text, 'redsail_mqtt_messages_received_total', 'kind="telemetry"');
      const rejected = metricSum(text, 'redsail_mqtt_messages_rejected_total');
      return {
        count: received - rejected,
        rejected,
        edgeShed: metricSum(text, 'redsail_mqtt_messages_shed_total'),
        historyShed: metricSum(text, 'redsail_telemetry_shed_total'),
        lagP99: metricSum(text, 'redsail_nodejs_eventloop_lag_p99_seconds'),
        commits: metricSum(text, 'redsail_store_commit_seconds_count'),
        commitS: metricSum(text, 'redsail_store_commit_seconds_sum'),
        commitRows: metricSum(text, 'redsail_store_rows_written_total'),
      };
    },
    died: () => {
      const why = died();
      // The server's last log line usually says why it stopped.
      return why && `${why}: ${(server.stdout.at(-1) ?? '').slice(0, 300)}`;
    },
  };
}
