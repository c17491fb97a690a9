// Device authentication benchmark (from the repository root): device secrets are checked with
// HMAC-SHA256, so a whole fleet reconnecting after a restart costs little, and a connect storm does
// not starve the telemetry of devices already connected.
//
// Set-up: the real server (child process, temp DATA_DIR, SQLite) with --storm distribution boxes
// (10,000) plus 200 steady, 40 fault and --legacy (1,000) devices registered by bulk import; then,
// with the server stopped, the legacy devices get the scrypt hashes device secrets had before HMAC.
// 1. Migration: the server restarted, the legacy devices connect at once (scrypt, each hash then
//    replaced by its HMAC form), and again (HMAC): time and server CPU of each pass.
// 2. Storm: the server restarted again; 200 steady devices connect and publish QoS 1 at --steady-rate
//    msg/s in all; a dispatcher's Socket.IO client watches alarms; then all storm devices connect at
//    once (raw sockets, --at-once CONNECTs in flight), each then sending one reading (QoS 1). Time
//    until every one is connected and until every reading is acknowledged (online), the steady
//    devices' acknowledged rate before and during the storm, and fault → `alarm:raised` latency
//    before and during the storm (one fault every 100 ms while it lasts).
//
//   npx tsx bench/device-auth.bench.ts [--report <file>] [--storm 10000] [--legacy 1000]
//     [--at-once 1000] [--steady-rate 2000] [--watchdog-s 220]
import os from 'node:os';
import { AlarmWatch, FaultDevices } from './lib/alarm-probe';
import { runBench, type Bench, type Cleanup } from './lib/bench';
import { logger, numArg } from './lib/common';
import { countHmac, DISPATCHER, prepareField, type AuthField } from './lib/device-auth-field';
import * as md from './lib/device-auth-report';
import { LoadGenerator } from './lib/generator';
import type { GenClient } from './lib/load-gen';
import { procSample } from './lib/proc-cpu';
import { BOX_NORMAL, BOX_READING } from './lib/readings';
import { writeReport, writeResult } from './lib/report';
import { startRedsail } from './lib/server';

const STORM = numArg('storm', 10000);
const LEGACY = numArg('legacy', 1000);
const AT_ONCE = numArg('at-once', 1000);
const STEADY = 200;
const STEADY_RATE = numArg('steady-rate', 2000);
const FAULTS_BEFORE = 10;
const FAULTS_DURING = 30;
const FAULT = JSON.stringify({ ...BOX_NORMAL, leakage_ma: 45 });
const RULE = 'leakage';
const log = logger('stderr');

/**
 * Connects `clients` at once from a generator of its own, which exits afterwards (a nested b.scope
 * would take the server down with it); seconds taken and the server's CPU seconds meanwhile.
 */
async function pass(c: Cleanup, pid: number, port: number, clients: GenClient[], what: string) {
  const gen = LoadGenerator.start(c);
  const cpu0 = procSample(pid)?.cpuS ?? 0;
  const t0 = performance.now();
  const r = await gen.connect(port, clients, BOX_READING, {
    atOnce: AT_ONCE,
    keepalive: 60,
    timeoutMs: 120_000,
  });
  const s = (performance.now() - t0) / 1000;
  const cpuS = (procSample(pid)?.cpuS ?? cpu0) - cpu0;
  gen.send({ type: 'exit' });
  log(`${what}: ${r.ok} online, ${r.failed} refused in ${s.toFixed(2)} s, server CPU ${cpuS.toFixed(2)} s`);
  return { ok: r.ok, failed: r.failed, s, cpuS, ...(r.firstError && { firstError: r.firstError }) };
}

async function migration(b: Bench, f: AuthField): Promise<md.Migration> {
  const passes = await b.scope('migration', async (c) => {
    const srv = await startRedsail(f.dir, c);
    const scrypt = await pass(c, srv.pid, srv.mqttPort, f.legacy, 'legacy devices, scrypt hashes');
    const hmac = await pass(c, srv.pid, srv.mqttPort, f.legacy, 'legacy devices again, now HMAC');
    return { scrypt, hmac };
  });
  const migrated = await countHmac(
    f.dir,
    f.legacy.map((d) => d.id),
  );
  log(`${migrated} of ${f.legacy.length} legacy hashes are HMAC now`);
  return { devices: f.legacy.length, migrated, ...passes };
}

async function storm(b: Bench, f: AuthField): Promise<md.Storm> {
  return b.scope('storm', async (c) => {
    const srv = await startRedsail(f.dir, c);
    const steady = LoadGenerator.start(c);
    const sc = await steady.connect(srv.mqttPort, f.steady, BOX_READING, { keepalive: 60 });
    const devs = await FaultDevices.connect(srv.mqttUrl, f.faults, BOX_READING, 1);
    c.add('fault devices', () => devs.close());
    const token = await srv.api.login(DISPATCHER.username, DISPATCHER.password);
    const before = await AlarmWatch.connect(srv.url, token, RULE);
    const during = await AlarmWatch.connect(srv.url, token, RULE);
    c.add('dispatcher sockets', () => (before.close(), during.close()));
    log(
      `storm: ${sc.ok} steady devices, ${devs.clients.length} fault devices online; steady load ${STEADY_RATE} msg/s`,
    );
    steady.send({ type: 'run', rate: STEADY_RATE, qos: 1, window: 20 });
    await b.nap(3000);
    const s0 = await steady.stats();
    const cpuB = procSample(srv.pid)?.cpuS ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < FAULTS_BEFORE; i++) {
      devs.fire(i, FAULT, before);
      await b.nap(300);
    }
    const s1 = await steady.stats();
    const beforeS = (performance.now() - t0) / 1000;
    const rateBefore = (s1.acked - s0.acked) / beforeS;
    /** The server's CPU seconds per second for the steady load alone. */
    const steadyCpu = ((procSample(srv.pid)?.cpuS ?? cpuB) - cpuB) / beforeS;
    await before.waitAll(5000);

    // The storm: every device connects, then sends one reading (QoS 1): online once it is acknowledged.
    const gen = LoadGenerator.start(c);
    const s2 = await steady.stats();
    const cpu0 = procSample(srv.pid)?.cpuS ?? 0;
    const t1 = performance.now();
    let done = false;
    const online = (async () => {
      const r = await gen.connect(srv.mqttPort, f.storm, BOX_READING, {
        atOnce: AT_ONCE,
        keepalive: 60,
        timeoutMs: 120_000,
      });
      const connackS = (performance.now() - t1) / 1000;
      gen.send({ type: 'once', qos: 1 });
      for (let waited = 0; (await gen.stats()).acked < r.ok && waited < 30_000; waited += 50) await b.nap(50);
      return { ...r, connackS };
    })().finally(() => (done = true));
    for (let i = 0; i < FAULTS_DURING && !done; i++) {
      await b.nap(100);
      if (!done) devs.fire(FAULTS_BEFORE + i, FAULT, during);
    }
    const r = await online;
    const stormS = (performance.now() - t1) / 1000;
    const cpuS = (procSample(srv.pid)?.cpuS ?? cpu0) - cpu0;
    const s3 = await steady.stats();
    const rateDuring = (s3.acked - s2.acked) / ((performance.now() - t1) / 1000);
    log(
      `storm: ${r.ok} connected in ${r.connackS.toFixed(2)} s, ${r.failed} refused, all online in ${stormS.toFixed(2)} s; ` +
        `steady ${Math.round(rateDuring)} msg/s acked; server CPU ${cpuS.toFixed(2)} s (steady load alone ${steadyCpu.toFixed(2)} s/s)`,
    );
    await during.waitAll(10_000);
    return {
      ...{ devices: f.storm.length, ok: r.ok, failed: r.failed, s: stormS, connackS: r.connackS, cpuS },
      extraCpuS: Math.max(0, cpuS - steadyCpu * stormS),
      ...{ steady: sc.ok, offeredPerS: STEADY_RATE, rateBefore, rateDuring },
      alarmsBefore: before.result(),
      alarmsDuring: during.result(),
      ...(r.firstError && { firstError: r.firstError }),
    };
  });
}

runBench({ name: 'device-auth', watchdogS: numArg('watchdog-s', 220), log }, async (b) => {
  const load0 = os.loadavg();
  log(`device-auth bench: ${STORM} storm devices, ${LEGACY} legacy, ${AT_ONCE} CONNECTs in flight`);
  const f = await prepareField(b, {
    storm: STORM,
    steady: STEADY,
    faults: FAULTS_BEFORE + FAULTS_DURING,
    legacy: LEGACY,
  });
  const mig = await migration(b, f);
  const st = await storm(b, f);
  const cfg: md.Config = { atOnce: AT_ONCE, load0, load1: os.loadavg() };
  const summary = md.summary(st, mig);
  const markdown = md.markdown(cfg, st, mig, summary);
  console.log(markdown);
  writeReport({ markdown, summary });
  const file = writeResult('device-auth', {
    when: new Date().toISOString(),
    config: cfg,
    storm: st,
    migration: mig,
    summary,
    markdown,
  });
  log(`wrote ${file}`);
});
