// Fuzz benchmark (from the repository root; issue 16 point 9 at full size): the seeded fuzz of
// tests/helpers/fuzz/run.ts against the real server (child process, temp DATA_DIR, SQLite) — by
// default 100,000 MQTT packets (mutated packets before and after a good CONNECT, bad telemetry,
// wrong-secret probes) and 10,000 mutated REST bodies in 20 batches, /api/health after each.
// Prints the markdown table and writes bench/results/fuzz.json.
//
//   npx tsx bench/fuzz.bench.ts [--report <file>] [--seed 160901] [--packets 100000] [--rest 10000]
//     [--batches 20] [--watchdog-s 280]
import { runBench } from './lib/bench';
import { logger, numArg } from './lib/common';
import { writeReport, writeResult } from './lib/report';
import { runFuzz, type FuzzResult } from '../tests/helpers/fuzz/run';

const SEED = numArg('seed', 160_901);
const PACKETS = numArg('packets', 100_000);
const REST = numArg('rest', 10_000);
const BATCHES = numArg('batches', 20);
const RSS_CAP_MB = 400;
const log = logger('stderr');
const n = (v: number) => v.toLocaleString('en');

function markdown(r: FuzzResult): string {
  const crashes = (r.exited ? 1 : 0) + (r.stderr ? 1 : 0);
  const rows = [
    '| measure | value |',
    '|---|---:|',
    `| MQTT packets sent | ${n(r.mqtt.packets)} |`,
    `| REST requests sent | ${n(r.rest.sent)} (${Object.entries(r.rest.byStatus)
      .map(([s, c]) => `${s}: ${n(c)}`)
      .join(', ')}) |`,
    `| REST answers breaking the contract (5xx, no {error, message}, stack trace) | ${r.rest.problems.length} |`,
    `| rejected by the decoder | ${n(r.counted.rejected)} (${Object.entries(r.counted.rejectedBy)
      .map(([k, c]) => `${k}: ${n(c)}`)
      .join(', ')}) |`,
    `| failed logins / ACL denials / shed | ${n(r.counted.authFailed)} / ${n(r.counted.denied)} / ${n(r.counted.shed)} |`,
    `| connections ended on a protocol error | ${n(r.counted.protocolErrors)} |`,
    `| good CONNECTs of mutating sessions refused by the login back-off | ${n(r.mqtt.backedOff)} |`,
    `| counted at least the certain decisions (received ${n(r.mqtt.mustReceive)}, rejected ${n(r.mqtt.mustReject)}, failed logins ${n(r.mqtt.mustFailLogin)}) | ${certain(r) ? 'yes' : '**no**'} |`,
    `| crashes (exit or stderr output) | ${crashes} |`,
    `| /api/health failures after a batch | ${r.healthFailures.length} |`,
    `| server log records at error level | ${r.errorLogs.length} |`,
    `| RSS start / max / end | ${r.rssMb.start} / ${r.rssMb.max} / ${r.rssMb.end} MB |`,
    `| duration | ${r.seconds.toFixed(1)} s |`,
  ];
  return [
    '### Fuzz',
    '',
    `Seed ${r.seed}; mutated MQTT packets on raw sockets (8 devices, one session at a time each) and ` +
      `mutated REST bodies to every POST/PATCH route with an admin token, in ${BATCHES} batches.`,
    '',
    ...rows,
  ].join('\n');
}

const certain = (r: FuzzResult) =>
  r.counted.received >= r.mqtt.mustReceive &&
  r.counted.rejected >= r.mqtt.mustReject &&
  r.counted.authFailed >= r.mqtt.mustFailLogin;

runBench({ name: 'fuzz', watchdogS: numArg('watchdog-s', 280), log }, async () => {
  log(`fuzz seed ${SEED}: ${n(PACKETS)} MQTT packets, ${n(REST)} REST bodies`);
  const r = await runFuzz({ seed: SEED, packets: PACKETS, rest: REST, batches: BATCHES, log });
  const md = markdown(r);
  console.log(md);
  writeResult('fuzz', { ...r });
  const ok =
    !r.exited &&
    !r.stderr &&
    r.healthFailures.length === 0 &&
    r.rest.problems.length === 0 &&
    r.errorLogs.length === 0;
  writeReport({
    markdown: md,
    summary: [
      {
        scenario: `fuzz: ${n(r.mqtt.packets)} MQTT packets + ${n(r.rest.sent)} REST bodies`,
        figure: `${ok ? 0 : 1} crashes, ${r.rest.problems.length} bad answers`,
        target: 'no crash, no 5xx, every certain rejection counted',
        met: ok && certain(r),
      },
      {
        scenario: 'fuzz: server RSS max',
        figure: `${r.rssMb.max} MB`,
        target: `< ${RSS_CAP_MB} MB`,
        met: r.rssMb.max < RSS_CAP_MB,
      },
    ],
  });
  if (r.rest.problems.length > 0) log(`bad answers:\n${r.rest.problems.join('\n')}`);
});
