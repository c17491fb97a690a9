// What the alarm benchmark reports: a table per scenario (set-up in words, then each figure with its
// target) and the summary rows for the suite runner.
import { sumOf } from './metrics';
import { met, type Report, type SummaryRow } from './report';
import type { Latency } from './stats';
import type { FaultFigures, LatencyResult, OverloadResult } from './alarm-results';
import { liftedMd, liftedSummary, type LiftedResult } from './alarm-lifted';

/** The scenarios' parameters and the targets, as alarm.bench.ts sets them. */
export interface AlarmTargets {
  p99Ms: number;
  LAT: { devices: number; rate: number; faults: number; faultsPerS: number };
  OV: {
    flooders: number;
    floodS: number;
    chunk: number;
    faults: number;
    settleS: number;
    rssCeilingMb: number;
  };
  LIMIT: { ratePerS: number; burst: number };
  faultQos: number;
  rule: string;
}

export interface AlarmResults {
  latency?: LatencyResult;
  overload?: OverloadResult;
  lifted?: LiftedResult;
}

/** One line of an error for the markdown (the JSON keeps it whole). */
const brief = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
};
const ms = (x: number | undefined) => (x === undefined ? '—' : `${x} ms`);
/** Every fault raised its alarm (and exactly the faults expected were sent). */
const allAlarms = (r: { alarms: { received: number; expected: number } }, n: number) =>
  r.alarms.received === r.alarms.expected && r.alarms.expected === n;
/** All alarms in, and p99 under the target. */
const latencyMet = (t: AlarmTargets, r: FaultFigures, n: number) =>
  allAlarms(r, n) && r.latency.p99Ms !== undefined && r.latency.p99Ms < t.p99Ms;

function latencyMd(t: AlarmTargets, r: LatencyResult | undefined): string {
  const head =
    `### Alarm latency\n\n` +
    `A fresh server (default per-device limit 20 msg/s, burst 100) carries a background load of ` +
    `${t.LAT.rate.toLocaleString('en')} msg/s QoS 0 of normal distribution-box readings from ` +
    `${t.LAT.devices.toLocaleString('en')} devices (raw-socket generator process, 5 msg/s each, nothing ` +
    `raised). Meanwhile ${t.LAT.faults} other distribution boxes (one mqtt.js connection each, online with a ` +
    `normal reading first) each publish one reading with \`leakage_ma: 45\` at QoS ${t.faultQos} ` +
    `(rule \`${t.rule}\`, critical, no \`for\`), ${t.LAT.faultsPerS} a second. Latency is the \`alarm:raised\` ` +
    `arriving at a dispatcher's Socket.IO client (connected like the console: it also receives the fleet's device states, batched as \`device:states\`) minus ` +
    `\`performance.now()\` just before the publish, one process' clock; it is split at the alarm's \`raisedAt\` ` +
    `(the server's wall clock when ingest handled the reading; same machine) into transport and queueing ` +
    `before ingest, and commit, emit and client decoding after it. Server CPU and event-loop lag p99 ` +
    `(\`redsail_nodejs_eventloop_lag_p99_seconds\`) cover the fault window.\n\n`;
  if (!r) return `${head}Not run.\n`;
  if (!r.measured) return `${head}**Not measured**: ${brief(r.error ?? r.serverDied ?? 'unknown')}\n`;
  const l = r.latency;
  const all = allAlarms(r, t.LAT.faults);
  const rows = [
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| alarms received | ${r.alarms.received} / ${r.alarms.expected}${r.alarms.missing.length ? ` (missing e.g. ${r.alarms.missing.slice(0, 3).join(', ')})` : ''} | all ${t.LAT.faults} | ${met(all)} |`,
    `| latency p50 | ${ms(l.p50Ms)} | | |`,
    `| latency p99 | ${ms(l.p99Ms)} | < ${t.p99Ms} ms | ${met(latencyMet(t, r, t.LAT.faults))} |`,
    `| latency max | ${ms(l.maxMs)} | | |`,
    `| split at \`raisedAt\`: publish → ingest, p50 / p99 | ${ms(r.toIngest.p50Ms)} / ${ms(r.toIngest.p99Ms)} | | |`,
    `| split at \`raisedAt\`: ingest → dispatcher socket, p50 / p99 | ${ms(r.fromIngest.p50Ms)} / ${ms(r.fromIngest.p99Ms)} | | |`,
    `| server CPU (100 % = one core) | ${r.serverCpuPct ?? '—'} % | | |`,
    `| server event-loop lag p99 | ${ms(r.lagP99Ms)} | | |`,
    `| background sent / accepted | ${r.background.sentPerS.toLocaleString('en')} / ${r.background.acceptedPerS.toLocaleString('en')} msg/s | ${t.LAT.rate.toLocaleString('en')} msg/s | |`,
    `| shed at the edge / history shed during the window | ${sumOf(r.edgeShed)} / ${r.historyShed} | 0 / 0 | |`,
    `| store group commits: mean duration, rate | ${ms(r.commitMeanMs)}, ${r.commitsPerS ?? '—'}/s | | |`,
    `| device states the dispatcher socket received (entries of \`device:states\`) | ${r.deviceStatePerS?.toLocaleString('en') ?? '—'}/s | | |`,
    `| alarms from other devices or rules | ${r.alarms.unexpected + r.alarms.wrongRule} | 0 | |`,
  ];
  const notes: string[] = [];
  if (r.error) notes.push(`Run failed after measuring: ${brief(r.error)}.`);
  if (r.serverDied) notes.push(`Server ${brief(r.serverDied)}.`);
  if (r.socketLost) notes.push(`Dispatcher socket lost: ${r.socketLost}.`);
  return `${head}${rows.join('\n')}\n${notes.length ? `\n${notes.join(' ')}\n` : ''}`;
}

function overloadMd(t: AlarmTargets, r: OverloadResult | undefined): string {
  const n = (x: number) => x.toLocaleString('en');
  const head =
    `### Overload\n\n` +
    `A fresh server with the default per-device limit (${t.LIMIT.ratePerS} msg/s, burst ${t.LIMIT.burst}: at ` +
    `most ${n(t.OV.flooders * t.LIMIT.ratePerS)} msg/s accepted from the flooders) takes ${t.OV.flooders} ` +
    `connections flooding QoS 0 normal readings for ${t.OV.floodS} s, each writing as fast as its socket ` +
    `drains (generator process, ${t.OV.chunk} PUBLISH per write). The server drops what a device sends over ` +
    `its limit (counted in \`redsail_mqtt_messages_shed_total{reason="device_rate"}\`) and leaves that ` +
    `connection unread for 1/rate per dropped message (up to 10 s, and under half its keep-alive), so TCP backpressure slows the flooders ` +
    `down: the server reads a fraction of what the generator wrote and the rest waits in socket buffers. ` +
    `Written, read (accepted + shed) and held back by TCP (written − read) are shown without a target; ` +
    `accepted and shed are read from /metrics ${t.OV.settleS} s after the flood stops, with no drain waited ` +
    `for (the server would go on reading the buffered rest at the throttled rate). "Shed counted": shed > 0, ` +
    `and accepted from the flooders within what the limit lets through until then (${t.OV.flooders} × ` +
    `(${t.LIMIT.ratePerS} msg/s × seconds + ${t.LIMIT.burst})). During the flood ${t.OV.faults} well-behaved ` +
    `distribution boxes (mqtt.js, QoS ${t.faultQos}) each send one leakage reading, timed to the ` +
    `dispatcher's \`alarm:raised\` as above. Server RSS is read from /proc every second; "bounded": its max ` +
    `stays under ${t.OV.rssCeilingMb} MB (the maxima over the middle and the last third of the flood are shown ` +
    'for the trend: RSS is a sawtooth of the collector, so 30 s cannot tell a plateau from slow growth).\n\n';
  if (!r) return `${head}Not run.\n`;
  if (!r.measured) return `${head}**Not measured**: ${brief(r.error ?? r.serverDied ?? 'unknown')}\n`;
  const f = r.flood;
  const hf = r.healthDuringFlood;
  const l = r.latency;
  const pct = (x: number) => (f.written > 0 ? `${((x / f.written) * 100).toFixed(1)} %` : '—');
  const shed = Object.entries(f.shed)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  const rss = r.rss;
  const v = (x: number | undefined) => (x === undefined ? '—' : String(x));
  const rows = [
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| server process alive, \`/api/health\` after the flood | ${r.alive ? 'alive' : 'dead'}, ${r.health.status ?? r.health.error ?? '—'}${r.health.ms !== undefined ? ` in ${r.health.ms} ms` : ''} | alive, 200 | ${met(overloadUp(r))} |`,
    `| RSS start / max / at flood end / end; max over the middle / last third of the flood | ${v(rss.startMb)} / ${v(rss.maxMb)} / ${v(rss.floodEndMb)} / ${v(rss.endMb)} MB; ${v(rss.midMaxMb)} / ${v(rss.lastMaxMb)} MB | bounded: max < ${t.OV.rssCeilingMb} MB | ${met(r.rssBounded)} |`,
    `| flood messages written by the generator | ${n(f.written)} (${n(f.writtenPerS)}/s) | | |`,
    `| read by the server (accepted + shed): at flood end / ${f.countersS} s after | ${f.readAtFloodEnd === undefined ? '—' : n(f.readAtFloodEnd)} / ${n(f.read)} (${pct(f.read)} of written) | | |`,
    `| held back by TCP (written − read ${f.countersS} s after the flood) | ${n(f.heldBack)} (${pct(f.heldBack)}) | | |`,
    `| accepted from the flooders (over ${f.windowS} s) | ${n(f.accepted)} (${n(f.acceptedPerS)}/s) | ≤ ${n(f.limitMax)} (the per-device limit) | |`,
    `| shed at the edge (\`redsail_mqtt_messages_shed_total\`) | ${n(f.shedTotal)} (${n(f.shedPerS)}/s${shed ? `; ${shed}` : ''}) | counted: > 0, accepted within the limit | ${met(f.shedCounted)} |`,
    `| \`/api/health\` once a second during the flood: p50 / p99 / max, failed | ${hf ? `${ms(hf.latency.p50Ms)} / ${ms(hf.latency.p99Ms)} / ${ms(hf.latency.maxMs)}, ${hf.failed} failed` : '—'} | | |`,
    `| history points shed / flooding connections closed by the server | ${f.historyShed} / ${f.closedByServer} | | |`,
    `| server CPU / generator CPU over the flood (100 % = one core) | ${r.serverCpuPct ?? '—'} % / ${r.generatorCpuPct ?? '—'} % | | |`,
    `| server event-loop lag p99 over the flood | ${ms(r.lagP99Ms)} | | |`,
    `| fault alarms received | ${r.alarms.received} / ${r.alarms.expected}${r.alarms.missing.length ? ` (missing e.g. ${r.alarms.missing.slice(0, 3).join(', ')})` : ''} | all ${t.OV.faults} | ${met(allAlarms(r, t.OV.faults))} |`,
    `| fault latency p50 / p99 / max | ${ms(l.p50Ms)} / ${ms(l.p99Ms)} / ${ms(l.maxMs)} | p99 < ${t.p99Ms} ms | ${met(latencyMet(t, r, t.OV.faults))} |`,
    `| split at \`raisedAt\`: publish → ingest / ingest → socket, p50 | ${ms(r.toIngest.p50Ms)} / ${ms(r.fromIngest.p50Ms)} | | |`,
    `| split at \`raisedAt\`: publish → ingest / ingest → socket, p99 | ${ms(r.toIngest.p99Ms)} / ${ms(r.fromIngest.p99Ms)} | | |`,
    `| store group commits over the flood: count, mean; longer than 10 / 25 / 50 ms | ${r.commits ? `${n(r.commits.n)}, ${ms(r.commits.meanMs)}; ${r.commits.over10Ms} / ${r.commits.over25Ms} / ${r.commits.over50Ms}` : '—'} | | |`,
  ];
  const notes: string[] = [];
  if (r.error) notes.push(`Run failed after measuring: ${brief(r.error)}.`);
  if (r.serverDied) notes.push(`Server ${brief(r.serverDied)}.`);
  return `${head}${rows.join('\n')}\n${notes.length ? `\n${notes.join(' ')}\n` : ''}`;
}

const overloadUp = (r: OverloadResult) => r.alive && r.health.status === 200;

function latencyFigure(l: Latency, alarms: { received: number }, n: number): string {
  const missing = alarms.received < n ? `; ${alarms.received}/${n} alarms` : '';
  return `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}${missing}`;
}

const notMeasured = (r: { error?: string; serverDied?: string }) =>
  `not measured: ${brief(r.error ?? r.serverDied ?? 'unknown').slice(0, 120)}`;

function summary(t: AlarmTargets, results: AlarmResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const target = `p99 < ${t.p99Ms} ms`;
  const lr = results.latency;
  if (lr) {
    rows.push({
      scenario: `alarm latency under ${t.LAT.rate.toLocaleString('en')} msg/s (${t.LAT.faults} faults)`,
      figure: lr.measured ? latencyFigure(lr.latency, lr.alarms, t.LAT.faults) : notMeasured(lr),
      target,
      met: lr.measured && latencyMet(t, lr, t.LAT.faults),
    });
  }
  const o = results.overload;
  if (o) {
    const f = o.flood;
    const scenario = `overload: ${t.OV.flooders} publishers flooding ${t.OV.floodS} s`;
    rows.push({
      scenario,
      figure: o.measured
        ? `${overloadUp(o) ? 'up' : 'DOWN'}; RSS max ${o.rss.maxMb ?? '—'} MB; shed ${f.shedTotal.toLocaleString('en')} ` +
          `(${f.shedPerS.toLocaleString('en')}/s); lag p99 ${ms(o.lagP99Ms)}`
        : notMeasured(o),
      target: 'up, bounded RSS, shed counted',
      met: o.measured && overloadUp(o) && o.rssBounded === true && f.shedCounted,
    });
    if (o.measured) {
      const held = f.written > 0 ? ` (${((f.heldBack / f.written) * 100).toFixed(0)} % held back)` : '';
      rows.push({
        scenario: `${scenario}: written / read by the server / held back by TCP`,
        figure: `${f.written.toLocaleString('en')} / ${f.read.toLocaleString('en')} / ${f.heldBack.toLocaleString('en')}${held}`,
      });
    }
    rows.push({
      scenario: `overload: fault alarm latency (${t.OV.faults} faults)`,
      figure: o.measured ? latencyFigure(o.latency, o.alarms, t.OV.faults) : notMeasured(o),
      target,
      met: o.measured && latencyMet(t, o, t.OV.faults),
    });
  }
  rows.push(...liftedSummary(results.lifted));
  return rows;
}

export function alarmReport(t: AlarmTargets, results: AlarmResults): Report {
  const markdown =
    `${latencyMd(t, results.latency)}\n${overloadMd(t, results.overload)}` +
    (results.lifted ? `\n${liftedMd(results.lifted)}` : '');
  return { markdown, summary: summary(t, results) };
}
