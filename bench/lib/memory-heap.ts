// The memory benchmark's heap view (opt-in, --heap-snapshot): the server runs with
// --heapsnapshot-signal, we ask it for a V8 heap snapshot before and after the devices connect and
// sum the objects' own sizes by constructor (objects, native objects) or by kind (strings, arrays,
// closures, code...). The difference says which objects the idle connections hold.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

export interface HeapSummary {
  file: string;
  totalBytes: number;
  nodes: number;
  groups: Map<string, HeapGroup>;
}

export interface HeapDelta {
  name: string;
  count: number;
  bytes: number;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Reads a .heapsnapshot and sums self sizes per constructor / kind. */
export function summarizeSnapshot(file: string): HeapSummary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let totalBytes = 0;
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType] ?? 0] ?? '?';
    const size = nodes[i + iSize] ?? 0;
    totalBytes += size;
    const name =
      type === 'object' || type === 'native'
        ? (snap.strings[nodes[i + iName] ?? 0] ?? '?')
        : type === 'closure'
          ? '(closures)'
          : `(${type})`;
    const g = groups.get(name);
    if (g) {
      g.count++;
      g.bytes += size;
    } else groups.set(name, { name, count: 1, bytes: size });
  }
  return { file, totalBytes, nodes: nodes.length / width, groups };
}

/** The groups that grew most from `a` to `b`. */
export function heapDelta(a: HeapSummary, b: HeapSummary, top = 15): HeapDelta[] {
  const out: HeapDelta[] = [];
  for (const g of b.groups.values()) {
    const before = a.groups.get(g.name);
    out.push({ name: g.name, count: g.count - (before?.count ?? 0), bytes: g.bytes - (before?.bytes ?? 0) });
  }
  return out.sort((x, y) => y.bytes - x.bytes).slice(0, top);
}

/**
 * Sends SIGUSR2 to a server started with --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>, waits
 * for the new file, then for the server to answer again (it writes the snapshot on its main thread).
 */
export async function takeSnapshot(
  pid: number,
  dir: string,
  responsive: () => Promise<unknown>,
  timeoutMs = 60_000,
): Promise<string> {
  const list = () =>
    existsSync(dir)
      ? new Set(readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')))
      : new Set<string>();
  const before = list();
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (Date.now() > until) throw new Error(`no heap snapshot in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
    const fresh = [...list()].find((f) => !before.has(f));
    if (!fresh) continue;
    const file = path.join(dir, fresh);
    // The server writes it on its main thread: once it answers again, the file is complete.
    for (;;) {
      try {
        await responsive();
        break;
      } catch (err) {
        if (!alive(pid)) throw new Error('the server died while writing a heap snapshot');
        if (Date.now() > until) throw new Error(`no answer after the heap snapshot: ${causeOf(err)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // Size stable once the server answers; one more look to be safe.
    const size = statSync(file).size;
    await new Promise((r) => setTimeout(r, 250));
    if (statSync(file).size === size) return file;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: unknown };
  return e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message;
}

export function removeSnapshot(file: string): void {
  rmSync(file, { force: true });
}
