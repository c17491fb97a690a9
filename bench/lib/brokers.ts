// The brokers the ingest and memory benchmarks put under load, behind one interface: the real Redsail
// server (accepted messages read from /metrics), Mosquitto and a bare aedes broker (messages delivered
// to one mqtt.js subscriber on the telemetry wildcard). Each registers its teardown with a Cleanup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { stopChild, type Cleanup } from '../../scripts/lib/cleanup';
import type { AedesListening } from './bare-aedes';
import { Child } from './child';
import { sleep, type Log } from './common';
import type { GenClient } from './load-gen';
import type { Scrape } from './metrics';
import { registerDevices } from './register';
import { startRedsail, type Redsail } from './server';

export type TargetName = 'redsail' | 'mosquitto' | 'aedes';

export interface Target {
  name: TargetName;
  pid: number;
  port: number;
  clients: GenClient[];
  /** Redsail only: the server. */
  redsail?: Redsail;
  /** Messages accepted (Redsail) or delivered to the subscriber (Mosquitto, aedes) so far. */
  count(): Promise<number>;
  /** Redsail only: the whole scrape. */
  scrape?(): Promise<Scrape>;
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
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}

/** One mqtt.js subscriber on the telemetry wildcard (QoS 1: QoS-1 publishes arrive at QoS 1). */
async function subscriber(port: number, cleanup: Cleanup): Promise<() => Promise<number>> {
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
  return () => Promise.resolve(n);
}

function anonymous(n: number): GenClient[] {
  return Array.from({ length: n }, (_, i) => ({ id: `ing-${String(i).padStart(5, '0')}` }));
}

/** Makes sure /usr/sbin/mosquitto exists, installing the Debian package if it does not. */
export function ensureMosquitto(log: Log): string {
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

async function startMosquitto(dir: string, connections: number, cleanup: Cleanup, log: Log): Promise<Target> {
  const bin = ensureMosquitto(log);
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'mosquitto.conf');
  // The bench broker only: loopback, anonymous, nothing kept on disk, default queue limits.
  const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false'];
  lines.push('log_dest stderr', 'log_type error', 'log_type warning', '');
  writeFileSync(conf, lines.join('\n'));
  const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  let why: string | undefined;
  child.once('exit', (code, signal) => (why = `exited (${signal ?? code})`));
  cleanup.add('mosquitto', () => stopChild(child));
  await waitForPort(port, child);
  const count = await subscriber(port, cleanup);
  return {
    name: 'mosquitto',
    pid: child.pid!,
    port,
    clients: anonymous(connections),
    count,
    died: () => why,
  };
}

async function startBareAedes(connections: number, cleanup: Cleanup, env?: Record<string, string>) {
  const child = Child.start<never, AedesListening>('bare aedes', 'bench/lib/bare-aedes.ts', cleanup, {
    ...(env && { env }),
  });
  const { port } = await child.next('listening', 30_000);
  const count = await subscriber(port, cleanup);
  const t: Target = {
    name: 'aedes',
    pid: child.pid,
    port,
    clients: anonymous(connections),
    count,
    died: () => child.exited(),
  };
  return t;
}

/** Redsail with `connections` distribution boxes registered, ids `ing-00000…`. */
async function startRedsailTarget(
  dir: string,
  connections: number,
  cleanup: Cleanup,
  env?: Record<string, string>,
): Promise<Target> {
  const srv = await startRedsail(dir, cleanup, { ...(env && { env }) });
  const clients = await registerDevices(srv.api, srv.admin, 'ing', connections, { pad: 5 });
  return {
    name: 'redsail',
    pid: srv.pid,
    port: srv.mqttPort,
    clients,
    redsail: srv,
    count: async () => (await srv.scrape(60_000)).accepted,
    scrape: () => srv.scrape(60_000),
    died: () => srv.died(),
  };
}

/** One broker under test, its files under `dir`; `env` goes to the Node brokers' processes. */
export function startTarget(
  name: TargetName,
  dir: string,
  connections: number,
  cleanup: Cleanup,
  log: Log,
  env?: Record<string, string>,
): Promise<Target> {
  if (name === 'redsail') return startRedsailTarget(dir, connections, cleanup, env);
  if (name === 'mosquitto') return startMosquitto(path.join(dir, 'mosquitto'), connections, cleanup, log);
  return startBareAedes(connections, cleanup, env);
}
