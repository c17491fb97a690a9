// Reads one sample from the server's /metrics (Prometheus text format).
import type { TestServer } from './server';

export async function metricValue(
  s: TestServer,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(`${s.httpUrl}/metrics`);
  const text = await res.text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const l = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`))) total += Number(m[3]);
  }
  return total;
}
