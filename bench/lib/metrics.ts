// The Redsail server's /metrics (Prometheus text) as the benchmarks read it: one scrape gives every
// counter any benchmark uses. Note that prom-client resets the event-loop lag histogram on every
// collect, so a scrape's lag p99 covers the time since the previous scrape.

/** Sums the samples of one metric in Prometheus text, optionally only those with a label pair. */
export function metricSum(text: string, name: string, label?: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z0-9_:]+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (label && !(m[2] ?? '').includes(label)) continue;
    total += Number(m[3]);
  }
  return total;
}

/** The values of one label of a metric, each with its sample. */
function byLabel(text: string, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = new RegExp(`^${name}\\{[^}]*${label}="([^"]*)"[^}]*\\}\\s+(\\S+)$`, 'gm');
  for (const m of text.matchAll(re)) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  return out;
}

export interface Scrape {
  /** Telemetry received over MQTT, and rejected whole; accepted = received − rejected. */
  received: number;
  rejected: number;
  accepted: number;
  /** Dropped at the MQTT edge, in all and by reason. */
  shedTotal: number;
  shed: Record<string, number>;
  /** Applied later because the server was over its global admission budget. */
  held: number;
  /** Telemetry history points shed because the store fell behind. */
  historyShed: number;
  alarmsRaised: number;
  /** Event-loop lag p99 since the previous scrape. */
  lagP99S: number;
  /** Group commits to the store so far: count, total seconds, rows written. */
  commits: number;
  commitS: number;
  commitRows: number;
  /** Group commits that took at most `le` seconds (the histogram's buckets), by `le`. */
  commitLe: Record<string, number>;
  /** prom-client's process and V8 figures. */
  rssBytes: number;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  heapSpaces: Record<string, number>;
  devicesConnected: number;
}

export function parseMetrics(text: string): Scrape {
  const received = metricSum(text, 'redsail_mqtt_messages_received_total', 'kind="telemetry"');
  const rejected = metricSum(text, 'redsail_mqtt_messages_rejected_total');
  return {
    received,
    rejected,
    accepted: received - rejected,
    shedTotal: metricSum(text, 'redsail_mqtt_messages_shed_total'),
    shed: byLabel(text, 'redsail_mqtt_messages_shed_total', 'reason'),
    held: metricSum(text, 'redsail_mqtt_messages_held_total'),
    historyShed: metricSum(text, 'redsail_telemetry_shed_total'),
    alarmsRaised: metricSum(text, 'redsail_alarms_raised_total'),
    lagP99S: metricSum(text, 'redsail_nodejs_eventloop_lag_p99_seconds'),
    commits: metricSum(text, 'redsail_store_commit_seconds_count'),
    commitS: metricSum(text, 'redsail_store_commit_seconds_sum'),
    commitRows: metricSum(text, 'redsail_store_rows_written_total'),
    commitLe: byLabel(text, 'redsail_store_commit_seconds_bucket', 'le'),
    rssBytes: metricSum(text, 'redsail_process_resident_memory_bytes'),
    heapTotalBytes: metricSum(text, 'redsail_nodejs_heap_size_total_bytes'),
    heapUsedBytes: metricSum(text, 'redsail_nodejs_heap_size_used_bytes'),
    externalBytes: metricSum(text, 'redsail_nodejs_external_memory_bytes'),
    heapSpaces: byLabel(text, 'redsail_nodejs_heap_space_size_used_bytes', 'space'),
    devicesConnected: metricSum(text, 'redsail_devices_connected'),
  };
}

export async function scrape(url: string, timeoutMs = 5000): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  return parseMetrics(await res.text());
}

/** Commits between two scrapes that took longer than `overS` (a bucket bound of the histogram). */
export function slowCommits(a: Scrape, b: Scrape, overS: number): number {
  const le = String(overS);
  return b.commits - a.commits - ((b.commitLe[le] ?? 0) - (a.commitLe[le] ?? 0));
}

/** Per-key difference of two maps of counters, the keys that moved only. */
export function counterDelta(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

export const sumOf = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
