// Reads the V8 CPU profiles a server wrote under BENCH_CPU_PROF (one file per thread, named
// CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile) and sums self time over a window given on the
// monotonic clock (process.hrtime, in µs: V8 stamps its samples with the same clock on Linux), by
// function and by area (a package under node_modules, a folder of server/src, Node internals, GC).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  selfMs: number;
  /** Of the window's wall time on this thread. */
  share: number;
}

export interface ThreadProfile {
  file: string;
  thread: number;
  windowMs: number;
  /** Share of the window spent running (not idle). */
  busy: number;
  areas: Share[];
  hot: Share[];
}

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node internals';
  const src = url.indexOf('/server/src/');
  if (src >= 0) {
    const rest = url.slice(src + '/server/src/'.length).split('/');
    return `server/src/${rest.length > 1 ? rest[0] : ''}`;
  }
  const devices = url.indexOf('/devices/');
  if (devices >= 0) return 'devices';
  return path.basename(url);
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const nm = url.lastIndexOf('/node_modules/');
  const where =
    nm >= 0 ? url.slice(nm + '/node_modules/'.length) : url.replace(/^.*\/(server|devices)\//, '$1/');
  // Our TypeScript runs transformed by tsx, whose line numbers do not match the source: file only.
  const line = nm >= 0 || url.startsWith('node:') ? `:${lineNumber + 1}` : '';
  return `${name} ${where.replace(/^file:\/\//, '')}${line}`;
}

function top(map: Map<string, number>, windowMs: number, n: number): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      selfMs: Math.round(us / 1000),
      share: Math.round((us / 1000 / windowMs) * 1000) / 1000,
    }));
}

/** The profiles of process `pid` in `dir`, each summed over [fromUs, toUs). */
export function analyseProfiles(
  dir: string,
  pid: number,
  fromUs: number,
  toUs: number,
  topN = 15,
): ThreadProfile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid));
  return files.map((file) => {
    const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const fns = new Map<string, number>();
    const areas = new Map<string, number>();
    let t = p.startTime;
    let idle = 0;
    let total = 0;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i] ?? 0;
      if (t < fromUs || t >= toUs) continue;
      // A sample stands for the time until the next one.
      const us = p.timeDeltas[i + 1] ?? 0;
      const node = byId.get(p.samples[i] ?? -1);
      if (!node) continue;
      total += us;
      if (node.callFrame.functionName === '(idle)') {
        idle += us;
        continue;
      }
      const l = label(node);
      fns.set(l, (fns.get(l) ?? 0) + us);
      const a = area(node.callFrame.url, node.callFrame.functionName);
      areas.set(a, (areas.get(a) ?? 0) + us);
    }
    const windowMs = (toUs - fromUs) / 1000;
    return {
      file,
      thread: Number(file.split('.')[4]),
      windowMs: Math.round(windowMs),
      busy: windowMs > 0 ? Math.round(((total - idle) / 1000 / windowMs) * 1000) / 1000 : 0,
      areas: top(areas, windowMs, topN),
      hot: top(fns, windowMs, topN),
    };
  });
}
