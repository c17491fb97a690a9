// `npm run bench`: every benchmark in turn, each in its own process with a time limit, then one dated
// section in docs/benchmarks.md (machine, a summary of every target, each benchmark's own tables).
// Each benchmark writes its raw figures to bench/results/<name>.json, replacing the previous run's.
//
//   npx tsx bench/run.ts [--only dispatch,roads,map,ingest,ingest-10k,alarm,fanout,memory,device-auth,cluster,fuzz] [--no-doc]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureMosquitto } from './lib/brokers';
import { argValue } from './lib/common';
import type { Report, SummaryRow } from './lib/report';

const REPO = process.cwd();
const DOC = path.join(REPO, 'docs/benchmarks.md');

interface Bench {
  name: string;
  script: string;
  args: string[];
  /** Hard limit for the whole script, including its own set-up and teardown. */
  limitS: number;
}

const BENCHES: Bench[] = [
  { name: 'dispatch', script: 'bench/dispatch.bench.ts', args: [], limitS: 60 },
  // Routes on the demo town and a synthetic city (≥ 100 k links), the nearest of 200 vans by road time.
  { name: 'roads', script: 'bench/roads.bench.ts', args: [], limitS: 120 },
  {
    name: 'ingest',
    script: 'bench/ingest.bench.ts',
    args: ['--connections', '1000', '--rates', '20000,30000,40000,50000,60000', '--step-s', '6'],
    limitS: 330,
  },
  {
    name: 'ingest-10k',
    script: 'bench/ingest.bench.ts',
    args: ['--connections', '10000', '--qos', '0', '--rates', '10000,20000,30000,40000', '--step-s', '6'],
    limitS: 240,
  },
  { name: 'alarm', script: 'bench/alarm.bench.ts', args: [], limitS: 270 },
  { name: 'fanout', script: 'bench/fanout.bench.ts', args: [], limitS: 220 },
  // Idle memory of Redsail only: Mosquitto's and bare aedes' RSS at 10,000 connections is in ingest-10k.
  { name: 'memory', script: 'bench/memory.bench.ts', args: ['--targets', 'redsail'], limitS: 240 },
  { name: 'map', script: 'bench/map.bench.ts', args: [], limitS: 300 },
  // 10,000 devices reconnecting at once after a restart (HMAC), telemetry and alarms during it, and
  // the scrypt-to-HMAC migration of 1,000 devices.
  { name: 'device-auth', script: 'bench/device-auth.bench.ts', args: [], limitS: 240 },
  // SQLite, PostgreSQL and a 3-node cluster side by side; its own watchdog (270 s) writes what it measured.
  { name: 'cluster', script: 'bench/cluster.bench.ts', args: [], limitS: 300 },
  // 100,000 mutated MQTT packets and 10,000 mutated REST bodies against the live server (seeded).
  { name: 'fuzz', script: 'bench/fuzz.bench.ts', args: [], limitS: 300 },
];

const t0 = Date.now();
const log = (s: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);

function run(
  b: Bench,
  reportFile: string,
): Promise<{ code: number | null; seconds: number; timedOut: boolean }> {
  const start = Date.now();
  return new Promise((resolve) => {
    const args = [...b.args, '--report', reportFile, '--result', b.name];
    const child = spawn(process.execPath, ['--import', 'tsx', b.script, ...args], {
      cwd: REPO,
      stdio: 'inherit',
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${b.name}: over its ${b.limitS} s limit, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, b.limitS * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: (Date.now() - start) / 1000, timedOut });
    });
  });
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const mosq = spawnSync('/usr/sbin/mosquitto', ['-h'], { encoding: 'utf8' });
  const mosquitto = /mosquitto version (\S+)/.exec(mosq.stdout)?.[1];
  return (
    `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ` +
    `Mosquitto ${mosquitto ?? '?'}; load generators on the same machine; load average at the start ` +
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  );
}

function summaryTable(rows: SummaryRow[]): string {
  const out = ['| scenario | reached | target | met |', '|---|---:|---|:-:|'];
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    out.push(`| ${r.scenario} | ${r.figure} | ${r.target ?? '—'} | ${met} |`);
  }
  return out.join('\n');
}

/** Puts the new section first, under the document's title and introduction. */
function insertSection(section: string): void {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\n';
  const at = doc.search(/^## /m);
  const next =
    at < 0 ? `${doc.trimEnd()}\n\n${section}\n` : `${doc.slice(0, at)}${section}\n\n${doc.slice(at)}`;
  writeFileSync(DOC, next);
}

async function main(): Promise<number> {
  const only = argValue('only')?.split(',');
  const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}`,
    );
    return 2;
  }
  const chosen = BENCHES.filter((b) => !only || only.includes(b.name));
  ensureMosquitto(log);
  const started = new Date();
  const about = machine();
  log(`${chosen.length} benchmarks: ${chosen.map((b) => b.name).join(', ')}; ${about}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'redsail-bench-'));
  const sections: string[] = [];
  const summary: SummaryRow[] = [];
  let failed = 0;
  try {
    for (const b of chosen) {
      log(`${b.name}: starting (limit ${b.limitS} s)`);
      const file = path.join(tmp, `${b.name}.json`);
      const r = await run(b, file);
      const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : undefined;
      if (r.code !== 0 || !report) {
        failed++;
        const why = r.timedOut ? `stopped at its ${b.limitS} s limit` : `exited with ${r.code}`;
        log(`${b.name}: FAILED (${why})`);
        summary.push({ scenario: b.name, figure: `failed: ${why}`, met: false });
        sections.push(`### ${b.name}\n\nThe benchmark failed (${why}); see the run's output.`);
        continue;
      }
      log(`${b.name}: done in ${r.seconds.toFixed(0)} s`);
      summary.push(...report.summary);
      sections.push(`${report.markdown.trim()}\n\n_${b.name}: ${r.seconds.toFixed(0)} s._`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  const section = [
    `## ${started.toISOString().slice(0, 10)} — \`npm run bench\` (${started.toISOString().slice(11, 16)} UTC, ${minutes} min)`,
    '',
    `Machine: ${about}.`,
    '',
    summaryTable(summary),
    '',
    ...sections.flatMap((s) => [s, '']),
  ]
    .join('\n')
    .trimEnd();
  console.log(`\n${section}\n`);
  if (process.argv.includes('--no-doc')) log('--no-doc: docs/benchmarks.md left as it was');
  else {
    insertSection(section);
    log(`wrote the section to ${path.relative(REPO, DOC)}`);
  }
  log(`${chosen.length - failed} of ${chosen.length} benchmarks ran, ${minutes} min`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
