// What the cluster benchmark reports: the three set-ups side by side (QoS-0 ingest sustained through
// the pipeline, alarm latency from a device's publish to a console, across Redis in the cluster), the
// CPU split by process at every measured step, and the summary rows (only SQLite has a target).
import type { FieldName } from './cluster-field';
import { int, loadAvg } from './common';
import type { Report, SummaryRow } from './report';
import type { Latency } from './stats';

export interface ClusterStep {
  field: FieldName;
  offered: number;
  sentPerS: number;
  /** Summed over the nodes (received − rejected, from /metrics). */
  acceptedPerS: number;
  edgeShedPerS: number;
  historyShedPerS: number;
  /** Mean group commit over the nodes' commits in the window. */
  commitMs?: number;
  /** The worst node's event-loop lag p99. */
  lagP99Ms: number;
  /** CPU by role over the window, 100 = one core (`node-1`…, `postgres`, `redis`, `generator`, `bench`). */
  cpu: Record<string, number>;
  machinePct?: number;
  sustained: boolean;
  died?: string;
}

export interface ClusterAlarm {
  field: FieldName;
  expected: number;
  received: number;
  latency: Latency;
  toIngest: Latency;
  fromIngest: Latency;
  /** Where the device and the console are connected (node names). */
  deviceNode: string;
  consoleNode: string;
  backgroundAcceptedPerS: number;
  cpu: Record<string, number>;
  machinePct?: number;
}

export interface ClusterConfig {
  /** The set-ups run, in order (`--only`). */
  fields: FieldName[];
  connections: number;
  rates: number[];
  stepS: number;
  settleS: number;
  nodes: number;
  targetQos0: number;
  alarm: { background: number; faults: number; perS: number; rule: string };
}

const LABEL: Record<FieldName, (nodes: number) => string> = {
  sqlite: () => '(a) SQLite, 1 node',
  postgres: () => '(b) PostgreSQL, 1 node',
  cluster: (nodes) => `(c) ${nodes} nodes, PostgreSQL + Redis`,
};

const k = (n: number) => `${(n / 1000).toFixed(1)} k`;
const ms = (l: Latency) => (l.count ? `${l.p50Ms} / ${l.p99Ms} ms` : '—');

export function bestStep(steps: ClusterStep[], f: FieldName): ClusterStep | undefined {
  return steps
    .filter((s) => s.field === f && s.sustained)
    .reduce<ClusterStep | undefined>((a, s) => (!a || s.acceptedPerS > a.acceptedPerS ? s : a), undefined);
}

function stoppedBy(c: ClusterConfig, steps: ClusterStep[], f: FieldName): string {
  const mine = steps.filter((s) => s.field === f);
  if (mine.length === 0) return 'not run';
  const fail = mine.find((s) => !s.sustained);
  if (!fail) return mine.at(-1)?.offered === c.rates.at(-1) ? 'highest rate passed' : 'run aborted';
  if (fail.died) return fail.died;
  const why =
    fail.historyShedPerS > 0.01 * fail.offered
      ? `, store behind (${k(fail.historyShedPerS)}/s history shed)`
      : '';
  return `${k(fail.acceptedPerS)} of ${k(fail.offered)}${why}`;
}

/** CPU of the server side (every role but the generator and the bench process), 100 = one core. */
function serverCpu(s: ClusterStep | undefined): number | undefined {
  if (!s) return undefined;
  return Object.entries(s.cpu)
    .filter(([role]) => role !== 'generator' && role !== 'bench')
    .reduce((a, [, p]) => a + p, 0);
}

const per10k = (s: ClusterStep | undefined) => {
  const cpu = serverCpu(s);
  return s && cpu !== undefined && s.acceptedPerS > 0
    ? Math.round((cpu / s.acceptedPerS) * 10_000)
    : undefined;
};
const pct = (p: number | undefined) => (p === undefined ? '—' : `${p} %`);

function sideBySide(c: ClusterConfig, steps: ClusterStep[], alarms: ClusterAlarm[]): string {
  const col = (fn: (f: FieldName) => string) => `| ${c.fields.map(fn).join(' | ')} |`;
  const best = (f: FieldName) => bestStep(steps, f);
  const alarm = (f: FieldName) => alarms.find((a) => a.field === f);
  const rows: [string, (f: FieldName) => string][] = [
    ['QoS 0 sustained, accepted msg/s', (f) => (best(f) ? k(best(f)!.acceptedPerS) : '0')],
    ['… at offered', (f) => (best(f) ? k(best(f)!.offered) : '—')],
    ['stepping stopped by', (f) => stoppedBy(c, steps, f)],
    ['loop lag p99 (worst node) at that step', (f) => (best(f) ? `${best(f)!.lagP99Ms} ms` : '—')],
    [
      'store commit mean at that step',
      (f) => (best(f)?.commitMs !== undefined ? `${best(f)!.commitMs} ms` : '—'),
    ],
    ['server-side CPU at that step (nodes + PostgreSQL + Redis)', (f) => pct(serverCpu(best(f)))],
    ['… per 10 k msg/s accepted', (f) => pct(per10k(best(f)))],
    ['alarm latency p50 / p99', (f) => (alarm(f) ? ms(alarm(f)!.latency) : '—')],
    ['… max', (f) => (alarm(f)?.latency.maxMs !== undefined ? `${alarm(f)!.latency.maxMs} ms` : '—')],
    ['… publish → ingest p50 / p99', (f) => (alarm(f) ? ms(alarm(f)!.toIngest) : '—')],
    ['… ingest → console p50 / p99', (f) => (alarm(f) ? ms(alarm(f)!.fromIngest) : '—')],
    ['alarms received', (f) => (alarm(f) ? `${alarm(f)!.received} / ${alarm(f)!.expected}` : '—')],
    ['device → console', (f) => (alarm(f) ? `${alarm(f)!.deviceNode} → ${alarm(f)!.consoleNode}` : '—')],
  ];
  return [
    `| | ${c.fields.map((f) => LABEL[f](c.nodes)).join(' | ')} |`,
    `|---|${c.fields.map(() => '---:').join('|')}|`,
    ...rows.map(([name, fn]) => `| ${name} ${col(fn)}`),
  ].join('\n');
}

/** The machine's busy CPU that none of ours used: other work competing for the cores. */
function others(cpu: Record<string, number>, machine: number | undefined): string {
  if (machine === undefined) return '—';
  return `${Math.max(0, machine - Object.values(cpu).reduce((a, b) => a + b, 0))}`;
}

function cpuTable(c: ClusterConfig, steps: ClusterStep[], alarms: ClusterAlarm[]): string {
  const cell = (cpu: Record<string, number>, r: string) => (cpu[r] === undefined ? '—' : `${cpu[r]}`);
  const seen = new Set([...steps, ...alarms].flatMap((x) => Object.keys(x.cpu)));
  // Nodes first, then the shared services, then the load.
  const rank = (r: string) => ['postgres', 'redis', 'generator', 'bench'].indexOf(r);
  const roles = [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
  const out = [
    `| set-up | load | accepted msg/s | ${roles.join(' | ')} | machine | others |`,
    `|---|---|---:|${roles.map(() => '---:').join('|')}|---:|---:|`,
  ];
  for (const f of c.fields) {
    const a = alarms.find((x) => x.field === f);
    const line = (load: string, acc: number, cpu: Record<string, number>, m?: number) =>
      out.push(
        `| ${LABEL[f](c.nodes)} | ${load} | ${int(acc)} | ${roles.map((r) => cell(cpu, r)).join(' | ')} | ${m ?? '—'} | ${others(cpu, m)} |`,
      );
    if (a) line('alarm probe', a.backgroundAcceptedPerS, a.cpu, a.machinePct);
    for (const s of steps.filter((x) => x.field === f))
      line(
        `${k(s.offered)} offered${s.sustained ? '' : ' (not sustained)'}`,
        s.acceptedPerS,
        s.cpu,
        s.machinePct,
      );
  }
  return out.join('\n');
}

function summary(c: ClusterConfig, steps: ClusterStep[], alarms: ClusterAlarm[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const f of c.fields) {
    const s = bestStep(steps, f);
    const cpu = s
      ? Object.entries(s.cpu)
          .map(([r, p]) => `${r} ${p}`)
          .join(', ')
      : '';
    const row: SummaryRow = {
      scenario: `cluster bench ${LABEL[f](c.nodes)}: QoS 0 ingest, ${int(c.connections)} connections, accepted`,
      figure: s ? `${k(s.acceptedPerS)} msg/s at ${k(s.offered)} offered (CPU % ${cpu})` : '0 msg/s',
    };
    if (f === 'sqlite') {
      row.target = `≥ ${c.targetQos0 / 1000} k msg/s offered, sustained`;
      row.met = !!s && s.offered >= c.targetQos0;
    }
    rows.push(row);
    const a = alarms.find((x) => x.field === f);
    if (a)
      rows.push({
        scenario: `cluster bench ${LABEL[f](c.nodes)}: alarm latency, device on ${a.deviceNode}, console on ${a.consoleNode}`,
        figure: `p50 ${a.latency.p50Ms ?? '—'} ms, p99 ${a.latency.p99Ms ?? '—'} ms (${a.received}/${a.expected})`,
      });
  }
  return rows;
}

export function clusterReport(
  c: ClusterConfig,
  steps: ClusterStep[],
  alarms: ClusterAlarm[],
  load0: number[],
  cores: number,
): Report & { tables: string } {
  const tables = `${sideBySide(c, steps, alarms)}\n\nCPU by process, % of one core (${cores} cores = ${cores * 100} %; "bench": the bench process, with the fault devices and the console; "machine": all busy time on the machine; "others": the part of it no process of this run used):\n\n${cpuTable(c, steps, alarms)}`;
  const markdown = [
    '### Cluster: SQLite, PostgreSQL, and 3 nodes on PostgreSQL + Redis',
    '',
    `The same scenario on three set-ups, each started fresh: ${int(c.connections)} distribution boxes ` +
      `from one raw-socket generator process (in (c) connection i goes to node i mod ${c.nodes}), per-device ` +
      'limit raised out of the way. First the alarm probe: the fleet sends ' +
      `${int(c.alarm.background)} msg/s while ${c.alarm.faults} other boxes (mqtt.js in the bench process, ` +
      `QoS 1) send one \`${c.alarm.rule}\` fault each, ${c.alarm.perS}/s; latency = \`alarm:raised\` at a ` +
      "dispatcher's Socket.IO client − just before the publish; in (c) the devices are on node-1 and the " +
      `console on node-${c.nodes}, so the alarm crosses Redis. Then QoS-0 ingest at stepped rates ` +
      `(${c.rates.map((r) => `${r / 1000} k`).join(', ')} msg/s, ${c.stepS - c.settleS} s measured after ` +
      `${c.settleS} s), accepted summed over the nodes' /metrics, sustained as in the ingest benchmark ` +
      '(≥ 90 % of offered accepted, ≤ 1 % shed from the history). PostgreSQL runs with fsync off. ' +
      `Everything shares this machine's ${cores} cores: nodes, PostgreSQL, Redis, generator and probes. ` +
      `Load average at the start ${loadAvg(load0)}.`,
    '',
    tables,
  ].join('\n');
  return { markdown, summary: summary(c, steps, alarms), tables };
}
