// One seeded fuzz run against the real server as its own process (the production build): MQTT
// sessions and REST cases in batches; after each batch the server must answer /api/health 200, and
// its RSS is sampled from /proc. At the end its stderr must be empty and it must still be running.
// Shared by tests/medium/fuzz.test.ts (CI size) and bench/fuzz.bench.ts (full size).
import { readFileSync, rmSync } from 'node:fs';
import { Api } from '../api';
import { testBackend } from '../backends';
import { startProcess, stopProcess } from '../process';
import { tempDir } from '../server';
import { newTally, packetSession, payloadSession, probeSession, type MqttTally } from './mqtt-drive';
import type { Creds } from './mqtt-cases';
import { Prng } from './prng';
import { fuzzRoutes, restCase, sendRest } from './rest';

export interface FuzzOptions {
  seed: number;
  /** MQTT packets to send in all (mutated packets, bad payloads and probes). */
  packets: number;
  rest: number;
  batches: number;
  devices?: number;
  log?: (s: string) => void;
}

/** The rejection counters of /metrics the run reads, summed over their labels. */
export const COUNTERS = {
  received: 'redsail_mqtt_messages_received_total',
  rejected: 'redsail_mqtt_messages_rejected_total',
  authFailed: 'redsail_mqtt_auth_failed_total',
  denied: 'redsail_mqtt_acl_denied_total',
  shed: 'redsail_mqtt_messages_shed_total',
  protocolErrors: 'redsail_mqtt_protocol_errors_total',
} as const;
export type Counts = Record<keyof typeof COUNTERS, number> & { rejectedBy: Record<string, number> };

export interface FuzzResult {
  seed: number;
  mqtt: MqttTally;
  rest: { sent: number; byStatus: Record<string, number>; problems: string[] };
  /** Counter increases over the run. */
  counted: Counts;
  healthFailures: string[];
  rssMb: { start: number; max: number; end: number };
  /** The server's log records at level error or fatal (an error caught by a handler), the first 20. */
  errorLogs: string[];
  /** Exited during the run (code or signal), and what it wrote on stderr. */
  exited?: string;
  stderr: string;
  seconds: number;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

async function counts(url: string): Promise<Counts> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = { rejectedBy: {} } as Counts;
  for (const k of Object.keys(COUNTERS) as (keyof typeof COUNTERS)[]) out[k] = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    for (const [k, name] of Object.entries(COUNTERS) as [keyof typeof COUNTERS, string][]) {
      if (m[1] !== name) continue;
      out[k] += Number(m[3]);
      const reason = /reason="([^"]+)"/.exec(m[2] ?? '')?.[1];
      if (k === 'rejected' && reason) out.rejectedBy[reason] = (out.rejectedBy[reason] ?? 0) + Number(m[3]);
    }
  }
  return out;
}

function errorLogs(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    try {
      const rec = JSON.parse(line) as { level?: number };
      if ((rec.level ?? 0) >= 50 && out.length < 20) out.push(line.slice(0, 500));
    } catch {
      out.push(line.slice(0, 500)); // not a log record: something printed past the logger
    }
  }
  return out;
}

function diff(a: Counts, b: Counts): Counts {
  const out = { rejectedBy: {} } as Counts;
  for (const k of Object.keys(COUNTERS) as (keyof typeof COUNTERS)[]) out[k] = b[k] - a[k];
  for (const [r, n] of Object.entries(b.rejectedBy)) out.rejectedBy[r] = n - (a.rejectedBy[r] ?? 0);
  return out;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const log = o.log ?? (() => undefined);
  const t0 = performance.now();
  const dataDir = tempDir('redsail-fuzz-');
  const backend = testBackend();
  const password = 'fuzz-admin-pass-1';
  const proc = await startProcess({
    ...(await backend.prepare(dataDir)),
    REDSAIL_ADMIN_PASSWORD: password,
    // The per-device limit would shed most of the fuzz before any parsing: lifted.
    DEVICE_RATE_PER_S: '1000000',
    DEVICE_BURST: '1000000',
  });
  let stderr = '';
  proc.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited: string | undefined;
  proc.child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  const pid = proc.child.pid!;
  const url = `http://127.0.0.1:${proc.httpPort}`;
  try {
    const api = new Api(url);
    const admin = await api.login('admin', password);
    const devices: Creds[] = [];
    for (let i = 0; i < (o.devices ?? 8); i++) {
      const id = `fuzz-box-${i}`;
      const res = await api.post<{ mqtt: { password: string } }>(
        '/api/devices',
        { id, type: 'distribution_box' },
        admin,
      );
      if (res.status !== 201) throw new Error(`register ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      devices.push({ id, password: res.body.mqtt.password });
    }
    // A device for the REST cases alone: its secret may be rotated or it may be decommissioned.
    await api.post('/api/devices', { id: 'rest-box-0', type: 'distribution_box' }, admin);
    const rng = new Prng(o.seed);
    const routes = fuzzRoutes();
    const mqtt = newTally();
    const rest = { sent: 0, byStatus: {} as Record<string, number>, problems: [] as string[] };
    const healthFailures: string[] = [];
    const before = await counts(url);
    const rss = { start: rssMb(pid), max: 0, end: 0 };
    rss.max = rss.start;
    const perBatch = Math.ceil(o.packets / o.batches);
    const restPerBatch = Math.ceil(o.rest / o.batches);
    for (let b = 0; b < o.batches && !exited; b++) {
      const target = Math.min(o.packets, (b + 1) * perBatch);
      // One worker per device, so no two sessions of one device take each other over.
      await Promise.all(
        devices.map(async (c, w) => {
          const r = new Prng(o.seed ^ ((b + 1) * 7919 + w * 104_729));
          while (mqtt.packets < target && !exited) {
            const roll = r.int(0, 9);
            if (roll < 6) await packetSession(r, proc.mqttPort, c, r.int(1, 12), mqtt);
            else if (roll < 9) await payloadSession(r, proc.mqttPort, c, r.int(1, 20), mqtt);
            else await probeSession(r, proc.mqttPort, c, mqtt);
          }
        }),
      );
      const restTarget = Math.min(o.rest, (b + 1) * restPerBatch);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (rest.sent < restTarget && !exited) {
            rest.sent++;
            const out = await sendRest(url, admin, restCase(rng, routes));
            rest.byStatus[out.status] = (rest.byStatus[out.status] ?? 0) + 1;
            if (out.problem && rest.problems.length < 20) rest.problems.push(out.problem);
          }
        }),
      );
      const h = await fetch(`${url}/api/health`).then(
        (r) => r.status,
        (e: unknown) => String(e),
      );
      if (h !== 200) healthFailures.push(`batch ${b}: /api/health ${h}`);
      if (!exited) rss.max = Math.max(rss.max, rssMb(pid));
      log(`batch ${b + 1}/${o.batches}: ${mqtt.packets} packets, ${rest.sent} REST, RSS ${rss.max} MB max`);
    }
    // A server that died answers nothing more: what it wrote says why (stderr, its last log lines).
    const counted = exited ? diff(before, before) : diff(before, await counts(url));
    if (exited) stderr += `\nlast log lines:\n${proc.stdout.slice(-5).join('\n')}`;
    rss.end = exited ? 0 : rssMb(pid);
    return {
      seed: o.seed,
      mqtt,
      rest,
      counted,
      healthFailures,
      errorLogs: errorLogs(proc.stdout),
      rssMb: rss,
      ...(exited && { exited }),
      stderr,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await stopProcess(proc);
    rmSync(dataDir, { recursive: true, force: true });
    await backend.discard(dataDir);
  }
}
