// The alarm benchmark's third scenario, the flood with the per-device limit lifted: what it records
// (peak RSS, RSS after the quiet, the quiet devices' alarm latency, what the global admission budget
// held) and its table and summary rows.
import { met, type SummaryRow } from './report';
import type { FaultFigures, RssSample } from './alarm-results';

export interface LiftedConfig {
  flooders: number;
  floodS: number;
  quietS: number;
  chunk: number;
  faults: number;
  /** Targets: peak RSS, RSS quietS after the flood within this of the start, alarm p99. */
  peakRssMb: number;
  backWithinMb: number;
  p99Ms: number;
  ratePerS: number;
  burst: number;
}

export interface LiftedResult extends FaultFigures {
  config: LiftedConfig;
  connected: number;
  written: number;
  /** Flood messages applied by the pipeline by the end of the quiet (the faults subtracted). */
  accepted: number;
  /** … of which applied by the time the flood stopped (the rest was read from socket buffers after). */
  appliedAtStop?: number;
  /** The server's V8 heap and external memory after the quiet (/metrics). */
  after?: { heapUsedMb: number; heapTotalMb: number; externalMb: number };
  /** Messages the global admission budget held (redsail_mqtt_messages_held_total). */
  held: number;
  /** Messages merged into later readings while catching up connections far behind (shed, reason admission). */
  merged: number;
  historyShed: number;
  rss: { startMb?: number; maxMb?: number; afterMb?: number; samples: RssSample[] };
  alive: boolean;
}

export function emptyLifted(config: LiftedConfig): LiftedResult {
  const none = { count: 0 };
  return {
    ...{ config, connected: 0, written: 0, accepted: 0, held: 0, merged: 0, historyShed: 0, alive: false },
    alarms: { expected: config.faults, received: 0, missing: [], unexpected: 0, wrongRule: 0 },
    ...{ latency: none, toIngest: none, fromIngest: none, measured: false },
    rss: { samples: [] },
  };
}

const ms = (x: number | undefined) => (x === undefined ? '—' : `${x} ms`);
const v = (x: number | undefined) => (x === undefined ? '—' : `${x} MB`);
const allIn = (r: LiftedResult) => r.alarms.received === r.alarms.expected;
const peakMet = (r: LiftedResult) => r.rss.maxMb !== undefined && r.rss.maxMb <= r.config.peakRssMb;
const backMet = (r: LiftedResult) =>
  r.rss.afterMb !== undefined &&
  r.rss.startMb !== undefined &&
  r.rss.afterMb - r.rss.startMb <= r.config.backWithinMb;
const p99Met = (r: LiftedResult) =>
  allIn(r) && r.latency.p99Ms !== undefined && r.latency.p99Ms <= r.config.p99Ms;

export function liftedMd(r: LiftedResult | undefined): string {
  const head =
    `### Overload with the per-device limit lifted\n\n` +
    (r
      ? `A fresh server with \`DEVICE_RATE_PER_S=${r.config.ratePerS}\` and \`DEVICE_BURST=${r.config.burst}\` ` +
        `(as a site with many devices each at its limit) takes ${r.config.flooders} connections flooding QoS 0 ` +
        `normal readings for ${r.config.floodS} s (generator process, ${r.config.chunk} PUBLISH per write), then ` +
        `${r.config.quietS} s of quiet. Only the global admission budget (server/src/broker/admission.ts) and the catching up of connections ` +
        `far behind (catch-up.ts: their QoS-0 readings merged, one per run and read) stand between the flood and ` +
        `the server's memory. During the flood ${r.config.faults} well-behaved distribution ` +
        `boxes (mqtt.js, QoS 1) each send one leakage reading, timed to the dispatcher's \`alarm:raised\`. ` +
        `Server RSS from /proc every second.\n\n`
      : '');
  if (!r) return `${head}Not run.\n`;
  if (!r.measured) return `${head}**Not measured**: ${r.error ?? r.serverDied ?? 'unknown'}\n`;
  const n = (x: number) => x.toLocaleString('en');
  const c = r.config;
  const l = r.latency;
  const rows = [
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| server process alive after the quiet | ${r.alive ? 'alive' : 'dead'} | alive | ${met(r.alive)} |`,
    `| RSS at the start / peak | ${v(r.rss.startMb)} / ${v(r.rss.maxMb)} | peak ≤ ${c.peakRssMb} MB | ${met(peakMet(r))} |`,
    `| RSS ${c.quietS} s after the flood | ${v(r.rss.afterMb)} | within ${c.backWithinMb} MB of the start | ${met(backMet(r))} |`,
    `| fault alarms received | ${r.alarms.received} / ${r.alarms.expected} | all | ${met(allIn(r))} |`,
    `| fault latency p50 / p99 / max | ${ms(l.p50Ms)} / ${ms(l.p99Ms)} / ${ms(l.maxMs)} | p99 ≤ ${c.p99Ms} ms | ${met(p99Met(r))} |`,
    `| split at \`raisedAt\`: publish → ingest / ingest → socket, p99 | ${ms(r.toIngest.p99Ms)} / ${ms(r.fromIngest.p99Ms)} | | |`,
    `| flood messages written / applied by the server / merged into later readings | ${n(r.written)} / ${n(r.accepted)} / ${n(r.merged)} | | |`,
    `| flood messages applied by the time the flood stopped | ${r.appliedAtStop === undefined ? '—' : n(r.appliedAtStop)} | | |`,
    `| after the quiet: V8 heap used / total, external | ${r.after ? `${r.after.heapUsedMb} / ${r.after.heapTotalMb} MB, ${r.after.externalMb} MB` : '—'} | | |`,
    `| held by the admission budget / history points shed | ${n(r.held)} / ${n(r.historyShed)} | | |`,
    `| server CPU over the flood (100 % = one core), loop lag p99 | ${r.serverCpuPct ?? '—'} %, ${ms(r.lagP99Ms)} | | |`,
  ];
  const notes = [
    r.error && `Run failed after measuring: ${r.error}.`,
    r.serverDied && `Server ${r.serverDied}.`,
  ];
  const note = notes.filter(Boolean).join(' ');
  return `${head}${rows.join('\n')}\n${note ? `\n${note}\n` : ''}`;
}

export function liftedSummary(r: LiftedResult | undefined): SummaryRow[] {
  if (!r) return [];
  const c = r.config;
  const scenario = `overload, per-device limit lifted: ${c.flooders} publishers flooding ${c.floodS} s`;
  if (!r.measured) {
    const figure = `not measured: ${(r.error ?? r.serverDied ?? 'unknown').slice(0, 120)}`;
    return [{ scenario, figure, met: false }];
  }
  const l = r.latency;
  return [
    {
      scenario: `${scenario}: RSS start / peak / ${c.quietS} s after`,
      figure: `${v(r.rss.startMb)} / ${v(r.rss.maxMb)} / ${v(r.rss.afterMb)}`,
      target: `peak ≤ ${c.peakRssMb} MB, back within ${c.backWithinMb} MB`,
      met: r.alive && peakMet(r) && backMet(r),
    },
    {
      scenario: `${scenario}: quiet devices' alarm latency (${c.faults} faults)`,
      figure: `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}${allIn(r) ? '' : `; ${r.alarms.received}/${r.alarms.expected} alarms`}`,
      target: `p99 ≤ ${c.p99Ms} ms`,
      met: p99Met(r),
    },
  ];
}
