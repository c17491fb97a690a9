// What the ingest benchmark reports: per broker and QoS the best sustained step, why stepping
// stopped, the ratios to Mosquitto and bare aedes, and the summary rows against the targets.
import { loadAvg } from './common';
import { BOX_READING } from './readings';
import type { TargetName } from './brokers';
import type { Report, SummaryRow } from './report';

export interface Step {
  target: TargetName;
  qos: 0 | 1;
  offered: number;
  /** PUBLISH packets the generator actually wrote, per second. */
  sentPerS: number;
  /** Accepted (Redsail) or delivered (Mosquitto, aedes) per second. */
  acceptedPerS: number;
  /** PUBACKs received by the publishers per second (QoS 1). */
  ackedPerS: number;
  blockedPerS: number;
  /** Broker / server process CPU over the window (100 = one core). */
  cpuPct: number;
  rssMb: number;
  /** The generator's CPU: near 100 means the generator, not the broker, may be the limit. */
  genCpuPct: number;
  lagP99Ms?: number;
  /** Redsail: mean duration of one group commit to the store over the window. */
  commitMs?: number;
  commitRowsPerS?: number;
  edgeShedPerS?: number;
  historyShedPerS?: number;
  rejectedPerS?: number;
  sustained: boolean;
  died?: string;
}

export interface IngestConfig {
  CONNECTIONS: number;
  RATES: number[];
  STEP_S: number;
  SETTLE_S: number;
  TARGETS: TargetName[];
  QOS: (0 | 1)[];
  WINDOW: number;
  HISTORY_SHED_MAX: number;
}

const TARGET_RATE = { 0: 30_000, 1: 15_000 } as const;
const TARGET_RATIO = 0.7;
const LABEL: Record<TargetName, string> = {
  redsail: 'Redsail (accepted)',
  mosquitto: 'Mosquitto (delivered)',
  aedes: 'bare aedes (delivered)',
};

export interface Best {
  sustained: number;
  peak: number;
  step?: Step;
}

export function best(steps: Step[], target: TargetName, qos: 0 | 1): Best {
  const mine = steps.filter((s) => s.target === target && s.qos === qos);
  const ok = mine.filter((s) => s.sustained);
  const top = ok.reduce<Step | undefined>(
    (a, s) => (!a || s.acceptedPerS > a.acceptedPerS ? s : a),
    undefined,
  );
  return {
    sustained: top?.acceptedPerS ?? 0,
    peak: Math.max(0, ...mine.map((s) => s.acceptedPerS)),
    ...(top && { step: top }),
  };
}

/** Why stepping stopped: the first step below 90 %, the broker dying, or the last rate passing. */
function stoppedBy(c: IngestConfig, steps: Step[], target: TargetName, qos: 0 | 1): string {
  const mine = steps.filter((s) => s.target === target && s.qos === qos);
  if (mine.length === 0) return 'not run';
  const dead = mine.find((s) => s.died);
  if (dead) return `broker ${dead.died} (${(dead.offered / 1000).toFixed(0)} k offered)`;
  const fail = mine.find((s) => !s.sustained);
  if (!fail) return mine.at(-1)?.offered === c.RATES.at(-1) ? 'highest rate passed' : 'run aborted (see log)';
  // Publishers held back with an idle generator: the broker's backpressure (QoS-1 window, TCP).
  const sent = `sent ${(fail.sentPerS / 1000).toFixed(1)} k`;
  const held =
    fail.sentPerS >= 0.95 * fail.offered
      ? ''
      : fail.genCpuPct >= 90
        ? `, generator at its limit (${sent})`
        : `, publishers held back by the broker (${sent})`;
  const shed =
    (fail.historyShedPerS ?? 0) > c.HISTORY_SHED_MAX * fail.offered
      ? `, store behind: ${(fail.historyShedPerS! / 1000).toFixed(1)} k/s of history shed`
      : '';
  return `${(fail.acceptedPerS / 1000).toFixed(1)} k of ${(fail.offered / 1000).toFixed(0)} k${held}${shed}`;
}

function table(c: IngestConfig, steps: Step[]): string {
  const k = (n: number) => `${(n / 1000).toFixed(1)} k`;
  const rows = [
    '| target | QoS | sustained msg/s (≥ 90 % of offered) | peak msg/s | at offered | CPU % | RSS MB | loop lag p99 | stopped by |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const qos of c.QOS) {
    for (const t of c.TARGETS) {
      const b = best(steps, t, qos);
      const s = b.step;
      rows.push(
        `| ${LABEL[t]} | ${qos} | ${k(b.sustained)} | ${k(b.peak)} | ${s ? k(s.offered) : '—'} | ${s?.cpuPct ?? '—'} | ${s?.rssMb ?? '—'} | ${s?.lagP99Ms !== undefined ? `${s.lagP99Ms} ms` : '—'} | ${stoppedBy(c, steps, t, qos)} |`,
      );
    }
  }
  rows.push('', '| QoS | Redsail / Mosquitto | Redsail / bare aedes |', '|---|---|---|');
  for (const qos of c.QOS) {
    const r = best(steps, 'redsail', qos).sustained;
    const m = best(steps, 'mosquitto', qos).sustained;
    const a = best(steps, 'aedes', qos).sustained;
    const ratio = (x: number) => (x > 0 && r > 0 ? (r / x).toFixed(2) : '—');
    rows.push(`| ${qos} | ${ratio(m)} | ${ratio(a)} |`);
  }
  return rows.join('\n');
}

function summary(c: IngestConfig, steps: Step[]): SummaryRow[] {
  const conns = c.CONNECTIONS.toLocaleString('en');
  const rows: SummaryRow[] = [];
  for (const qos of c.QOS) {
    const r = best(steps, 'redsail', qos);
    const m = best(steps, 'mosquitto', qos).sustained;
    const s = r.step;
    rows.push({
      scenario: `ingest, ${conns} connections, QoS ${qos}: accepted through the pipeline`,
      figure:
        `${(r.sustained / 1000).toFixed(1)} k msg/s` +
        (s ? ` (CPU ${s.cpuPct} %, RSS ${s.rssMb} MB, lag p99 ${s.lagP99Ms ?? '?'} ms)` : ''),
      target: `≥ ${TARGET_RATE[qos] / 1000} k msg/s`,
      met: r.sustained >= TARGET_RATE[qos],
    });
    if (c.TARGETS.includes('mosquitto')) {
      rows.push({
        scenario: `ingest, ${conns} connections, QoS ${qos}: Redsail / Mosquitto`,
        figure:
          m > 0 ? `${(r.sustained / m).toFixed(2)}× (Mosquitto ${(m / 1000).toFixed(1)} k)` : 'Mosquitto —',
        target: `≥ ${TARGET_RATIO}×`,
        met: m > 0 && r.sustained >= TARGET_RATIO * m,
      });
    }
  }
  return rows;
}

/** The report for the suite runner, and the table alone (printed and kept in the raw result). */
export function ingestReport(c: IngestConfig, steps: Step[], load0: number[]): Report & { table: string } {
  const conns = c.CONNECTIONS.toLocaleString('en');
  const bytes = Buffer.byteLength(BOX_READING);
  const t = table(c, steps);
  const markdown = [
    `### Ingest, ${conns} connections`,
    '',
    `${conns} MQTT 3.1.1 connections from a raw-socket generator in its own process, publishing a ` +
      `${bytes}-byte distribution-box reading at stepped rates ` +
      `(${c.RATES.map((r) => `${r / 1000} k`).join(', ')} msg/s; ${c.STEP_S - c.SETTLE_S} s measured after ${c.SETTLE_S} s), ` +
      `QoS ${c.QOS.join(' and ')}${c.QOS.includes(1) ? ` (${c.WINDOW} unacknowledged per client)` : ''}. ` +
      'Redsail counts messages accepted through validate → state → rules → batched store (per-device limit ' +
      'raised out of the way); Mosquitto and bare aedes count what one subscriber receives. A rate is ' +
      'sustained while ≥ 90 % of it gets through (for Redsail: and the write queue sheds no more than 1 % of ' +
      `it from the telemetry history because the store fell behind). Load average at the start ${loadAvg(load0)}.`,
    '',
    t,
  ].join('\n');
  return { markdown, summary: summary(c, steps), table: t };
}
