// The device-auth benchmark's figures and how they read: the summary against the targets (all
// online ≤ 10 s; telemetry not starved and alarms on time during the storm) and the markdown section.
import { int, loadAvg } from './common';
import type { SummaryRow } from './report';
import type { Latency } from './stats';

export const TARGET_S = 10;
/** Telemetry counts as not starved when the acknowledged rate holds this share of the offered one. */
export const KEPT_SHARE = 0.9;
export const ALARM_P99_MS = 250;

export interface Pass {
  ok: number;
  failed: number;
  s: number;
  cpuS: number;
  firstError?: string;
}

export interface Migration {
  devices: number;
  migrated: number;
  scrypt: Pass;
  hmac: Pass;
}

interface Alarms {
  latency: Latency;
  /** Publish → the server's raisedAt, and raisedAt → received (same machine's wall clock). */
  toIngest: Latency;
  fromIngest: Latency;
  expected: number;
  received: number;
}

export interface Storm extends Pass {
  devices: number;
  /** Until every CONNACK; `s` is until every first reading is acknowledged. */
  connackS: number;
  /** Server CPU seconds beyond what the steady load alone costs over the same time. */
  extraCpuS: number;
  steady: number;
  offeredPerS: number;
  rateBefore: number;
  rateDuring: number;
  alarmsBefore: Alarms;
  alarmsDuring: Alarms;
}

export interface Config {
  atOnce: number;
  load0: number[];
  load1: number[];
}

const ms = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(1)} ms`);
const perDev = (p: Pass) => `${((p.cpuS / Math.max(1, p.ok)) * 1000).toFixed(2)} ms`;
const alarms = (a: Alarms) =>
  `p50 ${ms(a.latency.p50Ms)}, p99 ${ms(a.latency.p99Ms)}, max ${ms(a.latency.maxMs)} (${a.received} of ${a.expected}; ` +
  `p99 publish → raised ${ms(a.toIngest.p99Ms)}, raised → console ${ms(a.fromIngest.p99Ms)})`;

export function summary(st: Storm, mig: Migration): SummaryRow[] {
  const all = st.ok === st.devices;
  return [
    {
      scenario: `device-auth: ${int(st.devices)} devices reconnecting at once after a restart, all online`,
      figure:
        `${st.s.toFixed(1)} s (connected in ${st.connackS.toFixed(1)} s)` +
        (all ? '' : `, ${int(st.ok)} of ${int(st.devices)} online`),
      target: `≤ ${TARGET_S} s`,
      met: all && st.s <= TARGET_S,
    },
    {
      scenario: `device-auth: telemetry of ${st.steady} connected devices during the storm (QoS 1 acknowledged)`,
      figure: `${int(st.rateDuring)} msg/s of ${int(st.offeredPerS)} offered (${int(st.rateBefore)} before)`,
      target: `≥ ${KEPT_SHARE * 100} % of offered`,
      met: st.rateDuring >= KEPT_SHARE * st.offeredPerS,
    },
    {
      scenario: 'device-auth: alarm to console during the storm, p99',
      figure: ms(st.alarmsDuring.latency.p99Ms),
      target: `≤ ${ALARM_P99_MS} ms`,
      met:
        st.alarmsDuring.received === st.alarmsDuring.expected &&
        (st.alarmsDuring.latency.p99Ms ?? Infinity) <= ALARM_P99_MS,
    },
    {
      scenario: `device-auth: ${int(mig.devices)} devices with scrypt hashes (migration run), all online`,
      figure: `${mig.scrypt.s.toFixed(1)} s, ${perDev(mig.scrypt)} server CPU each; again with HMAC ${mig.hmac.s.toFixed(1)} s, ${perDev(mig.hmac)} each`,
    },
  ];
}

export function markdown(cfg: Config, st: Storm, mig: Migration, rows: SummaryRow[]): string {
  const pass = (what: string, p: Pass, n: number) =>
    `| ${what} | ${int(p.ok)} of ${int(n)}${p.failed ? ` (${p.failed} refused: ${p.firstError ?? '?'})` : ''} | ${p.s.toFixed(2)} s | ${int(p.ok / p.s)}/s | ${p.cpuS.toFixed(2)} s | ${perDev(p)} |`;
  return [
    '### Device authentication (HMAC-SHA256 device secrets, connect storm)',
    '',
    `The real server on SQLite with ${int(st.devices)} distribution boxes plus ${st.steady} steady, ` +
      `${st.alarmsBefore.expected + st.alarmsDuring.expected} fault and ${int(mig.devices)} legacy devices ` +
      `registered by bulk import; the legacy devices then given scrypt hashes (cost 1024, as stored before ` +
      `HMAC) with the server stopped. Each pass restarts the server on that data and connects its devices ` +
      `on raw sockets, ${cfg.atOnce} CONNECTs in flight; in the storm each device, once all are connected, sends one reading (QoS 1), and counts as online when it is acknowledged. During the storm ${st.steady} devices already ` +
      `connected publish QoS 1 at ${int(st.offeredPerS)} msg/s in all, and fault devices raise a leakage ` +
      `alarm every 100 ms, timed to a dispatcher's Socket.IO \`alarm:raised\`. Load average ` +
      `${loadAvg(cfg.load0)} at the start, ${loadAvg(cfg.load1)} at the end.`,
    '',
    '| scenario | reached | target | met |',
    '|---|---:|---|:-:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.figure} | ${r.target ?? '—'} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| pass | online | time | rate | server CPU | CPU per device |',
    '|---|---:|---:|---:|---:|---:|',
    pass(`storm: ${int(st.devices)} devices (HMAC), connect and first reading`, st, st.devices),
    pass(`migration: ${int(mig.devices)} devices, scrypt hashes`, mig.scrypt, mig.devices),
    pass(`the same ${int(mig.devices)} again, HMAC`, mig.hmac, mig.devices),
    '',
    `The storm's server CPU beyond the steady load's: ${st.extraCpuS.toFixed(2)} s, ` +
      `${((st.extraCpuS / Math.max(1, st.ok)) * 1000).toFixed(2)} ms per device (connect and first reading). ` +
      `Hashes replaced by the HMAC form after the migration pass: ${int(mig.migrated)} of ${int(mig.devices)}. ` +
      `Steady telemetry acknowledged: ${int(st.rateBefore)} msg/s before the storm, ${int(st.rateDuring)} msg/s ` +
      `during it. Alarm to console before the storm: ${alarms(st.alarmsBefore)}; during it: ${alarms(st.alarmsDuring)}.`,
    '',
  ].join('\n');
}
